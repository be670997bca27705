"""One planned day: the Erlang figures beside a bounded discrete-event simulation.

The plan sizes each 30-minute interval on its own as a steady-state Erlang C queue (callers
never hang up, exponential handle times).  The simulation plays the same day with the
planned agents, carrying the queue from one interval to the next, with lognormal handle
times and impatient callers if asked, so a supervisor can see how much those assumptions
matter.  Runs are seeded (the same inputs give the same numbers), limited to a few
replications and stopped at a time cap so the page answers within a couple of seconds.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

from fukyu.staffing.erlang import erlang_a
from fukyu.staffing.plan import IntervalPlan, PlanInputs
from fukyu.staffing.simulation import HandleTime, IntervalInput, Totals, simulate_day

TIME_CAP_SECONDS = 1.5
MAX_REPLICATIONS = 20


@dataclass(frozen=True)
class Figures:
    service_level: float
    abandon_rate: float
    occupancy: float


@dataclass(frozen=True)
class IntervalComparison:
    start: str
    forecast_calls: float
    agents: int
    erlang_c: Figures
    erlang_a: Figures
    simulated: Figures
    simulated_offered: float
    """Mean number of simulated callers per replication."""


@dataclass(frozen=True)
class Comparison:
    intervals: list[IntervalComparison]
    erlang_c: Figures
    erlang_a: Figures
    simulated: Figures
    simulated_offered: float
    replications: int
    requested: int
    elapsed_seconds: float

    @property
    def capped(self) -> bool:
        return self.replications < self.requested


def _erlang(iv: IntervalPlan, inputs: PlanInputs) -> tuple[Figures, Figures]:
    if iv.forecast_calls <= 0 or iv.agents <= 0:
        idle = Figures(service_level=1.0, abandon_rate=0.0, occupancy=0.0)
        return idle, idle
    c = Figures(service_level=iv.service_level, abandon_rate=0.0, occupancy=iv.traffic / iv.agents)
    a = erlang_a(
        iv.forecast_calls / inputs.interval_seconds,
        inputs.aht_seconds,
        inputs.patience_seconds,
        iv.agents,
        inputs.service_level_seconds,
    )
    return c, Figures(a["service_level"], a["p_abandon"], a["occupancy"])


def _weighted(items: Sequence[tuple[float, Figures]], busy: float, staffed: float) -> Figures:
    total = sum(w for w, _ in items)
    if total <= 0:
        return Figures(1.0, 0.0, 0.0)
    return Figures(
        service_level=sum(w * f.service_level for w, f in items) / total,
        abandon_rate=sum(w * f.abandon_rate for w, f in items) / total,
        occupancy=busy / staffed if staffed > 0 else 0.0,
    )


def _sim_figures(t: Totals) -> Figures:
    return Figures(t.service_level, t.abandon_rate, t.occupancy)


def compare_day(
    intervals: Sequence[IntervalPlan],
    *,
    inputs: PlanInputs,
    handle_time: HandleTime = "exponential",
    cv: float = 1.0,
    with_patience: bool = True,
    replications: int = 5,
    seed: int = 1,
    time_cap_seconds: float = TIME_CAP_SECONDS,
) -> Comparison:
    """Erlang C, Erlang A and the simulation for one day of planned intervals.

    Replication ``r`` uses seed ``seed + r``; replications stop early once
    ``time_cap_seconds`` have passed (at least one always runs).
    """
    replications = max(1, min(replications, MAX_REPLICATIONS))
    length = float(inputs.interval_seconds)
    sim_input = [
        IntervalInput(
            start_seconds=i * length,
            expected_calls=iv.forecast_calls,
            agents=iv.agents,
            length_seconds=length,
        )
        for i, iv in enumerate(intervals)
    ]
    per_interval = [Totals() for _ in intervals]
    total = Totals()
    started = time.perf_counter()
    done = 0
    for r in range(replications):
        result = simulate_day(
            sim_input,
            aht_seconds=inputs.aht_seconds,
            patience_seconds=inputs.patience_seconds if with_patience else None,
            handle_time=handle_time,
            cv=cv,
            target_seconds=inputs.service_level_seconds,
            seed=seed + r,
        )
        for acc, st in zip(per_interval, result.intervals, strict=True):
            acc.add(st)
        total.add(result.total)
        done += 1
        if time.perf_counter() - started > time_cap_seconds:
            break
    elapsed = time.perf_counter() - started

    rows: list[IntervalComparison] = []
    c_items: list[tuple[float, Figures]] = []
    a_items: list[tuple[float, Figures]] = []
    c_busy = a_busy = staffed = 0.0
    for iv, acc in zip(intervals, per_interval, strict=True):
        c, a = _erlang(iv, inputs)
        rows.append(
            IntervalComparison(
                start=iv.start,
                forecast_calls=iv.forecast_calls,
                agents=iv.agents,
                erlang_c=c,
                erlang_a=a,
                simulated=_sim_figures(acc),
                simulated_offered=acc.offered / done,
            )
        )
        c_items.append((iv.forecast_calls, c))
        a_items.append((iv.forecast_calls, a))
        c_busy += c.occupancy * iv.agents
        a_busy += a.occupancy * iv.agents
        staffed += iv.agents
    return Comparison(
        intervals=rows,
        erlang_c=_weighted(c_items, c_busy, staffed),
        erlang_a=_weighted(a_items, a_busy, staffed),
        simulated=_sim_figures(total),
        simulated_offered=total.offered / done,
        replications=done,
        requested=replications,
        elapsed_seconds=elapsed,
    )
