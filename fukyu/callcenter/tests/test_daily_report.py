"""The daily report: numbers from the database, the JSON API, and the XLSX/PDF files opened
with openpyxl and pypdf."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from pathlib import Path
from typing import Any

import openpyxl
import pypdf
import pytest
from django.core.management import call_command

from fukyu.callcenter.daily_report import daily_report, monthly_report, weekly_report
from fukyu.callcenter.report_files import report_pdf, report_xlsx
from fukyu.callcenter.tests.factories import category, make_inquiry, mini_app, municipality
from fukyu.core.calendar import TOKYO

pytestmark = pytest.mark.django_db
DAY = dt.date(2024, 11, 5)  # a Tuesday


def at(hh: int, mm: int = 0, day: dt.date = DAY) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hh, mm), tzinfo=TOKYO)


@pytest.fixture
def day_data(contract: Any, make_user: Any) -> dict[str, Any]:
    op = make_user("operator")
    make_inquiry(contract, op, received_at=at(9, 5), mini_app=mini_app(contract))
    make_inquiry(
        contract, op, received_at=at(9, 40), municipality=municipality(contract), age_group="70s"
    )
    make_inquiry(
        contract,
        op,
        received_at=at(9, 50),
        channel="email",
        category=category(contract, "mynumber_card"),
    )
    make_inquiry(
        contract,
        op,
        received_at=at(16, 10),
        outcome="escalation",
        caller_name="青葉 一郎",
        caller_phone="0221112222",
    )
    make_inquiry(contract, op, received_at=at(18, 0))  # after closing
    make_inquiry(contract, op, received_at=at(10, 0, DAY + dt.timedelta(days=1)))  # next day
    return {"operator": op}


def test_daily_numbers_come_from_the_database(contract: Any, day_data: Any) -> None:
    report = daily_report(contract=contract, day=DAY)
    assert report.total == 5
    for b in report.breakdowns:
        assert b.total == report.total, b.key
    assert report.breakdown("by_category").as_dict()["registration"] == 4
    assert report.breakdown("by_category").as_dict()["mynumber_card"] == 1
    assert report.breakdown("by_channel").as_dict()["email"] == 1
    assert report.breakdown("by_outcome").as_dict()["escalation"] == 1
    hours = report.breakdown("by_hour").as_dict()
    assert hours["09:00"] == 1 and hours["09:30"] == 2 and hours["16:00"] == 1
    assert hours["outside"] == 1
    assert report.breakdown("by_mini_app").as_dict()["nuclear_evacuation"] == 1
    assert report.breakdown("by_municipality").as_dict()["042021"] == 1
    assert report.breakdown("by_age").as_dict()["70s"] == 1
    assert [e["status"] for e in report.escalations] == ["open"]
    assert report.due_by == at(9, 0, DAY + dt.timedelta(days=1))
    assert report.month_total == 5
    assert report.month_forecast == contract.settings.forecast_for(2024, 11)


def test_friday_report_is_due_monday(contract: Any) -> None:
    report = daily_report(contract=contract, day=dt.date(2024, 11, 8))
    assert report.due_by == dt.datetime(2024, 11, 11, 9, tzinfo=TOKYO)


def test_api_returns_the_same_numbers(
    contract: Any, day_data: Any, make_user: Any, api_client: Any
) -> None:
    api = api_client(make_user("client"))
    response = api.get("/api/v1/reports/daily/2024-11-05")
    assert response.status_code == 200
    data = response.json()
    assert set(data) == {
        "date",
        "due_by",
        "total",
        "by_category",
        "by_mini_app",
        "by_channel",
        "by_outcome",
        "by_hour",
        "by_region",
        "escalations",
        "calls",
    }
    assert data["date"] == "2024-11-05" and data["total"] == 5
    assert data["due_by"].startswith("2024-11-06T09:00:00")
    assert data["calls"] is None
    assert sum(data["by_region"].values()) == 5
    assert data["by_category"]["registration"] == 4
    assert len(data["escalations"]) == 1
    bad = api.get("/api/v1/reports/daily/2024-13-45")
    assert bad.status_code == 422 and "YYYY-MM-DD" in bad.json()["detail"]
    month = api.get("/api/v1/reports/monthly/2024-11").json()
    assert month["total"] == 6 and month["start"] == "2024-11-01" and month["end"] == "2024-11-30"
    week = api.get("/api/v1/reports/weekly/2024-11-07").json()
    assert week["start"] == "2024-11-04" and week["total"] == 6
    assert api.get("/api/v1/reports/monthly/2024-99").status_code == 422


def test_xlsx_and_pdf_hold_the_same_numbers(contract: Any, day_data: Any) -> None:
    report = daily_report(contract=contract, day=DAY)
    wb = openpyxl.load_workbook(BytesIO(report_xlsx(contract=contract, report=report)))
    assert wb.sheetnames[0] == "表紙"
    cover = {row[0]: row[1] for row in wb["表紙"].iter_rows(min_row=3, values_only=True)}
    assert cover["対象期間"] == "令和6年11月5日"
    assert cover["受付件数（合計）"] == "5件"
    sheet = wb["問い合わせ類型別"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert rows[-1] == ("合計", 5)
    assert sum(int(n) for _, n in rows[:-1]) == 5
    assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)  # 9 = A4
    hour_rows = list(wb["時間帯別"].iter_rows(min_row=2, values_only=True))
    assert ("09:30〜10:00", 2) in hour_rows and ("時間外", 1) in hour_rows
    esc = list(wb["エスカレーション"].iter_rows(min_row=2, values_only=True))
    assert len(esc) == 1
    pdf = pypdf.PdfReader(BytesIO(report_pdf(contract=contract, report=report)))
    text = "".join(page.extract_text() for page in pdf.pages)
    assert "コールセンター日報" in text and "令和6年11月5日" in text
    assert "問い合わせ類型別" in text and "時間外" in text


def test_command_writes_both_files(contract: Any, day_data: Any, tmp_path: Path) -> None:
    call_command("daily_report", "--date", "2024-11-05", "--out", str(tmp_path))
    assert (tmp_path / "callcenter_daily_20241105.xlsx").stat().st_size > 0
    pdf = pypdf.PdfReader(tmp_path / "callcenter_daily_20241105.pdf")
    assert "5件" in "".join(p.extract_text() for p in pdf.pages)
    call_command(
        "daily_report", "--date", "2024-11-05", "--out", str(tmp_path), "--kind", "monthly"
    )
    wb = openpyxl.load_workbook(tmp_path / "callcenter_monthly_202411.xlsx")
    assert wb["表紙"]["A1"].value == "コールセンター月報"


def test_weekly_and_monthly_cover_their_days(contract: Any, day_data: Any) -> None:
    assert weekly_report(contract=contract, day=DAY).total == 6
    assert monthly_report(contract=contract, year=2024, month=11).total == 6
    assert monthly_report(contract=contract, year=2024, month=10).total == 0
