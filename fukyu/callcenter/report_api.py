"""API of the call center's reports: the daily report, weekly and monthly summaries as JSON."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from fukyu.accounts.api_auth import API_AUTH
from fukyu.accounts.permissions import api_require
from fukyu.callcenter.daily_report import Report, daily_report, monthly_report, weekly_report
from fukyu.core.selectors import active_contract

router = Router(tags=["コールセンター日報"])
READERS = ("reports_read", "callcenter_manage")


class EscalationRow(Schema):
    id: int
    inquiry_number: str
    urgency: str
    opened_at: dt.datetime
    notify_by: dt.datetime
    notified_at: dt.datetime | None
    status: str
    overdue: bool


class CallsOut(Schema):
    offered: int
    answered: int
    abandoned: int
    answer_rate: float | None


class DailyReportOut(Schema):
    date: dt.date
    due_by: dt.datetime | None
    total: int
    by_category: dict[str, int]
    by_mini_app: dict[str, int]
    by_channel: dict[str, int]
    by_outcome: dict[str, int]
    by_hour: dict[str, int]
    by_region: dict[str, int]
    escalations: list[EscalationRow]
    calls: CallsOut | None


class SummaryOut(DailyReportOut):
    start: dt.date
    end: dt.date
    by_municipality: dict[str, int]
    by_age: dict[str, int]


def _fields(report: Report) -> dict[str, Any]:
    values: dict[str, Any] = {b.key: b.as_dict() for b in report.breakdowns}
    values.update(
        date=report.end,
        due_by=report.due_by,
        total=report.total,
        escalations=report.escalations,
        calls=report.calls,
    )
    return values


YEARS = range(2000, 2101)


def _date(value: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise HttpError(422, f"date: YYYY-MM-DD 形式の日付で指定してください（{value}）") from None
    if day.year not in YEARS:
        raise HttpError(422, f"date: 2000年〜2100年の日付で指定してください（{value}）")
    return day


@router.get("/reports/daily/{day}", response=DailyReportOut, auth=API_AUTH)
def report_daily(request: HttpRequest, day: str) -> DailyReportOut:
    """One day's numbers; `calls` is null until call records exist for the day."""
    api_require(request, *READERS)
    report = daily_report(contract=active_contract(), day=_date(day))
    return DailyReportOut(**_fields(report))


@router.get("/reports/weekly/{day}", response=SummaryOut, auth=API_AUTH)
def report_weekly(request: HttpRequest, day: str) -> SummaryOut:
    """Monday to Sunday of the week containing `day`."""
    api_require(request, *READERS)
    report = weekly_report(contract=active_contract(), day=_date(day))
    return SummaryOut(**_fields(report), start=report.start, end=report.end)


@router.get("/reports/monthly/{month}", response=SummaryOut, auth=API_AUTH)
def report_monthly(request: HttpRequest, month: str) -> SummaryOut:
    """A month (YYYY-MM)."""
    api_require(request, *READERS)
    try:
        first = dt.date.fromisoformat(f"{month}-01")
    except ValueError:
        raise HttpError(422, f"month: YYYY-MM 形式で指定してください（{month}）") from None
    if first.year not in YEARS:
        raise HttpError(422, f"month: 2000年〜2100年の月で指定してください（{month}）")
    report = monthly_report(contract=active_contract(), year=first.year, month=first.month)
    return SummaryOut(**_fields(report), start=report.start, end=report.end)
