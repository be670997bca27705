"""Tests for fukyu.staffing.simulation.

The convergence tests compare means over independent replications (fixed seeds) with the
analytic values, allowing 3.5 standard errors of the replication mean: with about a dozen
comparisons this keeps the chance of a false alarm for a correct simulator well below 1 %,
while a modelling error of a few percent is many standard errors.  Each test also asserts
that the standard error is small, so the tolerance cannot silently become vacuous.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable

import pytest

from fukyu.staffing.erlang import average_speed_of_answer, erlang_a, erlang_c, service_level
from fukyu.staffing.simulation import IntervalInput, SimulationResult, Totals, simulate_day

TOL_SE = 3.5
WARMUP = 4  # intervals (2 hours) dropped at the start of every replication


def constant_day(traffic: float, aht: float, agents: int, n_intervals: int) -> list[IntervalInput]:
    calls = traffic / aht * 1800.0
    return [IntervalInput(i * 1800.0, calls, agents) for i in range(n_intervals)]


def replicate(run: Callable[[int], SimulationResult], reps: int, seed0: int) -> list[Totals]:
    out = []
    for r in range(reps):
        res = run(seed0 + r)
        steady = Totals()
        for st in res.intervals[WARMUP:]:
            steady.add(st)
        out.append(steady)
    return out


def check_mean(values: list[float], expected: float, max_se: float) -> None:
    mean = statistics.fmean(values)
    se = statistics.stdev(values) / math.sqrt(len(values))
    assert se < max_se, f"standard error {se} too large for a meaningful test"
    assert abs(mean - expected) <= TOL_SE * se, (mean, expected, se)


def test_exponential_infinite_patience_converges_to_erlang_c() -> None:
    traffic, aht, agents, target = 8.0, 180.0, 10, 20.0
    day = constant_day(traffic, aht, agents, 24)
    reps = replicate(lambda s: simulate_day(day, aht_seconds=aht, seed=s), 80, seed0=100)
    assert all(t.abandoned == 0 for t in reps)
    assert all(t.answered == t.offered for t in reps)
    check_mean([t.p_wait for t in reps], erlang_c(traffic, agents), max_se=0.01)
    check_mean(
        [t.service_level for t in reps],
        service_level(traffic, agents, aht, target),
        max_se=0.01,
    )
    check_mean([t.asa for t in reps], average_speed_of_answer(traffic, agents, aht), max_se=2.0)
    check_mean([t.occupancy for t in reps], traffic / agents, max_se=0.005)


@pytest.mark.parametrize(("traffic", "agents"), [(10.0, 10), (12.0, 10), (6.0, 8)])
def test_exponential_finite_patience_converges_to_erlang_a(traffic: float, agents: int) -> None:
    aht, patience, target = 180.0, 120.0, 20.0
    day = constant_day(traffic, aht, agents, 24)
    reps = replicate(
        lambda s: simulate_day(day, aht_seconds=aht, patience_seconds=patience, seed=s),
        60,
        seed0=1000 + int(traffic),
    )
    theory = erlang_a(traffic / aht, aht, patience, agents, target)
    check_mean([t.abandon_rate for t in reps], theory["p_abandon"], max_se=0.005)
    check_mean([t.service_level for t in reps], theory["service_level"], max_se=0.01)
    check_mean([t.p_wait for t in reps], theory["p_wait"], max_se=0.01)
    check_mean([t.asa for t in reps], theory["asa"], max_se=1.0)
    check_mean([t.occupancy for t in reps], theory["occupancy"], max_se=0.005)


def test_lognormal_handle_time_keeps_load_and_cuts_waiting() -> None:
    traffic, aht, agents = 8.0, 180.0, 10
    day = constant_day(traffic, aht, agents, 24)
    reps = replicate(
        lambda s: simulate_day(day, aht_seconds=aht, handle_time="lognormal", cv=0.3, seed=s),
        40,
        seed0=7000,
    )
    # Carried load does not depend on the handle-time distribution: occupancy -> A / N.
    check_mean([t.occupancy for t in reps], traffic / agents, max_se=0.005)
    # Less variable handle times wait much less than Erlang C's exponential ones
    # (Allen-Cunneen: about (1 + cv^2) / 2 = 0.55 of the M/M/N wait).
    asa = statistics.fmean(t.asa for t in reps)
    assert asa < 0.8 * average_speed_of_answer(traffic, agents, aht)


def test_seed_determinism() -> None:
    day = constant_day(9.0, 240.0, 10, 6)
    a = simulate_day(day, aht_seconds=240.0, patience_seconds=90.0, seed=7)
    b = simulate_day(day, aht_seconds=240.0, patience_seconds=90.0, seed=7)
    c = simulate_day(day, aht_seconds=240.0, patience_seconds=90.0, seed=8)
    assert a == b
    assert a.to_dict() == b.to_dict()
    assert a != c


def test_totals_are_sums_of_intervals() -> None:
    day = [
        IntervalInput(0.0, 40.0, 5),
        IntervalInput(1800.0, 90.0, 8),
        IntervalInput(3600.0, 20.0, 3),
    ]
    res = simulate_day(day, aht_seconds=200.0, patience_seconds=60.0, seed=3)
    assert res.total.offered == sum(s.offered for s in res.intervals)
    assert res.total.answered + res.total.abandoned == res.total.offered
    for s in res.intervals:
        assert s.answered + s.abandoned == s.offered
        assert s.answered_within_target <= s.answered
        assert 0.0 <= s.service_level <= 1.0
    assert res.total.staffed_agent_seconds == (5 + 8 + 3) * 1800.0


def test_agents_leaving_finish_their_calls_and_answer_nobody_new() -> None:
    # 3 agents for half an hour, then nobody: calls in hand are finished after the change
    # (busy time in interval 2 although it has zero agents) but no caller arriving in
    # interval 2 is answered; with finite patience they all abandon.
    day = [IntervalInput(0.0, 60.0, 3), IntervalInput(1800.0, 30.0, 0)]
    res = simulate_day(day, aht_seconds=600.0, patience_seconds=60.0, seed=11)
    first, second = res.intervals
    assert first.answered > 0
    assert second.offered > 0
    assert second.answered == 0
    assert second.abandoned == second.offered
    assert second.busy_agent_seconds > 0.0
    assert second.occupancy == 0.0  # no staffed time to divide by


def test_waiting_callers_without_agents_or_patience_are_counted_as_lost() -> None:
    day = [IntervalInput(0.0, 25.0, 0)]
    res = simulate_day(day, aht_seconds=300.0, seed=5)
    assert res.total.offered > 0
    assert res.total.answered == 0
    assert res.total.abandoned == res.total.offered
    assert res.total.service_level == 0.0


def test_gap_between_intervals_has_no_arrivals_and_no_agents() -> None:
    day = [IntervalInput(0.0, 100.0, 5), IntervalInput(7200.0, 100.0, 5)]
    res = simulate_day(day, aht_seconds=60.0, seed=2)
    # No arrivals happen outside the intervals, and every call is eventually answered.
    assert res.total.answered == res.total.offered
    assert 50 < res.intervals[0].offered < 160
    assert 50 < res.intervals[1].offered < 160


def test_empty_interval() -> None:
    res = simulate_day([IntervalInput(0.0, 0.0, 2)], aht_seconds=300.0, seed=1)
    st = res.intervals[0]
    assert st.offered == 0
    assert st.service_level == 1.0
    assert st.abandon_rate == 0.0
    assert st.occupancy == 0.0


@pytest.mark.parametrize(
    "kwargs",
    [
        {"aht_seconds": 0.0},
        {"aht_seconds": 300.0, "patience_seconds": 0.0},
        {"aht_seconds": 300.0, "handle_time": "gamma"},
        {"aht_seconds": 300.0, "handle_time": "lognormal", "cv": 0.0},
    ],
)
def test_invalid_arguments(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        simulate_day([IntervalInput(0.0, 10.0, 1)], seed=1, **kwargs)  # type: ignore[arg-type]


def test_overlapping_intervals_rejected() -> None:
    with pytest.raises(ValueError):
        simulate_day(
            [IntervalInput(0.0, 10.0, 1), IntervalInput(1000.0, 10.0, 1)],
            aht_seconds=300.0,
            seed=1,
        )
