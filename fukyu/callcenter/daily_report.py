"""The numbers of the daily report (and of weekly and monthly summaries), aggregated in the
database with GROUP BY so that one day stays fast among a million inquiries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractHour, ExtractMinute

from fukyu.callcenter.calls_selectors import calls_of_day
from fukyu.callcenter.escalation_selectors import escalations_of_day, is_overdue
from fukyu.callcenter.models import AgeGroup, Channel, Inquiry, Outcome
from fukyu.core.calendar import TOKYO
from fukyu.core.models import Contract, InquiryCategory, MiniApp, Municipality, Region

UNKNOWN = "unknown"
UNKNOWN_LABEL = "（不明）"
NONE_MINI_APP = "none"
OUTSIDE = "outside"


@dataclass
class Breakdown:
    """One breakdown: (code, label, count) rows in display order; their counts add up to the
    report's total."""

    key: str
    title: str
    rows: list[tuple[str, str, int]]

    def as_dict(self) -> dict[str, int]:
        return {code: count for code, _, count in self.rows}

    @property
    def total(self) -> int:
        return sum(count for _, _, count in self.rows)


@dataclass
class Report:
    kind: str  # daily, weekly, monthly
    start: dt.date
    end: dt.date  # inclusive
    total: int
    breakdowns: list[Breakdown]
    escalations: list[dict[str, Any]]
    due_by: dt.datetime | None = None
    month_total: int | None = None
    month_forecast: int | None = None
    calls: dict[str, Any] | None = None
    notes: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def breakdown(self, key: str) -> Breakdown:
        return next(b for b in self.breakdowns if b.key == key)


def _window(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    return (
        dt.datetime.combine(start, dt.time(), tzinfo=TOKYO),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), tzinfo=TOKYO),
    )


def _counts(qs: QuerySet[Inquiry], column: str) -> dict[Any, int]:
    rows = qs.order_by().values_list(column).annotate(n=Count("id"))
    return dict(rows)


def _rows(
    reference: list[tuple[str, str]], counts: dict[Any, int], unknown: str = UNKNOWN
) -> list[tuple[str, str, int]]:
    rows = [(code, label, counts.get(code, 0)) for code, label in reference]
    known = {code for code, _ in reference}
    rest = sum(n for key, n in counts.items() if key not in known)
    if rest:
        rows.append((unknown, UNKNOWN_LABEL, rest))
    return rows


def _hours(contract: Contract, qs: QuerySet[Inquiry]) -> list[tuple[str, str, int]]:
    """30-minute buckets over the center's hours; anything else is 時間外."""
    cfg = contract.settings
    annotated = qs.order_by().annotate(
        h=ExtractHour("received_at", tzinfo=TOKYO), m=ExtractMinute("received_at", tzinfo=TOKYO)
    )
    raw = annotated.values_list("h", "m").annotate(n=Count("id"))
    counts: dict[str, int] = {}
    for hour, minute, n in raw:
        key = f"{hour:02d}:{0 if minute < 30 else 30:02d}"
        counts[key] = counts.get(key, 0) + n
    slots: list[tuple[str, str]] = []
    moment = dt.datetime.combine(dt.date(2000, 1, 1), cfg.center_opens_at)
    close = dt.datetime.combine(dt.date(2000, 1, 1), cfg.center_closes_at)
    while moment < close:
        key = f"{moment:%H:%M}"
        nxt = moment + dt.timedelta(minutes=30)
        slots.append((key, f"{moment:%H:%M}〜{nxt:%H:%M}"))
        moment = nxt
    rows = [(key, label, counts.pop(key, 0)) for key, label in slots]
    rows.append((OUTSIDE, "時間外", sum(counts.values())))
    return rows


def _escalations(contract: Contract, start: dt.datetime, end: dt.datetime) -> list[dict[str, Any]]:
    return [
        {
            "id": e.pk,
            "inquiry_number": e.inquiry.number,
            "urgency": e.urgency,
            "opened_at": e.opened_at.astimezone(TOKYO),
            "notify_by": e.notify_by.astimezone(TOKYO),
            "notified_at": e.notified_at.astimezone(TOKYO) if e.notified_at else None,
            "status": e.status,
            "status_name": e.get_status_display(),
            "overdue": is_overdue(e),
        }
        for e in escalations_of_day(contract=contract, start=start, end=end)
    ]


def report_build(*, contract: Contract, start: dt.date, end: dt.date, kind: str) -> Report:
    """The report of the days start..end (inclusive)."""
    lo, hi = _window(start, end)
    qs = Inquiry.objects.filter(contract=contract, received_at__gte=lo, received_at__lt=hi)
    by_category = _counts(qs, "category__code")
    total = sum(by_category.values())
    categories = list(InquiryCategory.objects.filter(contract=contract).values_list("code", "name"))
    mini_apps = [(NONE_MINI_APP, "（アプリ全般）")]
    mini_apps += list(MiniApp.objects.filter(contract=contract).values_list("code", "name"))
    regions = list(Region.objects.filter(contract=contract).values_list("code", "name"))
    municipalities = list(
        Municipality.objects.filter(contract=contract).values_list("code", "name")
    )
    mini_counts = {
        (k if k is not None else NONE_MINI_APP): n for k, n in _counts(qs, "mini_app__code").items()
    }
    ages = [(str(v), str(label)) for v, label in AgeGroup.choices]
    breakdowns = [
        Breakdown("by_category", "問い合わせ類型別", _rows(categories, by_category)),
        Breakdown("by_mini_app", "ミニアプリ別", _rows(mini_apps, mini_counts)),
        Breakdown(
            "by_channel",
            "受付方法別",
            _rows([(str(v), str(n)) for v, n in Channel.choices], _counts(qs, "channel")),
        ),
        Breakdown(
            "by_outcome",
            "対応結果別",
            _rows([(str(v), str(n)) for v, n in Outcome.choices], _counts(qs, "outcome")),
        ),
        Breakdown("by_hour", "時間帯別", _hours(contract, qs)),
        Breakdown("by_region", "圏域別", _rows(regions, _counts(qs, "municipality__region__code"))),
        Breakdown(
            "by_municipality", "市町村別", _rows(municipalities, _counts(qs, "municipality__code"))
        ),
        Breakdown("by_age", "年代別", _rows(ages, _counts(qs, "age_group"))),
    ]
    report = Report(
        kind=kind,
        start=start,
        end=end,
        total=total,
        breakdowns=breakdowns,
        escalations=_escalations(contract, lo, hi),
    )
    month_lo, _ = _window(end.replace(day=1), end)
    report.month_total = Inquiry.objects.filter(
        contract=contract, received_at__gte=month_lo, received_at__lt=hi
    ).count()
    report.month_forecast = contract.settings.forecast_for(end.year, end.month)
    if kind == "daily":
        report.due_by = contract.calendar.report_due(end)
        report.calls = calls_of_day(contract=contract, day=end)
    return report


def daily_report(*, contract: Contract, day: dt.date) -> Report:
    return report_build(contract=contract, start=day, end=day, kind="daily")


def weekly_report(*, contract: Contract, day: dt.date) -> Report:
    """Monday to Sunday of the week of `day`."""
    monday = day - dt.timedelta(days=day.weekday())
    return report_build(
        contract=contract, start=monday, end=monday + dt.timedelta(days=6), kind="weekly"
    )


def monthly_report(*, contract: Contract, year: int, month: int) -> Report:
    first = dt.date(year, month, 1)
    last = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    return report_build(contract=contract, start=first, end=last, kind="monthly")
