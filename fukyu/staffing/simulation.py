"""Discrete-event simulation of one call-center day.

Pure Python (``heapq`` + ``random.Random``), deterministic for a given seed.  It is used to
check the analytic Erlang C / Erlang A results and to look at situations they do not
cover: non-exponential handle times, staffing that changes during the day, the warm-up
after opening.

Model
-----
* Calls arrive as a Poisson process whose rate is piecewise constant: in each interval the
  rate is ``expected_calls / length_seconds``.  No calls arrive outside the intervals.
* One FCFS queue.  An arriving caller takes a free agent at once if there is one, otherwise
  waits.  With ``patience_seconds`` set, each caller's patience is exponential with that
  mean and a caller still waiting when it runs out hangs up (abandons).
* Handle times are exponential, or lognormal with the given mean and coefficient of
  variation ``cv``.
* The number of agents changes at interval boundaries (zero in gaps between intervals).
  An agent leaving finishes the call in hand; nobody new is answered until the number of
  busy agents is below the new staffing.
* After the last interval no new calls arrive; the staffing of the last interval stays on
  until the queue is empty.  Callers still waiting when nothing else can happen (no agent
  and infinite patience) are counted as abandoned at that point.

Statistics are attributed to the interval in which the caller arrived (offered, answered,
abandoned, waits).  Busy agent time is attributed to the interval in which it is spent;
occupancy is busy agent-seconds over staffed agent-seconds, so it can slightly exceed 1 in
an interval where leaving agents finish calls.
"""

from __future__ import annotations

import heapq
import math
import random
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

__all__ = ["IntervalInput", "IntervalStats", "SimulationResult", "Totals", "simulate_day"]

HandleTime = Literal["exponential", "lognormal"]

# Event kinds, ordered so that at equal times staffing changes come first, then call
# completions, then abandonments, then arrivals.
_STAFF = 0
_DEPART = 1
_ABANDON = 2
_ARRIVE = 3

_GAP = -1
_CLOSE = -2

_WAITING = 0
_DONE = 1


@dataclass(frozen=True)
class IntervalInput:
    """One planning interval: when it starts, how many calls are expected, who is staffed."""

    start_seconds: float
    expected_calls: float
    agents: int
    length_seconds: float = 1800.0


@dataclass
class Totals:
    """Counters with the derived measures; used per interval and for the whole day."""

    offered: int = 0
    answered: int = 0
    abandoned: int = 0
    waited: int = 0
    """Callers who found every agent busy on arrival."""
    answered_within_target: int = 0
    wait_answered_seconds: float = 0.0
    """Sum of the waits of answered callers."""
    busy_agent_seconds: float = 0.0
    staffed_agent_seconds: float = 0.0

    @property
    def service_level(self) -> float:
        """Answered within the target divided by offered (1.0 when nothing was offered)."""
        return self.answered_within_target / self.offered if self.offered else 1.0

    @property
    def abandon_rate(self) -> float:
        return self.abandoned / self.offered if self.offered else 0.0

    @property
    def p_wait(self) -> float:
        return self.waited / self.offered if self.offered else 0.0

    @property
    def asa(self) -> float:
        """Mean wait of answered callers, seconds."""
        return self.wait_answered_seconds / self.answered if self.answered else 0.0

    @property
    def occupancy(self) -> float:
        if self.staffed_agent_seconds <= 0.0:
            return 0.0
        return self.busy_agent_seconds / self.staffed_agent_seconds

    def add(self, other: Totals) -> None:
        self.offered += other.offered
        self.answered += other.answered
        self.abandoned += other.abandoned
        self.waited += other.waited
        self.answered_within_target += other.answered_within_target
        self.wait_answered_seconds += other.wait_answered_seconds
        self.busy_agent_seconds += other.busy_agent_seconds
        self.staffed_agent_seconds += other.staffed_agent_seconds

    def to_dict(self) -> dict[str, float | int]:
        return {
            "offered": self.offered,
            "answered": self.answered,
            "abandoned": self.abandoned,
            "service_level": self.service_level,
            "abandon_rate": self.abandon_rate,
            "asa": self.asa,
            "occupancy": self.occupancy,
        }


@dataclass
class IntervalStats(Totals):
    """Results for one input interval."""

    start_seconds: float = 0.0
    length_seconds: float = 0.0
    agents: int = 0


@dataclass
class SimulationResult:
    intervals: list[IntervalStats] = field(default_factory=list)
    total: Totals = field(default_factory=Totals)

    def to_dict(self) -> dict[str, object]:
        return {
            "intervals": [
                {"start_seconds": s.start_seconds, "agents": s.agents, **s.to_dict()}
                for s in self.intervals
            ],
            "total": self.total.to_dict(),
        }


def _validate(intervals: Sequence[IntervalInput]) -> None:
    end = -math.inf
    for iv in intervals:
        if not (iv.length_seconds > 0 and math.isfinite(iv.length_seconds)):
            raise ValueError("interval length must be > 0")
        if iv.expected_calls < 0 or iv.agents < 0:
            raise ValueError("expected_calls and agents must be >= 0")
        if iv.start_seconds < end:
            raise ValueError("intervals must be sorted and must not overlap")
        end = iv.start_seconds + iv.length_seconds


def simulate_day(
    intervals: Sequence[IntervalInput],
    *,
    aht_seconds: float,
    patience_seconds: float | None = None,
    handle_time: HandleTime = "exponential",
    cv: float = 1.0,
    target_seconds: float = 20.0,
    seed: int | None = None,
) -> SimulationResult:
    """Simulate one day; see the module docstring for the model.

    ``patience_seconds`` is the mean of the exponential patience (``None``: nobody hangs
    up).  ``cv`` is the coefficient of variation of lognormal handle times.
    """
    _validate(intervals)
    if not aht_seconds > 0:
        raise ValueError("aht_seconds must be > 0")
    if patience_seconds is not None and not patience_seconds > 0:
        raise ValueError("patience_seconds must be > 0 or None")
    if handle_time not in ("exponential", "lognormal"):
        raise ValueError(f"unknown handle_time {handle_time!r}")
    if handle_time == "lognormal" and not cv > 0:
        raise ValueError("cv must be > 0")
    rng = random.Random(seed)  # noqa: S311 -- reproducible simulation, not cryptography
    sigma = math.sqrt(math.log1p(cv * cv))
    log_mu = math.log(aht_seconds) - sigma * sigma / 2.0
    lognormal = handle_time == "lognormal"
    abandon_rate = 1.0 / patience_seconds if patience_seconds is not None else 0.0

    stats = [
        IntervalStats(
            start_seconds=iv.start_seconds,
            length_seconds=iv.length_seconds,
            agents=iv.agents,
            staffed_agent_seconds=iv.agents * iv.length_seconds,
        )
        for iv in intervals
    ]
    events: list[tuple[float, int, int, int]] = []
    seq = 0

    def push(time: float, kind: int, payload: int) -> None:
        nonlocal seq
        seq += 1
        heapq.heappush(events, (time, kind, seq, payload))

    # Staffing changes: payload = index of the interval that starts, _GAP for the end of an
    # interval followed by a gap (zero agents), _CLOSE for the end of the last interval.
    for i, iv in enumerate(intervals):
        push(iv.start_seconds, _STAFF, i)
        end = iv.start_seconds + iv.length_seconds
        if i + 1 == len(intervals):
            push(end, _STAFF, _CLOSE)
        elif intervals[i + 1].start_seconds > end:
            push(end, _STAFF, _GAP)

    def next_arrival(time: float, idx: int) -> None:
        """Schedule the first arrival after ``time`` at or after interval ``idx``."""
        while idx < len(intervals):
            iv = intervals[idx]
            start = max(time, iv.start_seconds)
            end = iv.start_seconds + iv.length_seconds
            if iv.expected_calls > 0:
                t = start + rng.expovariate(iv.expected_calls / iv.length_seconds)
                if t < end:
                    push(t, _ARRIVE, idx)
                    return
            idx += 1
            time = end

    if intervals:
        next_arrival(intervals[0].start_seconds, 0)

    staffing = 0
    busy = 0
    active = -1  # interval whose clock is running (for busy time), -1 outside intervals
    last_time = intervals[0].start_seconds if intervals else 0.0
    queue: deque[int] = deque()
    arrival_time: list[float] = []
    arrival_interval: list[int] = []
    state: list[int] = []

    def start_service(now: float) -> None:
        nonlocal busy
        while queue and busy < staffing:
            caller = queue.popleft()
            if state[caller] != _WAITING:
                continue
            state[caller] = _DONE
            wait = now - arrival_time[caller]
            st = stats[arrival_interval[caller]]
            st.answered += 1
            st.wait_answered_seconds += wait
            if wait <= target_seconds:
                st.answered_within_target += 1
            busy += 1
            if lognormal:
                handle = rng.lognormvariate(log_mu, sigma)
            else:
                handle = rng.expovariate(1.0 / aht_seconds)
            push(now + handle, _DEPART, 0)

    while events:
        now, kind, _, payload = heapq.heappop(events)
        if active >= 0:
            stats[active].busy_agent_seconds += busy * (now - last_time)
        last_time = now
        if kind == _ARRIVE:
            caller = len(state)
            state.append(_WAITING)
            arrival_time.append(now)
            arrival_interval.append(payload)
            st = stats[payload]
            st.offered += 1
            if busy >= staffing:
                st.waited += 1
            queue.append(caller)
            start_service(now)
            if state[caller] == _WAITING and abandon_rate > 0.0:
                push(now + rng.expovariate(abandon_rate), _ABANDON, caller)
            next_arrival(now, payload)
        elif kind == _DEPART:
            busy -= 1
            start_service(now)
        elif kind == _ABANDON:
            if state[payload] == _WAITING:
                state[payload] = _DONE
                stats[arrival_interval[payload]].abandoned += 1
        else:  # _STAFF
            active = payload if payload >= 0 else -1
            if payload >= 0:
                staffing = intervals[payload].agents
            elif payload == _GAP:
                staffing = 0
            # _CLOSE: the last staffing stays on to drain the queue.
            start_service(now)

    for caller in queue:
        if state[caller] == _WAITING:
            state[caller] = _DONE
            stats[arrival_interval[caller]].abandoned += 1

    total = Totals()
    for st in stats:
        total.add(st)
    return SimulationResult(intervals=stats, total=total)
