"""Actual calls against the plan, short days, and a re-forecast of the remaining months.

Sources of actual counts
------------------------
A source answers "how many calls arrived on each date in each 30-minute interval".  Two
exist, and the default combines them day by day:

* ``calls``: the phone system's call-detail records (CDRs) imported into the call center,
  counted by :func:`fukyu.staffing.selectors.call_counts_by_interval`: every *offered* call,
  answered or not — the demand the plan sized;
* ``inquiries``: the inquiries logged by the operators (telephone channel), counted by
  :func:`fukyu.staffing.selectors.inquiry_counts_by_interval` — what is known before CDRs are
  imported, and an undercount of demand (unanswered calls leave no inquiry);
* ``auto`` (the default): for each day, the call records when any exist for that day, else
  the inquiries.  A day's figures therefore never mix the two.

A further source is a class with ``code``, ``label`` and ``interval_counts()`` added to
:data:`SOURCES`; nothing else changes.

When was the plan short?
------------------------
For ``N`` planned agents, the *capacity* of a 30-minute interval is the largest number of
calls ``x`` for which Erlang C still meets the service-level target with the plan's AHT:
``service_level(x * AHT / 1800, N, AHT, T) >= target`` (the same model that sized the plan;
found by bisection, since the service level falls as the load rises).  An interval is
*short* when its actual calls exceed that capacity, i.e. the planned agents, if they were
all there, could not have met the target.  A day is short when any interval is.  It assumes
the plan was staffed as planned (the rota of who actually worked is not in the system).

Re-forecast
-----------
``ratio = sum(actual) / sum(forecast)`` over the last ``WINDOW_DAYS`` completed open days
(days before today; fewer at the start of the season), counting only from the first day on
which any call was recorded (days before it mean "not recording yet", not "no calls").  Each month's re-forecast is its
actual calls on completed days plus ``ratio`` times its forecast for the days still to
come; the remaining days are re-planned with the forecast scaled by ``ratio``.  This
"level ratio" method (a multiplicative level correction of the original profile) is
deliberately simple: it keeps the contract's monthly shape, the day-of-week weights and
the intraday curve, reacts within two weeks to a level that differs from the tender's
estimate, and needs no more history than a season of this length provides.  Seasonal
methods such as Holt-Winters need several full seasonal cycles of data that a five-month
campaign never has.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import Protocol

from fukyu.core.models import Contract
from fukyu.staffing.erlang import service_level
from fukyu.staffing.models import INTERVAL_MINUTES
from fukyu.staffing.plan import DayPlan, build_season_plan
from fukyu.staffing.planning import ContractPlan
from fukyu.staffing.selectors import (
    IntervalCount,
    call_counts_by_interval,
    call_records_exist,
    inquiry_counts_by_interval,
)

WINDOW_DAYS = 14


class ActualSource(Protocol):
    code: str
    label: str

    def interval_counts(
        self, *, contract: Contract, start: dt.date, end: dt.date
    ) -> list[IntervalCount]: ...


def _offset(contract: Contract) -> int:
    return contract.settings.center_opens_at.minute % INTERVAL_MINUTES


class InquirySource:
    code = "inquiries"
    label = "問い合わせ記録（電話）"

    def interval_counts(
        self, *, contract: Contract, start: dt.date, end: dt.date
    ) -> list[IntervalCount]:
        return [
            replace(row, source=self.code)
            for row in inquiry_counts_by_interval(
                contract=contract, start=start, end=end, offset_minutes=_offset(contract)
            )
        ]


class CallRecordSource:
    code = "calls"
    label = "通話記録（電話システム）"

    def interval_counts(
        self, *, contract: Contract, start: dt.date, end: dt.date
    ) -> list[IntervalCount]:
        if not call_records_exist(contract=contract, start=start, end=end):
            return []
        return [
            replace(row, source=self.code)
            for row in call_counts_by_interval(
                contract=contract, start=start, end=end, offset_minutes=_offset(contract)
            )
        ]


class PreferCallRecords:
    """Per day: the call records when the day has any, else the logged phone inquiries."""

    code = "auto"
    label = "通話記録（取り込んだ日）・問い合わせ記録（電話、通話記録のない日）"

    def __init__(self, calls: ActualSource, inquiries: ActualSource) -> None:
        self.calls, self.inquiries = calls, inquiries

    def interval_counts(
        self, *, contract: Contract, start: dt.date, end: dt.date
    ) -> list[IntervalCount]:
        from_calls = self.calls.interval_counts(contract=contract, start=start, end=end)
        days = {row.date for row in from_calls}
        rest = [
            row
            for lo, hi in _spans_without(days, start, end)
            for row in self.inquiries.interval_counts(contract=contract, start=lo, end=hi)
            if row.date not in days
        ]
        return sorted([*from_calls, *rest], key=lambda r: (r.date, r.minute))


MAX_SPANS = 8


def _spans_without(
    days: set[dt.date], start: dt.date, end: dt.date
) -> list[tuple[dt.date, dt.date]]:
    """The runs of consecutive dates in [start, end] not in ``days`` (the inquiries are read
    only there: not at all once call records cover the season); past MAX_SPANS runs, one
    span from the first to the last of them (one query instead of many)."""
    spans: list[tuple[dt.date, dt.date]] = []
    day = start
    while day <= end:
        if day not in days:
            if spans and spans[-1][1] == day - dt.timedelta(days=1):
                spans[-1] = (spans[-1][0], day)
            else:
                spans.append((day, day))
        day += dt.timedelta(days=1)
    if len(spans) > MAX_SPANS:
        return [(spans[0][0], spans[-1][1])]
    return spans


_CALLS, _INQUIRIES = CallRecordSource(), InquirySource()
SOURCES: dict[str, ActualSource] = {
    "auto": PreferCallRecords(_CALLS, _INQUIRIES),
    "calls": _CALLS,
    "inquiries": _INQUIRIES,
}
SOURCE_LABELS = {"calls": "通話記録", "inquiries": "問い合わせ記録"}
DEFAULT_SOURCE = "auto"


@cache
def interval_capacity(
    agents: int, aht_seconds: float, target_sl: float, target_seconds: float, length: float
) -> float:
    """Largest calls per interval that ``agents`` handle at the SL target (Erlang C)."""
    if agents <= 0:
        return 0.0

    def ok(traffic: float) -> bool:
        return service_level(traffic, agents, aht_seconds, target_seconds) >= target_sl

    lo, hi = 0.0, float(agents)
    for _ in range(60):
        mid = (lo + hi) / 2
        if ok(mid):
            lo = mid
        else:
            hi = mid
    return lo * length / aht_seconds


@dataclass(frozen=True)
class IntervalActual:
    start: str
    forecast: float
    actual: int
    agents: int
    capacity: float

    @property
    def short(self) -> bool:
        return self.actual > self.capacity


@dataclass(frozen=True)
class DayActual:
    date: dt.date
    forecast: float
    actual: int
    """Calls within opening hours."""
    outside_hours: int
    short_intervals: int
    completed: bool
    source: str = ""
    """Which source counted the day ("calls", "inquiries"; "" without any call)."""

    @property
    def short(self) -> bool:
        return self.short_intervals > 0

    @property
    def source_label(self) -> str:
        return SOURCE_LABELS.get(self.source, "")

    @property
    def ratio(self) -> float | None:
        return self.actual / self.forecast if self.forecast > 0 else None

    @property
    def difference(self) -> float:
        return self.actual - self.forecast


@dataclass(frozen=True)
class MonthReforecast:
    month: str
    forecast: float
    actual_to_date: int
    remaining_forecast: float
    reforecast: float
    peak_headcount: int
    reforecast_peak_headcount: int | None
    reforecast_peak_agents: int | None
    reforecast_peak_lines: int | None
    completed_days: int
    remaining_days: int

    @property
    def status(self) -> str:
        if self.remaining_days == 0:
            return "終了"
        return "実施中" if self.completed_days else "これから"


@dataclass(frozen=True)
class ActualsReport:
    source_label: str
    days: list[DayActual]
    by_interval: dict[dt.date, list[IntervalActual]]
    ratio: float | None
    window: list[dt.date]
    months: list[MonthReforecast]
    has_data: bool
    observed_curve: list[float] | None
    """Percent of the completed days' in-hours calls per interval (None without calls)."""

    def day(self, date: dt.date) -> DayActual | None:
        return next((d for d in self.days if d.date == date), None)


def hh_mm_to_minute(start: str) -> int:
    hh, mm = (int(p) for p in start.split(":"))
    return hh * 60 + mm


def _reforecast_months(
    result: ContractPlan, days: Sequence[DayActual], ratio: float | None, today: dt.date
) -> list[MonthReforecast]:
    actual_by_month: dict[str, int] = defaultdict(int)
    remaining_by_month: dict[str, float] = defaultdict(float)
    completed_days: dict[str, int] = defaultdict(int)
    remaining_days: dict[str, int] = defaultdict(int)
    for d in days:
        key = f"{d.date.year:04d}-{d.date.month:02d}"
        if d.completed:
            actual_by_month[key] += d.actual
            completed_days[key] += 1
        else:
            remaining_by_month[key] += d.forecast
            remaining_days[key] += 1
    replan_peaks: dict[str, tuple[int, int, int]] = {}
    if ratio is not None:
        scaled = [
            (int(m.month[:4]), int(m.month[5:7]), m.forecast_calls * ratio)
            for m in result.plan.months
        ]
        replan = build_season_plan(replace(result.inputs, months=scaled))
        peaks: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
        for dp in replan.days:
            if dp.date < today:
                continue
            key = f"{dp.date.year:04d}-{dp.date.month:02d}"
            p = peaks[key]
            p[0], p[1], p[2] = (
                max(p[0], dp.peak_headcount),
                max(p[1], dp.peak_agents),
                max(p[2], dp.peak_lines),
            )
        replan_peaks = {k: (v[0], v[1], v[2]) for k, v in peaks.items()}
    out = []
    for m in result.plan.months:
        remaining = remaining_by_month.get(m.month, 0.0)
        actual = actual_by_month.get(m.month, 0)
        # Without a ratio (no actuals yet) the forecast stands as it is.
        reforecast = actual + ratio * remaining if ratio is not None else m.forecast_calls
        peaks_m = replan_peaks.get(m.month)
        out.append(
            MonthReforecast(
                month=m.month,
                forecast=m.forecast_calls,
                actual_to_date=actual,
                remaining_forecast=remaining,
                reforecast=reforecast,
                peak_headcount=m.peak_headcount,
                reforecast_peak_headcount=peaks_m[0] if peaks_m else None,
                reforecast_peak_agents=peaks_m[1] if peaks_m else None,
                reforecast_peak_lines=peaks_m[2] if peaks_m else None,
                completed_days=completed_days.get(m.month, 0),
                remaining_days=remaining_days.get(m.month, 0),
            )
        )
    return out


def _counts(
    src: ActualSource, result: ContractPlan, start: dt.date, end: dt.date
) -> tuple[dict[dt.date, dict[int, int]], dict[dt.date, str]]:
    """Counts per date and minute, and which source counted each date."""
    counts: dict[dt.date, dict[int, int]] = defaultdict(dict)
    sources: dict[dt.date, str] = {}
    if start <= end:
        for row in src.interval_counts(contract=result.contract, start=start, end=end):
            counts[row.date][row.minute] = row.count
            sources[row.date] = row.source or src.code
    return counts, sources


def _day(
    result: ContractPlan, dp: DayPlan, day_counts: dict[int, int], today: dt.date, source: str
) -> tuple[DayActual, list[IntervalActual]]:
    inputs = result.inputs
    rows = [
        IntervalActual(
            start=iv.start,
            forecast=iv.forecast_calls,
            actual=day_counts.get(hh_mm_to_minute(iv.start), 0),
            agents=iv.agents,
            capacity=interval_capacity(
                iv.agents,
                inputs.aht_seconds,
                inputs.service_level_target,
                inputs.service_level_seconds,
                float(inputs.interval_seconds),
            ),
        )
        for iv in result.intervals_by_date.get(dp.date, [])
    ]
    in_hours = {hh_mm_to_minute(r.start) for r in rows}
    day = DayActual(
        date=dp.date,
        forecast=dp.forecast_calls,
        actual=sum(r.actual for r in rows),
        outside_hours=sum(n for minute, n in day_counts.items() if minute not in in_hours),
        short_intervals=sum(1 for r in rows if r.short) if dp.date <= today else 0,
        completed=dp.date < today,
        source=source,
    )
    return day, rows


def day_actual(
    *, result: ContractPlan, day: dt.date, today: dt.date, source: str = DEFAULT_SOURCE
) -> tuple[DayActual, list[IntervalActual], bool] | None:
    """One planned day (a single small query): the day, its intervals, whether any call
    was recorded that day; None when ``day`` is not a planned open day."""
    dp = result.days_by_date.get(day)
    if dp is None:
        return None
    counts, sources = _counts(SOURCES[source], result, day, day)
    found, rows = _day(result, dp, counts.get(day, {}), today, sources.get(day, ""))
    return found, rows, bool(counts)


def actuals_report(
    *, result: ContractPlan, today: dt.date, source: str = DEFAULT_SOURCE
) -> ActualsReport:
    """Actual against planned calls for every planned day up to today, and the re-forecast.

    ``result`` must be the whole-season plan (``month=None``) for the re-forecast to cover
    every month.  The counts come from one aggregate query over the season so far.
    """
    src = SOURCES[source]
    plan = result.plan
    counts, sources = (
        _counts(src, result, plan.days[0].date, min(plan.days[-1].date, today))
        if plan.days
        else ({}, {})
    )
    has_data = bool(counts)
    days: list[DayActual] = []
    by_interval: dict[dt.date, list[IntervalActual]] = {}
    for dp in plan.days:
        day, rows = _day(result, dp, counts.get(dp.date, {}), today, sources.get(dp.date, ""))
        if dp.date <= today:
            by_interval[dp.date] = rows
        days.append(day)
    ratio, window = _ratio(days, has_data)
    return ActualsReport(
        observed_curve=_observed_curve(days, by_interval),
        source_label=src.label,
        days=days,
        by_interval=by_interval,
        ratio=ratio,
        window=window,
        months=_reforecast_months(result, days, ratio, today),
        has_data=has_data,
    )


def _observed_curve(
    days: Sequence[DayActual], by_interval: dict[dt.date, list[IntervalActual]]
) -> list[float] | None:
    totals: list[int] = []
    for d in days:
        if not d.completed:
            continue
        for i, row in enumerate(by_interval[d.date]):
            if i == len(totals):
                totals.append(0)
            totals[i] += row.actual
    grand = sum(totals)
    return [100.0 * t / grand for t in totals] if grand else None


def _ratio(days: Sequence[DayActual], has_data: bool) -> tuple[float | None, list[dt.date]]:
    if not has_data:
        return None, []
    first = next((d.date for d in days if d.actual or d.outside_hours), None)
    completed = [
        d for d in days if d.completed and d.forecast > 0 and first is not None and d.date >= first
    ]
    window = completed[-WINDOW_DAYS:]
    forecast = sum(d.forecast for d in window)
    if not window or forecast <= 0:
        return None, []
    return sum(d.actual for d in window) / forecast, [d.date for d in window]
