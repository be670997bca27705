"""Season staffing plan for the call center (pure Python, no Django).

The Django layer feeds :func:`build_season_plan` with plain values taken from the
contract configuration and stores or renders the result (``SeasonPlan.to_dict()`` is
JSON-ready).

Algorithm
---------
1. Each month's forecast is spread over that month's *open* days in proportion to the
   day-of-week weight of the day times its peak-day multiplier (default 1); the shares are
   renormalized so that the month's days add up to the month's forecast exactly (the float
   rounding residual is put on the largest day).  Closed days get nothing.
2. Each day's calls are spread over the opening-hours intervals with the intraday curve.
   Interval forecasts are fractional and are *not* rounded, so they add up to the day's
   (and month's) forecast within float tolerance.
3. Each interval is sized on its own, as a steady-state queue (the usual "stationary
   independent period by period" approximation):

   * offered load ``A = calls / interval_seconds * AHT`` (Erlangs);
   * agents on the phones ``N = max(agents_for_service_level(A, ...), ceil(A / max_occ))``:
     Erlang C (callers never hang up) is used for the service-level target because it is
     the conservative and customary planning model;
   * scheduled headcount ``ceil(N / (1 - shrinkage))`` (shrinkage: breaks, training,
     after-call admin, absence);
   * expected abandonment at that staffing from Erlang A (M/M/N+M) with exponential
     patience of the given mean;
   * telephone lines: callers hold a line while queued and while talking, so lines are
     sized with the queue places counted.  ``lines`` is the fewest ``K >= N`` such that the
     M/M/N/K+M queue (N agents, K - N waiting places, exponential patience) gives a busy
     tone to at most ``blocking_target`` of callers (see
     :func:`fukyu.staffing.erlang.lines_for_queue_blocking`).  It reduces to Erlang B when no
     caller waits.

   The reported ``service_level`` and ``occupancy`` are Erlang C's (the sizing model);
   ``expected_abandon_rate`` is Erlang A's.  Intervals with no calls get zero agents, zero
   lines, service level 1.0 and occupancy 0.0.

Sizing is memoized on the exact interval forecast value (many days share the same
forecast), so results are exact for the traffic used.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from fukyu.staffing.erlang import (
    agents_for_service_level,
    erlang_a,
    lines_for_queue_blocking,
    service_level,
)

__all__ = [
    "DEFAULT_DAY_OF_WEEK_WEIGHTS",
    "DEFAULT_INTRADAY_CURVE",
    "DEFAULT_INTRADAY_CURVE_SOURCE",
    "DayPlan",
    "IntervalPlan",
    "MonthPlan",
    "PlanInputs",
    "SeasonPlan",
    "build_season_plan",
]

DEFAULT_INTRADAY_CURVE: tuple[float, ...] = (
    4.5,  # 09:00
    6.0,  # 09:30
    7.2,  # 10:00
    7.8,  # 10:30  late-morning peak
    7.6,  # 11:00
    6.8,  # 11:30
    5.0,  # 12:00  lunch dip
    4.8,  # 12:30
    6.6,  # 13:00
    7.2,  # 13:30  post-lunch peak
    7.0,  # 14:00
    6.4,  # 14:30
    5.8,  # 15:00
    5.4,  # 15:30
    4.8,  # 16:00
    4.2,  # 16:30
    2.9,  # 17:00  last half hour before 17:30 closing
)
"""Share of a day's calls (percent, sums to 100) per 30-minute interval, 09:00-17:30.

This is an ASSUMPTION to be replaced by the contract's own call data as soon as it exists.
Its shape follows the pattern commonly reported for public-sector and utility inbound
lines open office hours: a ramp-up after opening, the main peak in the late morning
(10:00-11:30), a dip over lunch, a second smaller peak right after lunch (13:00-14:30) and
a decline towards closing.  The exact numbers are illustrative, not measured.

Source of the shape: the intraday arrival profiles of inbound call centers in N. Gans,
G. Koole and A. Mandelbaum, "Telephone call centers: tutorial, review, and research
prospects", Manufacturing & Service Operations Management 5(2):79-141, 2003, and L. Brown
et al., "Statistical analysis of a telephone call center: a queueing-science perspective",
Journal of the American Statistical Association 100(469):36-50, 2005 (arrivals by time of
day: a morning peak, a lunch-time dip and a smaller afternoon peak).
"""

DEFAULT_INTRADAY_CURVE_SOURCE = (
    "既定値は仮定です。形は、受信型コールセンターの時間帯別入電の典型"
    "（午前の山・昼の谷・午後の小さな山）を示した Gans, Koole & Mandelbaum "
    "“Telephone call centers: tutorial, review, and research prospects”"
    "（M&SOM 5(2), 2003）と Brown ほか “Statistical analysis of a telephone call center”"
    "（JASA 100(469), 2005）に倣ったもので、数値は実測ではありません。"
    "実績がたまったら「実績と予測」の時間帯別の比率を参考に置き換えてください。"
)

DEFAULT_DAY_OF_WEEK_WEIGHTS: tuple[float, ...] = (1.25, 1.10, 1.0, 1.0, 1.0, 0.75, 0.65)
"""Relative daily volume Monday..Sunday.  An ASSUMPTION (Monday after the weekend busiest,
weekends quieter) to be replaced by observed data."""


@dataclass(frozen=True)
class PlanInputs:
    """Everything the plan needs, as plain values.

    ``months`` holds ``(year, month, forecast_calls)``; ``open_days`` the dates the center
    answers calls; ``peak_multipliers`` maps a date to a factor applied to its day-of-week
    weight (e.g. 1.5 the day after letters are mailed).  Multipliers on dates that are not
    open, or not in a forecast month, have no effect.
    """

    months: Sequence[tuple[int, int, float]]
    open_days: Sequence[date]
    aht_seconds: float
    day_of_week_weights: Sequence[float] = DEFAULT_DAY_OF_WEEK_WEIGHTS
    intraday_curve: Sequence[float] = DEFAULT_INTRADAY_CURVE
    service_level_target: float = 0.80
    service_level_seconds: float = 20.0
    shrinkage: float = 0.30
    max_occupancy: float = 0.85
    patience_seconds: float = 120.0
    blocking_target: float = 0.01
    peak_multipliers: Mapping[date, float] = field(default_factory=dict)
    opening_time: time = time(9, 0)
    interval_seconds: int = 1800


@dataclass(frozen=True)
class IntervalPlan:
    date: date
    start: str
    forecast_calls: float
    traffic: float
    agents: int
    headcount: int
    lines: int
    service_level: float
    expected_abandon_rate: float
    occupancy: float

    def to_dict(self) -> dict[str, object]:
        return {
            "date": self.date.isoformat(),
            "start": self.start,
            "forecast_calls": self.forecast_calls,
            "traffic": self.traffic,
            "agents": self.agents,
            "headcount": self.headcount,
            "lines": self.lines,
            "service_level": self.service_level,
            "expected_abandon_rate": self.expected_abandon_rate,
            "occupancy": self.occupancy,
        }


@dataclass(frozen=True)
class DayPlan:
    date: date
    forecast_calls: float
    peak_agents: int
    peak_headcount: int
    agent_hours: float
    peak_lines: int = 0

    def to_dict(self) -> dict[str, object]:
        return {
            "date": self.date.isoformat(),
            "forecast_calls": self.forecast_calls,
            "peak_agents": self.peak_agents,
            "peak_headcount": self.peak_headcount,
            "peak_lines": self.peak_lines,
            "agent_hours": self.agent_hours,
        }


@dataclass(frozen=True)
class MonthPlan:
    month: str
    forecast_calls: float
    open_days: int
    peak_agents: int
    peak_headcount: int
    peak_lines: int
    agent_hours: float
    expected_abandon_rate: float

    def to_dict(self) -> dict[str, object]:
        return {
            "month": self.month,
            "forecast_calls": self.forecast_calls,
            "open_days": self.open_days,
            "peak_agents": self.peak_agents,
            "peak_headcount": self.peak_headcount,
            "peak_lines": self.peak_lines,
            "agent_hours": self.agent_hours,
            "expected_abandon_rate": self.expected_abandon_rate,
        }


@dataclass(frozen=True)
class SeasonPlan:
    months: list[MonthPlan]
    days: list[DayPlan]
    intervals: list[IntervalPlan]

    def to_dict(self) -> dict[str, list[dict[str, object]]]:
        return {
            "months": [m.to_dict() for m in self.months],
            "days": [d.to_dict() for d in self.days],
            "intervals": [i.to_dict() for i in self.intervals],
        }


@dataclass(frozen=True)
class _Sizing:
    traffic: float
    agents: int
    headcount: int
    lines: int
    service_level: float
    abandon_rate: float
    occupancy: float


_NO_CALLS = _Sizing(0.0, 0, 0, 0, 1.0, 0.0, 0.0)


def _validate(inputs: PlanInputs) -> None:
    if len(inputs.day_of_week_weights) != 7:
        raise ValueError("day_of_week_weights needs 7 values, Monday..Sunday")
    if any(not (w >= 0 and math.isfinite(w)) for w in inputs.day_of_week_weights):
        raise ValueError("day_of_week_weights must be finite and >= 0")
    curve = inputs.intraday_curve
    if not curve or any(not (w >= 0 and math.isfinite(w)) for w in curve) or sum(curve) <= 0:
        raise ValueError("intraday_curve needs non-negative weights with a positive sum")
    if not (inputs.aht_seconds > 0 and math.isfinite(inputs.aht_seconds)):
        raise ValueError("aht_seconds must be > 0")
    if not 0.0 < inputs.service_level_target < 1.0:
        raise ValueError("service_level_target must be in (0, 1)")
    if not inputs.service_level_seconds >= 0:
        raise ValueError("service_level_seconds must be >= 0")
    if not 0.0 <= inputs.shrinkage < 1.0:
        raise ValueError("shrinkage must be in [0, 1)")
    if not 0.0 < inputs.max_occupancy <= 1.0:
        raise ValueError("max_occupancy must be in (0, 1]")
    if not inputs.patience_seconds > 0:
        raise ValueError("patience_seconds must be > 0")
    if not 0.0 < inputs.blocking_target < 1.0:
        raise ValueError("blocking_target must be in (0, 1)")
    if inputs.interval_seconds <= 0:
        raise ValueError("interval_seconds must be > 0")
    opening = inputs.opening_time
    opening_s = opening.hour * 3600 + opening.minute * 60 + opening.second
    if opening_s + len(curve) * inputs.interval_seconds > 24 * 3600:
        raise ValueError("opening hours run past midnight")
    if any(not (f >= 0 and math.isfinite(f)) for f in inputs.peak_multipliers.values()):
        raise ValueError("peak multipliers must be finite and >= 0")
    seen = set()
    for year, month, calls in inputs.months:
        if not 1 <= month <= 12:
            raise ValueError(f"bad month {month!r}")
        if (year, month) in seen:
            raise ValueError(f"month {year}-{month:02d} given twice")
        seen.add((year, month))
        if not (calls >= 0 and math.isfinite(calls)):
            raise ValueError("forecast_calls must be finite and >= 0")


def _distribute(total: float, weights: Sequence[float]) -> list[float]:
    """Split ``total`` proportionally to ``weights``; the parts sum to ``total`` (fsum)."""
    wsum = math.fsum(weights)
    parts = [total * w / wsum for w in weights]
    residual = total - math.fsum(parts)
    if residual and parts:
        biggest = max(range(len(parts)), key=parts.__getitem__)
        parts[biggest] += residual
    return parts


class _Sizer:
    """Interval sizing with a memo on the exact forecast value."""

    def __init__(self, inputs: PlanInputs) -> None:
        self.inputs = inputs
        self.memo: dict[float, _Sizing] = {}

    def size(self, calls: float) -> _Sizing:
        hit = self.memo.get(calls)
        if hit is None:
            hit = self.memo[calls] = self._size(calls)
        return hit

    def _size(self, calls: float) -> _Sizing:
        if calls <= 0.0:
            return _NO_CALLS
        p = self.inputs
        aht = p.aht_seconds
        arrival_rate = calls / p.interval_seconds
        traffic = arrival_rate * aht
        n_sl = agents_for_service_level(
            traffic, aht, p.service_level_seconds, p.service_level_target
        )
        # The small tolerance keeps e.g. 8.5 / 0.85 = 10.000000000000002 at 10.
        n_occ = math.ceil(traffic / p.max_occupancy - 1e-9)
        agents = max(n_sl, n_occ, 1)
        headcount = math.ceil(agents / (1.0 - p.shrinkage) - 1e-9)
        abandon = erlang_a(arrival_rate, aht, p.patience_seconds, agents, p.service_level_seconds)
        lines = lines_for_queue_blocking(
            arrival_rate, aht, p.patience_seconds, agents, p.blocking_target
        )
        return _Sizing(
            traffic=traffic,
            agents=agents,
            headcount=headcount,
            lines=lines,
            service_level=service_level(traffic, agents, aht, p.service_level_seconds),
            abandon_rate=abandon["p_abandon"],
            occupancy=traffic / agents,
        )


def _interval_starts(opening: time, count: int, step: int) -> list[str]:
    base = datetime.combine(date(2000, 1, 1), opening)
    return [(base + timedelta(seconds=i * step)).strftime("%H:%M") for i in range(count)]


def build_season_plan(inputs: PlanInputs, month: str | None = None) -> SeasonPlan:
    """Compute the plan; ``month="YYYY-MM"`` restricts it to one forecast month."""
    _validate(inputs)
    months = sorted(inputs.months)
    if month is not None:
        months = [m for m in months if f"{m[0]:04d}-{m[1]:02d}" == month]
        if not months:
            raise ValueError(f"month {month!r} is not in the forecast")
    by_month: dict[tuple[int, int], list[date]] = {}
    for day in sorted(set(inputs.open_days)):
        by_month.setdefault((day.year, day.month), []).append(day)

    curve = list(inputs.intraday_curve)
    curve_sum = math.fsum(curve)
    shares = [w / curve_sum for w in curve]
    starts = _interval_starts(inputs.opening_time, len(curve), inputs.interval_seconds)
    hours_per_interval = inputs.interval_seconds / 3600.0
    dow = inputs.day_of_week_weights
    peaks = inputs.peak_multipliers
    sizer = _Sizer(inputs)

    month_plans: list[MonthPlan] = []
    day_plans: list[DayPlan] = []
    interval_plans: list[IntervalPlan] = []
    for year, mon, forecast in months:
        days = by_month.get((year, mon), [])
        weights = [dow[d.weekday()] * peaks.get(d, 1.0) for d in days]
        if forecast > 0 and (not days or math.fsum(weights) <= 0):
            raise ValueError(f"{year}-{mon:02d} has a forecast but no open day to take it")
        day_calls = _distribute(forecast, weights) if forecast > 0 else [0.0] * len(days)
        m_peak_agents = m_peak_head = m_peak_lines = 0
        m_agent_hours = 0.0
        m_abandoned = 0.0
        for day, calls in zip(days, day_calls, strict=True):
            d_peak_agents = d_peak_head = d_peak_lines = 0
            d_agents_sum = 0
            for start, share in zip(starts, shares, strict=True):
                iv_calls = calls * share
                s = sizer.size(iv_calls)
                interval_plans.append(
                    IntervalPlan(
                        date=day,
                        start=start,
                        forecast_calls=iv_calls,
                        traffic=s.traffic,
                        agents=s.agents,
                        headcount=s.headcount,
                        lines=s.lines,
                        service_level=s.service_level,
                        expected_abandon_rate=s.abandon_rate,
                        occupancy=s.occupancy,
                    )
                )
                d_peak_agents = max(d_peak_agents, s.agents)
                d_peak_head = max(d_peak_head, s.headcount)
                d_peak_lines = max(d_peak_lines, s.lines)
                d_agents_sum += s.agents
                m_abandoned += iv_calls * s.abandon_rate
            d_hours = d_agents_sum * hours_per_interval
            day_plans.append(DayPlan(day, calls, d_peak_agents, d_peak_head, d_hours, d_peak_lines))
            m_peak_agents = max(m_peak_agents, d_peak_agents)
            m_peak_head = max(m_peak_head, d_peak_head)
            m_peak_lines = max(m_peak_lines, d_peak_lines)
            m_agent_hours += d_hours
        month_plans.append(
            MonthPlan(
                month=f"{year:04d}-{mon:02d}",
                forecast_calls=forecast,
                open_days=len(days),
                peak_agents=m_peak_agents,
                peak_headcount=m_peak_head,
                peak_lines=m_peak_lines,
                agent_hours=m_agent_hours,
                expected_abandon_rate=m_abandoned / forecast if forecast > 0 else 0.0,
            )
        )
    return SeasonPlan(months=month_plans, days=day_plans, intervals=interval_plans)
