"""Call records keep the caller only as a keyed hash: the purge clears that trace past its
retention rule (and everything with --all) and keeps the calls for the statistics."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from fukyu.callcenter.models import CallRecord
from fukyu.core import clock
from fukyu.core.calendar import TOKYO
from fukyu.privacy.archive import return_zip
from fukyu.privacy.crypto import blind_index
from fukyu.privacy.models import PurgeRun
from fukyu.privacy.registry import get, undeclared_index_columns

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def media_in_tmp(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.FUKYU_KEY_FILE = tmp_path / "keys" / "data_keys.json"


def call(contract: Any, uniqueid: str, days_ago: int) -> CallRecord:
    start = dt.datetime.combine(
        clock.today() - dt.timedelta(days=days_ago), dt.time(10), tzinfo=TOKYO
    )
    return CallRecord.objects.create(
        contract=contract,
        uniqueid=uniqueid,
        caller_hash=blind_index("0223334444", purpose="phone"),
        start=start,
        disposition="ANSWERED",
        billsec=120,
    )


def test_old_call_records_lose_the_caller_hash_and_stay_counted(
    contract: Any, make_user: Any
) -> None:
    kind = get("call_record")
    assert kind is not None and not kind.plaintext
    officer = make_user("privacy_officer")
    old = call(contract, "pbx-old", days_ago=200)
    recent = call(contract, "pbx-new", days_ago=5)
    out = io.StringIO()
    call_command(
        "privacy_purge", "--responsible", "管理 責任者", "--user", officer.username, stdout=out
    )
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.caller_hash == "" and old.billsec == 120  # the call stays for the statistics
    assert recent.caller_hash != ""
    assert CallRecord.objects.count() == 2
    run = PurgeRun.objects.get()
    assert run.verified and run.counts["call_record"]["anonymised"] == 1
    assert "通話記録の発信者番号（ハッシュ）" in out.getvalue()


def test_hashes_are_not_returned_and_do_not_block_a_key_rotation(contract: Any) -> None:
    call(contract, "pbx-1", days_ago=1)
    _, counts = return_zip()
    assert "call_record" not in counts  # the numbers themselves were never stored
    assert "callcenter.callrecord.caller_hash" not in undeclared_index_columns()
