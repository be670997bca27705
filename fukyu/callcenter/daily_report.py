"""The numbers of the daily report (and of weekly and monthly summaries), aggregated in the
database (fukyu.callcenter.report_counts: one GROUPING SETS query on PostgreSQL) so that a day
and a month stay fast among a million inquiries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from fukyu.callcenter.calls_selectors import calls_of_day
from fukyu.callcenter.escalation_selectors import escalations_of_day, is_overdue
from fukyu.callcenter.models import AgeGroup, Channel, Inquiry, Outcome
from fukyu.callcenter.report_counts import inquiry_counts, slot_key
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


def _rows(
    reference: list[tuple[Any, str, str]], counts: dict[Any, int], unknown: str = UNKNOWN
) -> list[tuple[str, str, int]]:
    """Rows in the reference's order from counts keyed by its first item (an id or a value);
    whatever the reference does not know (NULL, a retired code) is summed as 不明."""
    rows = [(code, label, counts.get(key, 0)) for key, code, label in reference]
    known = {key for key, _, _ in reference}
    rest = sum(n for key, n in counts.items() if key not in known)
    if rest:
        rows.append((unknown, UNKNOWN_LABEL, rest))
    return rows


def _choices(choices: list[tuple[str, str]]) -> list[tuple[Any, str, str]]:
    return [(str(v), str(v), str(label)) for v, label in choices]


def _hours(contract: Contract, counts: dict[Any, int]) -> list[tuple[str, str, int]]:
    """30-minute buckets over the center's hours; anything else is 時間外."""
    cfg = contract.settings
    by_key = {slot_key(slot): n for slot, n in counts.items()}
    slots: list[tuple[str, str]] = []
    moment = dt.datetime.combine(dt.date(2000, 1, 1), cfg.center_opens_at)
    close = dt.datetime.combine(dt.date(2000, 1, 1), cfg.center_closes_at)
    while moment < close:
        key = f"{moment:%H:%M}"
        nxt = moment + dt.timedelta(minutes=30)
        slots.append((key, f"{moment:%H:%M}〜{nxt:%H:%M}"))
        moment = nxt
    rows = [(key, label, by_key.pop(key, 0)) for key, label in slots]
    rows.append((OUTSIDE, "時間外", sum(by_key.values())))
    return rows


def _regions(
    contract: Contract, by_municipality: dict[Any, int]
) -> tuple[list[tuple[str, str, int]], list[tuple[str, str, int]]]:
    """(by region, by municipality); a region's count is the sum of its municipalities'."""
    regions = list(Region.objects.filter(contract=contract).values_list("id", "code", "name"))
    municipalities = list(
        Municipality.objects.filter(contract=contract).values_list(
            "id", "code", "name", "region_id"
        )
    )
    region_of = {pk: region for pk, _, _, region in municipalities}
    by_region: dict[Any, int] = {}
    for pk, n in by_municipality.items():
        key = region_of.get(pk)
        by_region[key] = by_region.get(key, 0) + n
    muni_rows = _rows([(pk, code, name) for pk, code, name, _ in municipalities], by_municipality)
    return _rows(regions, by_region), muni_rows


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
    counts = inquiry_counts(contract=contract, start=lo, end=hi)
    total = sum(counts["category"].values())
    categories = list(
        InquiryCategory.objects.filter(contract=contract).values_list("id", "code", "name")
    )
    mini_apps: list[tuple[Any, str, str]] = [(None, NONE_MINI_APP, "（アプリ全般）")]
    mini_apps += list(MiniApp.objects.filter(contract=contract).values_list("id", "code", "name"))
    by_region, by_municipality = _regions(contract, counts["municipality"])
    breakdowns = [
        Breakdown("by_category", "問い合わせ類型別", _rows(categories, counts["category"])),
        Breakdown("by_mini_app", "ミニアプリ別", _rows(mini_apps, counts["mini_app"])),
        Breakdown("by_channel", "受付方法別", _rows(_choices(Channel.choices), counts["channel"])),
        Breakdown("by_outcome", "対応結果別", _rows(_choices(Outcome.choices), counts["outcome"])),
        Breakdown("by_hour", "時間帯別", _hours(contract, counts["slot"])),
        Breakdown("by_region", "圏域別", by_region),
        Breakdown("by_municipality", "市町村別", by_municipality),
        Breakdown("by_age", "年代別", _rows(_choices(AgeGroup.choices), counts["age"])),
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
    if month_lo == lo:
        report.month_total = total  # the window is the month so far: no second count
    else:
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
