"""Call records: Asterisk and generic CSV import, re-import, malformed lines, the hashed
caller number, and the per-day / per-interval numbers in the daily report."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from io import BytesIO
from pathlib import Path
from typing import Any

import openpyxl
import pypdf
import pytest
from django.core.management import CommandError, call_command

from fukyu.callcenter.calls_import import calls_import, parse_mapping
from fukyu.callcenter.calls_selectors import calls_of_day
from fukyu.callcenter.daily_report import daily_report
from fukyu.callcenter.demo_calls import seed_calls
from fukyu.callcenter.models import CallRecord
from fukyu.callcenter.report_files import report_pdf, report_xlsx
from fukyu.callcenter.tests.factories import make_inquiry
from fukyu.core.calendar import TOKYO
from fukyu.privacy.crypto import blind_index

pytestmark = pytest.mark.django_db


def cdr(uid: str, start: str, answer: str, disposition: str, billsec: int, src: str) -> list[str]:
    end = start
    return [
        "",
        src,
        "0120000000",
        "from-trunk",
        f'"" <{src}>',
        "SIP/trunk-0001",
        "SIP/op1-0002",
        "Dial",
        "SIP/op1",
        start,
        answer,
        end,
        str(billsec + 10),
        str(billsec),
        disposition,
        "DOCUMENTATION",
        uid,
        "",
    ]


ROWS = [
    cdr(
        "1730770000.1", "2024-11-05 09:10:00", "2024-11-05 09:10:20", "ANSWERED", 300, "09011112222"
    ),
    cdr(
        "1730770000.2", "2024-11-05 09:20:00", "2024-11-05 09:20:40", "ANSWERED", 120, "09011112222"
    ),
    cdr("1730770000.3", "2024-11-05 09:40:00", "", "NO ANSWER", 0, "0223334444"),
    cdr("1730770000.4", "2024-11-05 19:00:00", "", "NO ANSWER", 0, "0223334444"),
]


def text(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue()


def test_asterisk_import_is_idempotent_and_hashes_numbers(contract: Any) -> None:
    first = calls_import(contract=contract, stream=io.StringIO(text(ROWS)), fmt="asterisk")
    assert (first.read, first.added, first.errors) == (4, 4, [])
    again = calls_import(contract=contract, stream=io.StringIO(text(ROWS)), fmt="asterisk")
    assert again.added == 0 and CallRecord.objects.count() == 4
    hashes = list(CallRecord.objects.order_by("start").values_list("caller_hash", flat=True))
    assert hashes[0] == hashes[1] != hashes[2]
    assert all(len(h) == 64 and "0901111" not in h for h in hashes)
    stored = CallRecord.objects.order_by("start").first()
    assert stored is not None and stored.start == dt.datetime(2024, 11, 5, 9, 10, tzinfo=TOKYO)


def test_malformed_lines_are_reported_by_line_number(contract: Any) -> None:
    bad = [
        ROWS[0],
        ["too", "short"],
        cdr("x.3", "2024-11-05 25:99", "", "NO ANSWER", 0, "0223334444"),
        cdr("x.4", "2024-11-05 10:00:00", "", "HUNG", 0, "0223334444"),
    ]
    result = calls_import(contract=contract, stream=io.StringIO(text(bad)), fmt="asterisk")
    assert result.added == 1
    assert result.errors[0].startswith("2行目: 列が足りません")
    assert result.errors[1].startswith("3行目: 着信日時（start）が読み取れません")
    assert result.errors[2].startswith("4行目: 結果（disposition）が不明です")


def test_generic_csv_with_a_mapping(contract: Any, tmp_path: Path) -> None:
    path = tmp_path / "calls.csv"
    path.write_text(
        "発信,開始,応答,会話秒,結果\n"
        "0225556666,2024-11-05 10:00:00,2024-11-05 10:00:05,60,ANSWERED\n"
        "0225556667,2024-11-05 10:05:00,,0,BUSY\n",
        encoding="utf-8",
    )
    mapping = "発信=src,開始=start,応答=answer,会話秒=billsec,結果=disposition"
    out = io.StringIO()
    call_command("import_calls", str(path), "--format", "generic", "--mapping", mapping, stdout=out)
    assert "2件を追加しました" in out.getvalue()
    call_command("import_calls", str(path), "--format", "generic", "--mapping", mapping, stdout=out)
    assert CallRecord.objects.count() == 2  # row hashes keep the second run from adding
    with pytest.raises(CommandError, match="対応付け"):
        call_command("import_calls", str(path), "--format", "generic", "--mapping", "a=nope")
    with pytest.raises(ValueError):
        parse_mapping("no-equals-sign")


def test_day_and_interval_numbers_reach_the_daily_report(contract: Any, make_user: Any) -> None:
    day = dt.date(2024, 11, 5)
    assert daily_report(contract=contract, day=day).calls is None
    calls_import(contract=contract, stream=io.StringIO(text(ROWS)), fmt="asterisk")
    make_inquiry(contract, make_user("operator"))  # one phone inquiry logged that day
    calls = calls_of_day(contract=contract, day=day)
    assert calls is not None
    assert (calls["offered"], calls["answered"], calls["abandoned"]) == (3, 2, 1)
    assert calls["answer_rate"] == round(2 / 3, 4)
    assert calls["avg_wait_seconds"] == 30.0 and calls["avg_talk_seconds"] == 210.0
    assert calls["outside_hours"] == 1
    assert calls["intervals"]["09:00"]["offered"] == 2
    assert calls["intervals"]["09:30"]["abandoned"] == 1
    assert (calls["logged_inquiries"], calls["unlogged_answered"]) == (1, 1)
    report = daily_report(contract=contract, day=day)
    assert report.calls is not None and report.calls["offered"] == 3


def test_dashboard_and_api_show_the_call_numbers(
    contract: Any, make_user: Any, login: Any, api_client: Any
) -> None:
    calls_import(contract=contract, stream=io.StringIO(text(ROWS)), fmt="asterisk")
    page = login(make_user("supervisor")).get("/ops/callcenter/calls/?day=2024-11-05")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and "09:00 入電 2件" in html and "応答率" in html
    data = api_client(make_user("client")).get("/api/v1/reports/daily/2024-11-05").json()
    assert data["calls"] == {"offered": 3, "answered": 2, "abandoned": 1, "answer_rate": 0.6667}


def test_odd_cells_are_line_errors_not_crashes(contract: Any) -> None:
    bad = [
        cdr("y.1", "2024-11-05 10:00:00", "", "NO ANSWER", 0, "0223334444"),
        [
            *cdr("y.2", "2024-11-05 10:01:00", "", "NO ANSWER", 0, "0223334444")[:12],
            "²",
            *["0"] * 5,
        ],
        [
            *cdr("y.3", "2024-11-05 10:02:00", "", "NO ANSWER", 0, "0223334444")[:12],
            "9" * 12,
            *["0"] * 5,
        ],
        cdr("y.4\x00", "2024-11-05 10:03:00", "", "NO ANSWER", 0, "0223334444"),
        cdr("y\t5\\n\r", "2024-11-05 10:04:00", "", "NO ANSWER", 0, "0223334444"),
    ]
    bad[1][14] = bad[2][14] = "NO ANSWER"
    result = calls_import(contract=contract, stream=io.StringIO(text(bad)), fmt="asterisk")
    assert result.added == 3, result.errors
    assert [e.split(":")[0] for e in result.errors] == ["2行目", "3行目"]
    assert "通話時間（duration）は0以上の整数" in result.errors[0]
    assert set(CallRecord.objects.values_list("uniqueid", flat=True)) == {"y.1", "y.4", "y\t5\\n"}


def test_the_caller_hash_is_the_blind_index_and_times_are_tokyo(contract: Any) -> None:
    calls_import(contract=contract, stream=io.StringIO(text(ROWS[:1])), fmt="asterisk")
    stored = CallRecord.objects.get()
    assert stored.caller_hash == blind_index("09011112222", purpose="cdr")
    assert stored.answer == dt.datetime(2024, 11, 5, 9, 10, 20, tzinfo=TOKYO)
    assert stored.answer.astimezone(dt.UTC).hour == 0


def test_answer_times_of_unanswered_or_impossible_calls_are_dropped(contract: Any) -> None:
    rows = [
        cdr("z.1", "2024-11-05 10:00:00", "2024-11-05 10:00:09", "BUSY", 0, "0223334444"),
        cdr("z.2", "2024-11-05 10:00:00", "2024-11-05 09:59:00", "ANSWERED", 5, "0223334444"),
    ]
    calls_import(contract=contract, stream=io.StringIO(text(rows)), fmt="asterisk")
    assert list(CallRecord.objects.order_by("uniqueid").values_list("answer", flat=True)) == [
        None,
        None,
    ]


def test_a_repeated_uniqueid_in_one_file_counts_once(contract: Any) -> None:
    rows = [ROWS[0], ROWS[0], ROWS[1]]
    result = calls_import(contract=contract, stream=io.StringIO(text(rows)), fmt="asterisk")
    assert (result.read, result.added, result.error_count) == (3, 2, 0)
    assert CallRecord.objects.filter(uniqueid="1730770000.1").count() == 1


def test_demo_call_records_match_the_phone_inquiries(contract: Any, make_user: Any) -> None:
    op = make_user("operator")
    for minute in range(0, 60, 2):
        make_inquiry(contract, op, received_at=dt.datetime(2024, 11, 5, 10, minute, tzinfo=TOKYO))
    make_inquiry(contract, op, channel="email")
    summary = seed_calls(contract=contract, rng=random.Random(3))
    answered = CallRecord.objects.filter(disposition="ANSWERED")
    assert answered.count() == 30 and "応答 30件" in summary
    assert CallRecord.objects.exclude(disposition="ANSWERED").exists()
    assert all(len(h) == 64 for h in CallRecord.objects.values_list("caller_hash", flat=True))
    calls = calls_of_day(contract=contract, day=dt.date(2024, 11, 5))
    assert calls is not None
    assert calls["logged_inquiries"] == 31 - 1 and calls["unlogged_answered"] == 0
    assert 0 < calls["answer_rate"] < 1
    assert seed_calls(contract=contract, rng=random.Random(3)) == ""  # once only


def test_the_report_files_carry_the_call_numbers(contract: Any) -> None:
    calls_import(contract=contract, stream=io.StringIO(text(ROWS)), fmt="asterisk")
    report = daily_report(contract=contract, day=dt.date(2024, 11, 5))
    book = openpyxl.load_workbook(BytesIO(report_xlsx(contract=contract, report=report)))
    rows = {r[0]: r[1:] for r in book["入電状況"].iter_rows(min_row=2, values_only=True)}
    assert rows["09:00"][:4] == (2, 2, 0, "100.0%")
    assert rows["09:30"][:4] == (1, 0, 1, "0.0%")
    assert rows["合計（開設時間内）"][:4] == (3, 2, 1, "66.7%")
    assert rows["開設時間外の入電"][0] == 1
    pdf = pypdf.PdfReader(BytesIO(report_pdf(contract=contract, report=report)))
    assert "入電状況" in "".join(page.extract_text() for page in pdf.pages)


def test_the_daily_report_page_shows_the_call_numbers(
    contract: Any, make_user: Any, login: Any
) -> None:
    client = login(make_user("supervisor"))
    page = client.get("/ops/callcenter/reports/2024-11-05/").content.decode()
    assert "入電状況（電話システムの通話記録）" not in page
    calls_import(contract=contract, stream=io.StringIO(text(ROWS)), fmt="asterisk")
    html = client.get("/ops/callcenter/reports/2024-11-05/").content.decode()
    assert "入電状況（電話システムの通話記録）" in html
    assert "<td>3件</td>" in html and "<td>2件／1件</td>" in html and "<td>67%</td>" in html
