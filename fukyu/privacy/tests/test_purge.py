"""privacy_purge: retention, --all, audit redaction, the database scan and the certificate.
These tests commit (VACUUM cannot run inside a transaction), so the raw file is real."""

from __future__ import annotations

import base64
import datetime as dt
import io
import os
from pathlib import Path
from typing import Any
from unittest import mock

import pypdf
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from fukyu.audit.models import AuditEvent
from fukyu.audit.services import audit_record
from fukyu.core import clock
from fukyu.core.wareki import wareki
from fukyu.privacy.crypto import DecryptionError, decrypt, keyring
from fukyu.privacy.models import AccessLogEntry, PersonalContact, PurgeRun
from fukyu.privacy.registry import get
from fukyu.privacy.scan import sqlite_files
from fukyu.privacy.tests.factories import make_contact, make_incident

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def media_in_tmp(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    # `--all` destroys the key file: each test has its own, never the shared test key file.
    settings.FUKYU_KEY_FILE = tmp_path / "keys" / "data_keys.json"


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


def test_all_destroys_the_key_file_so_backups_cannot_be_read(
    contract: Any, make_user: Any, settings: Any
) -> None:
    officer = make_user("privacy_officer")
    contact = contact_on(contract, officer, NEW, days_ago=1)
    key_file = Path(settings.FUKYU_KEY_FILE)
    assert key_file.exists()
    # A backup taken before the end of the contract: the sealed values, as a dump holds them.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, phone, email, address FROM privacy_personalcontact WHERE id = %s",
            [contact.pk],
        )
        backup = [v for v in cursor.fetchone() if v]
    columns = ("name", "phone", "email", "address")
    assert [
        decrypt(v, context=f"privacy_personalcontact.{c}")
        for c, v in zip(columns, backup, strict=True)
    ] == [NEW["name"], NEW["phone"], NEW["email"], "宮城県仙台市青葉区試験町1-2-3"]
    kids = (keyring().current, keyring().hmac_current)
    out = io.StringIO()
    call_command("privacy_purge", "--all", "--responsible", "管理 責任者", stdout=out)
    assert not key_file.exists() and not Path(f"{key_file}.lock").exists()
    assert f"暗号鍵を破棄しました（鍵ファイル {key_file}）" in out.getvalue()
    run = PurgeRun.objects.get()
    assert run.key_disposal["destroyed_file"] == str(key_file)
    assert run.key_disposal["operator_vars"] == []
    assert set(kids) <= {*run.key_disposal["data_kids"], *run.key_disposal["hmac_kids"]}
    # The backup no longer opens: the keys are gone (a fresh key file is a different key).
    for column, value in zip(columns, backup, strict=True):
        with pytest.raises(DecryptionError):
            decrypt(value, context=f"privacy_personalcontact.{column}")
    text = pdf_text(Path(settings.MEDIA_ROOT) / run.certificate)
    assert "暗号鍵の破棄" in text and "上書きしたうえで削除" in text and kids[0] in text
    assert "ハッシュ値も、元の番号と照合することはできません" in text
    assert "復号できません" in text


def test_all_with_environment_keys_reports_them_for_the_operator(
    contract: Any, make_user: Any, settings: Any
) -> None:
    env = {
        "FUKYU_DATA_KEYS": "k1:" + base64.urlsafe_b64encode(os.urandom(32)).decode(),
        "FUKYU_HMAC_KEY": base64.urlsafe_b64encode(os.urandom(32)).decode(),
    }
    with mock.patch.dict(os.environ, env):
        contact_on(contract, make_user("privacy_officer"), NEW, days_ago=1)
        out = io.StringIO()
        call_command("privacy_purge", "--all", "--responsible", "管理 責任者", stdout=out)
    printed = out.getvalue()
    assert "環境変数 FUKYU_DATA_KEYS の鍵は運用者が破棄してください" in printed
    assert "環境変数 FUKYU_HMAC_KEY の鍵は運用者が破棄してください" in printed
    run = PurgeRun.objects.get()
    assert run.verified and run.key_disposal["destroyed_file"] == ""
    assert run.key_disposal["operator_vars"] == ["FUKYU_DATA_KEYS", "FUKYU_HMAC_KEY"]
    text = pdf_text(Path(settings.MEDIA_ROOT) / run.certificate)
    assert "FUKYU_DATA_KEYS" in text and "破棄予定" in text


def test_retention_purge_keeps_the_keys(contract: Any, make_user: Any, settings: Any) -> None:
    officer = make_user("privacy_officer")
    contact_on(contract, officer, OLD, days_ago=400)
    new = contact_on(contract, officer, NEW, days_ago=10)
    call_command("privacy_purge", "--responsible", "管理 責任者", stdout=io.StringIO())
    assert Path(settings.FUKYU_KEY_FILE).exists()
    assert PurgeRun.objects.get().key_disposal == {}
    new.refresh_from_db()
    assert new.name == NEW["name"]
