"""privacy_purge: retention, --all, audit redaction, the database scan and the certificate.
These tests commit (VACUUM cannot run inside a transaction), so the raw file is real."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pypdf
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from fukyu.audit.models import AuditEvent
from fukyu.audit.services import audit_record
from fukyu.core import clock
from fukyu.core.wareki import wareki
from fukyu.privacy.models import AccessLogEntry, PersonalContact, PurgeRun
from fukyu.privacy.registry import get
from fukyu.privacy.scan import sqlite_files
from fukyu.privacy.tests.factories import make_contact, make_incident

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def media_in_tmp(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


OLD = {"name": "古川 試子", "phone": "080-3333-4444", "email": "old.test@example.jp"}
NEW = {"name": "新田 試夫", "phone": "070-5555-6666", "email": "new.test@example.jp"}


def raw_database_text() -> bytes:
    """What someone with the database (not the keys) sees: the SQLite files' bytes, or every
    text column of PostgreSQL read with a plain cursor."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(FULL)")
        return b"".join(p.read_bytes() for p in sqlite_files())
    chunks = []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns WHERE "
            "table_schema = current_schema() AND data_type IN ('text','character varying','jsonb')"
        )
        for table, column in cursor.fetchall():
            cursor.execute(f'SELECT CAST("{column}" AS TEXT) FROM "{table}"')  # noqa: S608
            chunks += [str(v).encode() for (v,) in cursor.fetchall() if v is not None]
    return b"\n".join(chunks)


def contact_on(
    contract: Any, officer: Any, values: dict[str, str], *, days_ago: int
) -> PersonalContact:
    contact = make_contact(contract, officer, **values)
    PersonalContact.objects.filter(pk=contact.pk).update(
        recorded_on=clock.today() - dt.timedelta(days=days_ago)
    )
    return contact


def leak_into_audit(officer: Any, text: str) -> AuditEvent:
    with transaction.atomic():
        return audit_record(
            actor=officer,
            action="callcenter.note",
            object_type="callcenter.note",
            object_id="1",
            note=text,
            changes={"memo": [None, text]},
        )


def pdf_text(path: Path) -> str:
    return "".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


def test_no_plaintext_at_rest(contract: Any, make_user: Any) -> None:
    officer = make_user("privacy_officer")
    make_contact(contract, officer, **NEW)
    raw = raw_database_text()
    assert b"enc1:" in raw  # the values are there, sealed
    for value in NEW.values():
        assert value.encode() not in raw
    assert b"07055556666" not in raw


def test_purge_past_retention_certifies_and_keeps_the_rest(contract: Any, make_user: Any) -> None:
    assert get("contact") is not None
    officer = make_user("privacy_officer")
    old = contact_on(contract, officer, OLD, days_ago=400)
    new = contact_on(contract, officer, NEW, days_ago=10)
    leaked = leak_into_audit(officer, f"{OLD['name']}様から再度の電話（{OLD['phone']}）")
    out = io.StringIO()
    call_command(
        "privacy_purge", "--responsible", "管理 責任者", "--user", officer.username, stdout=out
    )
    printed = out.getvalue()
    assert "連絡先（職員以外）" in printed and "匿名化 1件" in printed
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.name, old.phone, old.email, old.phone_index) == ("", "", "", "")
    assert old.anonymised and new.name == NEW["name"]  # the row stays for statistics
    leaked.refresh_from_db()
    assert leaked.redacted and OLD["name"] not in leaked.note and OLD["phone"] not in leaked.note
    assert OLD["name"] not in str(leaked.changes)
    create_rows = AuditEvent.objects.filter(
        object_type="privacy.personalcontact", object_id=str(old.pk)
    )
    assert create_rows.exists() and all(e.redacted for e in create_rows)
    raw = raw_database_text()
    for value in OLD.values():
        assert value.encode() not in raw
    run = PurgeRun.objects.get()
    assert run.verified and run.counts["contact"]["anonymised"] == 1
    path = Path(settings.MEDIA_ROOT) / run.certificate
    assert f"消去証明書: {path}" in printed
    text = pdf_text(path)
    assert "個人情報消去証明書" in text and wareki(clock.today()) in text
    assert "管理 責任者" in text and "連絡先（職員以外）" in text and "1件" in text
    log = AccessLogEntry.objects.get(action=AccessLogEntry.Action.PURGE)
    assert log.row_count == 1


def test_dry_run_changes_nothing(contract: Any, make_user: Any) -> None:
    officer = make_user("privacy_officer")
    old = contact_on(contract, officer, OLD, days_ago=400)
    out = io.StringIO()
    call_command("privacy_purge", "--dry-run", stdout=out)
    assert "消去予定 1件" in out.getvalue()
    old.refresh_from_db()
    assert old.name == OLD["name"]
    assert not PurgeRun.objects.exists() and not AccessLogEntry.objects.exists()


def test_all_erases_everything_including_callers(contract: Any, make_user: Any) -> None:
    factories = pytest.importorskip("fukyu.callcenter.tests.factories")
    officer = make_user("privacy_officer")
    contact_on(contract, officer, NEW, days_ago=1)
    inquiry = factories.make_inquiry(
        contract,
        make_user("operator"),
        caller_name="問合 試郎",
        caller_phone="090-7777-8888",
        outcome="callback",
        received_at=clock.now() - dt.timedelta(hours=2),
    )
    assert get("caller") is not None
    out = io.StringIO()
    call_command("privacy_purge", "--all", "--responsible", "管理 責任者", stdout=out)
    assert not PersonalContact.objects.exclude(name="").exists()
    caller_model = get("caller").model  # type: ignore[union-attr]
    assert not caller_model.objects.exists()
    inquiry.refresh_from_db()  # statistics stay: the inquiry itself is kept
    raw = raw_database_text()
    for value in (*NEW.values(), "問合 試郎", "090-7777-8888", "09077778888"):
        assert value.encode() not in raw
    run = PurgeRun.objects.get()
    assert run.mode == "all" and run.verified
    assert run.counts["caller"]["deleted"] == 1 and run.counts["contact"]["anonymised"] == 1
    assert "全件（契約終了）" in pdf_text(Path(settings.MEDIA_ROOT) / run.certificate)


def test_a_leftover_blocks_the_certificate(contract: Any, make_user: Any) -> None:
    officer = make_user("privacy_officer")
    contact_on(contract, officer, OLD, days_ago=400)
    # Someone typed the person's name into an incident description: not an audit row, so the
    # purge cannot redact it, and the scan must find it.
    make_incident(contract, officer, what_happened=f"{OLD['name']}様への誤送付")
    with pytest.raises(CommandError, match=r"privacy_incident\.what_happened"):
        call_command("privacy_purge", "--responsible", "管理 責任者", stdout=io.StringIO())
    run = PurgeRun.objects.get()
    assert not run.verified and run.certificate == ""


def test_purge_needs_someone_responsible(contract: Any) -> None:
    with pytest.raises(CommandError, match="--responsible"):
        call_command("privacy_purge", stdout=io.StringIO())


def test_all_before_the_contract_ends_needs_force(
    contract: Any, make_user: Any, settings: Any
) -> None:
    officer = make_user("privacy_officer")
    contact_on(contract, officer, NEW, days_ago=1)
    settings.FUKYU_TODAY = contract.settings.ends_on.isoformat()
    with pytest.raises(CommandError, match="--force"):
        call_command("privacy_purge", "--all", "--responsible", "管理 責任者")
    assert PersonalContact.objects.get().name == NEW["name"]
