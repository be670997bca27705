"""Tests for fukyu.staffing.plan."""

from __future__ import annotations

import itertools
import json
import math
from collections import defaultdict
from collections.abc import Collection
from datetime import date, time, timedelta

import pytest

from fukyu.staffing.erlang import erlang_a, service_level
from fukyu.staffing.plan import (
    DEFAULT_DAY_OF_WEEK_WEIGHTS,
    DEFAULT_INTRADAY_CURVE,
    PlanInputs,
    SeasonPlan,
    build_season_plan,
)

AHT = 360.0


def days_between(first: date, last: date, closed: Collection[date] = ()) -> list[date]:
    out = []
    day = first
    while day <= last:
        if day not in closed:
            out.append(day)
        day += timedelta(days=1)
    return out


CLOSED = {date(2024, 11, 3), date(2024, 11, 4), date(2024, 12, 29), date(2024, 12, 30)}
OPEN = days_between(date(2024, 11, 1), date(2024, 12, 31), CLOSED)
MONTHS = [(2024, 11, 8000.0), (2024, 12, 12000.0)]


def make_inputs(**overrides: object) -> PlanInputs:
    params: dict[str, object] = {"months": MONTHS, "open_days": OPEN, "aht_seconds": AHT}
    params.update(overrides)
    return PlanInputs(**params)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def plan() -> SeasonPlan:
    return build_season_plan(make_inputs())


def calls_by_day(plan: SeasonPlan) -> dict[date, float]:
    return {d.date: d.forecast_calls for d in plan.days}


# --------------------------------------------------------------------------- distribution


def test_month_sums_add_up(plan: SeasonPlan) -> None:
    per_month_intervals: dict[str, float] = defaultdict(float)
    for iv in plan.intervals:
        per_month_intervals[iv.date.strftime("%Y-%m")] += iv.forecast_calls
    per_month_days: dict[str, float] = defaultdict(float)
    for d in plan.days:
        per_month_days[d.date.strftime("%Y-%m")] += d.forecast_calls
    assert [m.month for m in plan.months] == ["2024-11", "2024-12"]
    for m, (_, _, forecast) in zip(plan.months, MONTHS, strict=True):
        assert m.forecast_calls == forecast
        assert per_month_days[m.month] == pytest.approx(forecast, rel=1e-12)
        assert per_month_intervals[m.month] == pytest.approx(forecast, rel=1e-12)
    # Interval forecasts are not rounded.
    assert any(iv.forecast_calls != round(iv.forecast_calls) for iv in plan.intervals)


def test_each_day_is_split_over_the_intraday_curve(plan: SeasonPlan) -> None:
    starts = [f"{9 + i // 2:02d}:{30 * (i % 2):02d}" for i in range(17)]
    total_weight = sum(DEFAULT_INTRADAY_CURVE)
    by_day = calls_by_day(plan)
    per_day: dict[date, list[float]] = defaultdict(list)
    for iv in plan.intervals:
        per_day[iv.date].append(iv.forecast_calls)
        assert iv.start in starts
    assert [iv.start for iv in plan.intervals[:17]] == starts
    for day, values in per_day.items():
        assert len(values) == 17
        assert sum(values) == pytest.approx(by_day[day], rel=1e-12)
        for value, weight in zip(values, DEFAULT_INTRADAY_CURVE, strict=True):
            assert value == pytest.approx(by_day[day] * weight / total_weight, rel=1e-12)


def test_closed_days_get_nothing(plan: SeasonPlan) -> None:
    planned_days = {d.date for d in plan.days}
    assert planned_days == set(OPEN)
    assert not planned_days & CLOSED
    assert not {iv.date for iv in plan.intervals} & CLOSED
    assert len(plan.intervals) == 17 * len(OPEN)
    assert plan.months[0].open_days == 30 - 2
    assert plan.months[1].open_days == 31 - 2


def test_open_day_outside_forecast_months_is_ignored() -> None:
    extra = date(2025, 1, 6)
    plan = build_season_plan(make_inputs(open_days=[*OPEN, extra]))
    assert extra not in {d.date for d in plan.days}


def test_day_of_week_profile_is_applied(plan: SeasonPlan) -> None:
    by_day = calls_by_day(plan)
    nov = {d: c for d, c in by_day.items() if d.month == 11}
    weight_sum = sum(DEFAULT_DAY_OF_WEEK_WEIGHTS[d.weekday()] for d in nov)
    for day, calls in nov.items():
        expected = 8000.0 * DEFAULT_DAY_OF_WEEK_WEIGHTS[day.weekday()] / weight_sum
        assert calls == pytest.approx(expected, rel=1e-12)
    monday, sunday = date(2024, 11, 11), date(2024, 11, 10)
    assert by_day[monday] / by_day[sunday] == pytest.approx(
        DEFAULT_DAY_OF_WEEK_WEIGHTS[0] / DEFAULT_DAY_OF_WEEK_WEIGHTS[6], rel=1e-12
    )


def test_custom_weekday_weights_put_calls_only_on_mondays() -> None:
    plan = build_season_plan(make_inputs(day_of_week_weights=(1, 0, 0, 0, 0, 0, 0)))
    for d in plan.days:
        if d.date.weekday() == 0:
            assert d.forecast_calls > 0 and d.peak_agents > 0
        else:
            assert d.forecast_calls == 0 and d.peak_agents == 0 and d.agent_hours == 0


def test_peak_multiplier_raises_that_day_and_lowers_the_others(plan: SeasonPlan) -> None:
    peak = date(2024, 11, 13)  # a Wednesday
    boosted = build_season_plan(make_inputs(peak_multipliers={peak: 2.5}))
    before, after = calls_by_day(plan), calls_by_day(boosted)
    assert after[peak] > 2.0 * before[peak]
    for day in OPEN:
        if day.month == 11 and day != peak:
            assert after[day] < before[day]
        if day.month == 12:
            assert after[day] == before[day]
    assert sum(c for d, c in after.items() if d.month == 11) == pytest.approx(8000.0, rel=1e-12)
    # Relative to another Wednesday the peak day is exactly 2.5 times as busy.
    assert after[peak] / after[date(2024, 11, 20)] == pytest.approx(2.5, rel=1e-12)
    peak_day = next(d for d in boosted.days if d.date == peak)
    assert peak_day.peak_agents > next(d for d in plan.days if d.date == peak).peak_agents


# --------------------------------------------------------------------------- sizing


def test_agents_monotone_in_calls(plan: SeasonPlan) -> None:
    ordered = sorted(plan.intervals, key=lambda iv: iv.forecast_calls)
    for low, high in itertools.pairwise(ordered):
        assert low.agents <= high.agents
        assert low.headcount <= high.headcount
    assert ordered[0].agents < ordered[-1].agents


def test_service_level_target_is_met_with_fewest_agents(plan: SeasonPlan) -> None:
    inputs = make_inputs()
    for iv in plan.intervals:
        traffic = iv.forecast_calls / 1800.0 * AHT
        assert iv.traffic == pytest.approx(traffic, rel=1e-15)
        sl = service_level(traffic, iv.agents, AHT, 20.0)
        assert iv.service_level == sl
        assert sl >= 0.80
        assert iv.occupancy == pytest.approx(traffic / iv.agents, rel=1e-15)
        assert iv.occupancy <= inputs.max_occupancy + 1e-12
        fewer = iv.agents - 1
        # One agent fewer breaks the SL target or the occupancy cap.
        assert (
            fewer <= traffic
            or service_level(traffic, fewer, AHT, 20.0) < 0.80
            or traffic / fewer > inputs.max_occupancy
        )


def test_occupancy_cap_binds_when_sl_is_loose() -> None:
    plan = build_season_plan(
        make_inputs(service_level_target=0.01, service_level_seconds=600.0, max_occupancy=0.5)
    )
    busiest = max(plan.intervals, key=lambda iv: iv.forecast_calls)
    assert busiest.agents == math.ceil(busiest.traffic / 0.5)
    assert busiest.occupancy <= 0.5


@pytest.mark.parametrize("shrinkage", [0.0, 0.3, 0.45])
def test_headcount_respects_shrinkage(shrinkage: float) -> None:
    plan = build_season_plan(make_inputs(shrinkage=shrinkage), month="2024-12")
    for iv in plan.intervals:
        if shrinkage == 0.0:
            assert iv.headcount == iv.agents
        assert iv.headcount * (1 - shrinkage) >= iv.agents - 1e-9
        assert (iv.headcount - 1) * (1 - shrinkage) < iv.agents
    # 7 agents at 30 % shrinkage is exactly 10 people, not 11 (float 7 / 0.7 > 10).
    if shrinkage == 0.3:
        sevens = [iv for iv in plan.intervals if iv.agents == 7]
        assert sevens and all(iv.headcount == 10 for iv in sevens)


def queue_blocking(lam: float, aht: float, patience: float, agents: int, lines: int) -> float:
    """Busy-tone probability of the M/M/N/K+M queue from its balance equations."""
    probs = [1.0]
    for n in range(1, lines + 1):
        probs.append(probs[-1] * lam / (min(n, agents) / aht + max(n - agents, 0) / patience))
    return probs[-1] / sum(probs)


def test_lines_cover_agents_and_queue_within_blocking_target(plan: SeasonPlan) -> None:
    seen = set()
    for iv in plan.intervals:
        if iv.forecast_calls in seen:
            continue
        seen.add(iv.forecast_calls)
        lam = iv.forecast_calls / 1800.0
        assert iv.lines >= iv.agents
        assert queue_blocking(lam, AHT, 120.0, iv.agents, iv.lines) <= 0.01
        if iv.lines > iv.agents:
            assert queue_blocking(lam, AHT, 120.0, iv.agents, iv.lines - 1) > 0.01
    assert max(iv.lines - iv.agents for iv in plan.intervals) > 0
    assert plan.months[1].peak_lines == max(
        iv.lines for iv in plan.intervals if iv.date.month == 12
    )


def test_expected_abandonment_is_erlang_a(plan: SeasonPlan) -> None:
    for iv in plan.intervals[:40]:
        expected = erlang_a(iv.forecast_calls / 1800.0, AHT, 120.0, iv.agents, 20.0)
        assert iv.expected_abandon_rate == expected["p_abandon"]
        assert 0.0 < iv.expected_abandon_rate < 0.2
    for m in plan.months:
        ivs = [iv for iv in plan.intervals if iv.date.strftime("%Y-%m") == m.month]
        weighted = sum(iv.forecast_calls * iv.expected_abandon_rate for iv in ivs)
        assert m.expected_abandon_rate == pytest.approx(weighted / m.forecast_calls, rel=1e-12)


def test_more_patience_means_less_abandonment() -> None:
    impatient = build_season_plan(make_inputs(patience_seconds=60.0), month="2024-11")
    patient = build_season_plan(make_inputs(patience_seconds=600.0), month="2024-11")
    assert patient.months[0].expected_abandon_rate < impatient.months[0].expected_abandon_rate


def test_day_and_month_aggregates(plan: SeasonPlan) -> None:
    for d in plan.days:
        ivs = [iv for iv in plan.intervals if iv.date == d.date]
        assert d.peak_agents == max(iv.agents for iv in ivs)
        assert d.peak_headcount == max(iv.headcount for iv in ivs)
        assert d.agent_hours == pytest.approx(sum(iv.agents for iv in ivs) * 0.5)
    for m in plan.months:
        days = [d for d in plan.days if d.date.strftime("%Y-%m") == m.month]
        assert m.peak_agents == max(d.peak_agents for d in days)
        assert m.peak_headcount == max(d.peak_headcount for d in days)
        assert m.agent_hours == pytest.approx(sum(d.agent_hours for d in days))
    # December carries 1.5 times November's calls over about as many days.
    assert plan.months[1].agent_hours > plan.months[0].agent_hours


def test_zero_forecast_month_and_zero_call_intervals() -> None:
    plan = build_season_plan(make_inputs(months=[(2024, 11, 0.0)]))
    assert len(plan.days) == 28
    assert all(iv.agents == 0 and iv.lines == 0 for iv in plan.intervals)
    assert all(iv.service_level == 1.0 for iv in plan.intervals)
    assert plan.months[0].expected_abandon_rate == 0.0
    curve = (0.0, *DEFAULT_INTRADAY_CURVE[1:])
    first = build_season_plan(make_inputs(intraday_curve=curve), month="2024-11").intervals[0]
    assert first.start == "09:00"
    assert first.forecast_calls == 0.0 and first.agents == 0 and first.headcount == 0


# --------------------------------------------------------------------------- interface


def test_month_filter(plan: SeasonPlan) -> None:
    dec = build_season_plan(make_inputs(), month="2024-12")
    assert [m.month for m in dec.months] == ["2024-12"]
    assert dec.months[0] == plan.months[1]
    assert dec.days == [d for d in plan.days if d.date.month == 12]
    assert dec.intervals == [iv for iv in plan.intervals if iv.date.month == 12]
    with pytest.raises(ValueError):
        build_season_plan(make_inputs(), month="2025-01")


def test_to_dict_is_json_ready(plan: SeasonPlan) -> None:
    data = json.loads(json.dumps(plan.to_dict()))
    assert set(data) == {"months", "days", "intervals"}
    assert set(data["months"][0]) == {
        "month",
        "forecast_calls",
        "open_days",
        "peak_agents",
        "peak_headcount",
        "peak_lines",
        "agent_hours",
        "expected_abandon_rate",
    }
    assert set(data["intervals"][0]) == {
        "date",
        "start",
        "forecast_calls",
        "traffic",
        "agents",
        "headcount",
        "lines",
        "service_level",
        "expected_abandon_rate",
        "occupancy",
    }
    assert set(data["days"][0]) == {
        "date",
        "forecast_calls",
        "peak_agents",
        "peak_headcount",
        "peak_lines",
        "agent_hours",
    }
    assert data["intervals"][0]["date"] == "2024-11-01"
    assert data["days"][-1]["date"] == "2024-12-31"


def test_day_peak_lines(plan: SeasonPlan) -> None:
    lines: dict[date, int] = defaultdict(int)
    for iv in plan.intervals:
        lines[iv.date] = max(lines[iv.date], iv.lines)
    assert {d.date: d.peak_lines for d in plan.days} == dict(lines)
    for m in plan.months:
        days = [d for d in plan.days if f"{d.date:%Y-%m}" == m.month]
        assert m.peak_lines == max(d.peak_lines for d in days) > 0


def test_other_opening_time_and_interval_length() -> None:
    plan = build_season_plan(
        make_inputs(opening_time=time(8, 30), interval_seconds=900, intraday_curve=(1.0, 2.0, 1.0)),
        month="2024-11",
    )
    assert [iv.start for iv in plan.intervals[:3]] == ["08:30", "08:45", "09:00"]
    iv = plan.intervals[1]
    assert iv.traffic == pytest.approx(iv.forecast_calls / 900.0 * AHT)
    assert plan.days[0].agent_hours == pytest.approx(sum(x.agents for x in plan.intervals[:3]) / 4)


@pytest.mark.parametrize(
    "overrides",
    [
        {"months": [(2024, 11, 100.0)], "open_days": []},
        {"months": [(2024, 11, 100.0)], "day_of_week_weights": (0,) * 7},
        {"day_of_week_weights": (1.0,) * 6},
        {"intraday_curve": ()},
        {"shrinkage": 1.0},
        {"max_occupancy": 0.0},
        {"service_level_target": 1.0},
        {"months": [(2024, 13, 10.0)]},
        {"months": [(2024, 11, 10.0), (2024, 11, 20.0)]},
        {"peak_multipliers": {date(2024, 11, 5): -1.0}},
        {"interval_seconds": 7200},
    ],
)
def test_invalid_inputs_raise(overrides: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        build_season_plan(make_inputs(**overrides))


def test_miyagi_season_shape() -> None:
    closed = {
        date(2024, 11, 3),
        date(2024, 11, 4),
        date(2024, 11, 23),
        date(2025, 1, 13),
        date(2025, 2, 11),
        date(2025, 2, 23),
        date(2025, 2, 24),
        date(2025, 3, 20),
    }
    closed.update(date(2024, 12, 29) + timedelta(days=i) for i in range(6))
    open_days = days_between(date(2024, 11, 1), date(2025, 3, 28), closed)
    assert len(open_days) == 134
    months = [
        (2024, 11, 8000.0),
        (2024, 12, 12000.0),
        (2025, 1, 12000.0),
        (2025, 2, 5000.0),
        (2025, 3, 3000.0),
    ]
    plan = build_season_plan(PlanInputs(months=months, open_days=open_days, aht_seconds=AHT))
    assert len(plan.days) == 134
    assert len(plan.intervals) == 134 * 17
    assert [m.open_days for m in plan.months] == [27, 28, 27, 25, 27]
    assert sum(iv.forecast_calls for iv in plan.intervals) == pytest.approx(40000.0, rel=1e-12)
    peaks = [m.peak_agents for m in plan.months]
    assert peaks[1] > peaks[3] > peaks[4] > 0
