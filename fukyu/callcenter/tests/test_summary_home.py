"""The weekly/monthly summary page (tables, XLSX/PDF opened with openpyxl/pypdf, bad input) and
the home-page panels with open and overdue escalations."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from typing import Any

import openpyxl
import pypdf
import pytest

from fukyu.callcenter.escalation_services import escalation_answer
from fukyu.callcenter.models import DeliveryLog, Escalation, EscalationStatus
from fukyu.callcenter.report_services import daily_report_record
from fukyu.callcenter.tests.factories import category, make_inquiry
from fukyu.core.calendar import TOKYO

pytestmark = pytest.mark.django_db
TUESDAY = dt.date(2024, 11, 5)


def at(day: dt.date, hh: int, mm: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hh, mm), tzinfo=TOKYO)


@pytest.fixture
def season(contract: Any, make_user: Any) -> dict[str, Any]:
    op = make_user("operator")
    make_inquiry(contract, op, received_at=at(TUESDAY, 10))  # week of 11/4
    make_inquiry(contract, op, received_at=at(TUESDAY + dt.timedelta(days=4), 11, 40))  # Sat
    make_inquiry(
        contract,
        op,
        received_at=at(TUESDAY + dt.timedelta(days=7), 12),  # the next week
        category=category(contract, "mynumber_card"),
    )
    make_inquiry(contract, op, received_at=at(dt.date(2024, 12, 2), 10))  # December
    return {"operator": op}


def test_weekly_and_monthly_pages_show_the_tables(
    contract: Any, make_user: Any, login: Any, season: Any, django_assert_max_num_queries: Any
) -> None:
    client = login(make_user("supervisor"))
    with django_assert_max_num_queries(25):
        week = client.get(
            "/ops/callcenter/reports/summary/", {"kind": "weekly", "day": "2024-11-06"}
        )
    assert week.status_code == 200
    html = week.content.decode()
    assert "コールセンター週報" in html and "令和6年11月4日" in html and "令和6年11月10日" in html
    assert week.context["report"].total == 2
    assert "?kind=weekly&amp;day=2024-11-11" in html  # the next week
    assert "file.xlsx?kind=weekly&amp;day=2024-11-06" in html
    month = client.get("/ops/callcenter/reports/summary/", {"kind": "monthly", "month": "2024-11"})
    assert month.status_code == 200
    report = month.context["report"]
    assert (report.start, report.end, report.total) == (
        dt.date(2024, 11, 1),
        dt.date(2024, 11, 30),
        3,
    )
    assert report.breakdown("by_category").as_dict()["mynumber_card"] == 1
    assert "コールセンター月報" in month.content.decode()


def test_summary_files_have_the_same_numbers(
    contract: Any, make_user: Any, login: Any, season: Any
) -> None:
    client = login(make_user("client"))
    got = client.get(
        "/ops/callcenter/reports/summary/file.xlsx", {"kind": "monthly", "month": "2024-11"}
    )
    assert got.status_code == 200
    assert 'filename="callcenter_monthly_202411.xlsx"' in got["Content-Disposition"]
    book = openpyxl.load_workbook(BytesIO(got.content))
    assert book["表紙"]["A1"].value == "コールセンター月報"
    cover = {row[0]: row[1] for row in book["表紙"].iter_rows(min_row=3, values_only=True)}
    assert cover["受付件数（合計）"] == "3件"
    rows = list(book["問い合わせ類型別"].iter_rows(values_only=True))
    assert rows[-1] == ("合計", 3)
    pdf = client.get(
        "/ops/callcenter/reports/summary/file.pdf", {"kind": "weekly", "day": "2024-11-05"}
    )
    assert pdf.status_code == 200
    text = "".join(p.extract_text() for p in pypdf.PdfReader(BytesIO(pdf.content)).pages)
    assert "コールセンター週報" in text and "令和6年11月4日" in text


@pytest.mark.parametrize(
    "params",
    [
        {"kind": "weekly", "day": "2024-13-01"},
        {"kind": "monthly", "month": "11/2024"},
        {"kind": "yearly"},
        {"kind": "monthly", "month": "9999-12"},
        {"kind": "weekly", "day": "2019-01-01"},
    ],
)
def test_bad_choices_get_a_japanese_message(
    contract: Any, make_user: Any, login: Any, params: dict[str, str]
) -> None:
    client = login(make_user("supervisor"))
    page = client.get("/ops/callcenter/reports/summary/", params)
    assert page.status_code == 422
    assert page.context["error"]
    assert "report" not in page.context
    got = client.get("/ops/callcenter/reports/summary/file.xlsx", params)
    assert got.status_code == 422
    assert "指定" in got.content.decode() or "選んで" in got.content.decode()


def test_daily_report_pages_link_to_the_summaries(
    contract: Any, make_user: Any, login: Any
) -> None:
    client = login(make_user("supervisor"))
    html = client.get("/ops/callcenter/reports/2024-11-05/").content.decode()
    assert "/ops/callcenter/reports/summary/?kind=weekly&amp;day=2024-11-05" in html
    assert "/ops/callcenter/reports/summary/?kind=monthly&amp;month=2024-11" in html
    assert (
        "/ops/callcenter/reports/summary/"
        in client.get("/ops/callcenter/reports/").content.decode()
    )


def test_api_and_dashboard_refuse_dates_past_the_calendar(
    contract: Any, make_user: Any, login: Any, api_client: Any
) -> None:
    api = api_client(make_user("supervisor"))
    assert api.get("/api/v1/reports/daily/9999-12-31").status_code == 422
    assert api.get("/api/v1/reports/monthly/9999-12").status_code == 422
    page = login(make_user("supervisor")).get("/ops/callcenter/calls/", {"day": "9999-12-31"})
    assert page.status_code == 422
    assert "2000年〜2100年" in page.content.decode()


# --- home-page panels --------------------------------------------------------------------


@pytest.fixture
def escalations(contract: Any, make_user: Any, settings: Any) -> dict[str, Escalation]:
    settings.FUKYU_TODAY = "2024-11-06"
    op = make_user("operator")
    late = make_inquiry(
        contract,
        op,
        outcome="escalation",
        received_at=at(TUESDAY, 10),
        caller_name="青葉 一郎",
        caller_phone="0221112222",
    ).escalation
    sent = make_inquiry(
        contract,
        op,
        outcome="escalation",
        received_at=at(TUESDAY, 11),
        caller_name="青葉 二郎",
        caller_phone="0221113333",
    ).escalation
    Escalation.objects.filter(pk=sent.pk).update(
        status=EscalationStatus.SENT, notified_at=at(TUESDAY, 11, 10)
    )
    answered = make_inquiry(
        contract,
        op,
        outcome="escalation",
        received_at=at(TUESDAY, 12),
        caller_name="青葉 三郎",
        caller_phone="0221114444",
    ).escalation
    Escalation.objects.filter(pk=answered.pk).update(
        status=EscalationStatus.SENT, notified_at=at(TUESDAY, 12, 5)
    )
    answered.refresh_from_db()
    escalation_answer(actor=make_user("client"), escalation=answered, answer="案内してください")
    return {"late": late, "sent": sent, "answered": answered}


def test_supervisor_home_shows_open_and_overdue_escalations(
    contract: Any, make_user: Any, login: Any, escalations: dict[str, Escalation]
) -> None:
    daily_report_record(contract=contract, day=TUESDAY)  # due 11/6 9:00, not delivered
    page = login(make_user("supervisor")).get("/ops/")
    assert page.status_code == 200
    board = page.context["panels"]["callcenter"]["escalations"]
    assert (board.waiting_review, board.waiting_answer, board.waiting_callback) == (1, 1, 1)
    assert board.overdue == 1
    assert board.first[0] == (escalations["late"], True)  # the overdue one first
    html = page.content.decode()
    assert "未完了のエスカレーション" in html and "連絡期限超過 1件" in html
    assert "提出期限を過ぎた日報 1件" in html
    assert f"/ops/callcenter/escalations/{escalations['late'].pk}/" in html


def test_client_home_lists_escalations_awaiting_its_answer(
    contract: Any, make_user: Any, login: Any, escalations: dict[str, Escalation]
) -> None:
    record = daily_report_record(contract=contract, day=TUESDAY)
    DeliveryLog.objects.create(
        report=record, channel="portal", ok=True, attempted_at=at(TUESDAY, 18)
    )
    page = login(make_user("client")).get("/ops/")
    panel = page.context["panels"]["callcenter"]
    assert panel["summary"] is None and panel["escalation_view"] == "client"
    assert [e for e, _ in panel["escalations"].first] == [escalations["sent"]]
    html = page.content.decode()
    assert "回答をお待ちしているエスカレーション" in html
    assert "本日の受付" not in html
    assert "/ops/callcenter/reports/2024-11-05/" in html


def test_operator_home_shows_callbacks_only_when_there_are_some(
    contract: Any, make_user: Any, login: Any, escalations: dict[str, Escalation]
) -> None:
    client = login(make_user("operator"))
    panel = client.get("/ops/").context["panels"]["callcenter"]
    assert panel["escalation_view"] == "operator"
    assert [e for e, _ in panel["escalations"].first] == [escalations["answered"]]
    Escalation.objects.filter(pk=escalations["answered"].pk).update(status=EscalationStatus.CLOSED)
    panel = client.get("/ops/").context["panels"]["callcenter"]
    assert panel["escalation_view"] == "" and panel["summary"] is not None


def test_roles_without_call_center_permissions_get_no_panel(
    contract: Any, make_user: Any, login: Any
) -> None:
    page = login(make_user("outreach")).get("/ops/")
    assert "callcenter" not in page.context["panels"]
