"""Benchmark: build the Miyagi season plan (2024-11 .. 2025-03, 134 open days).

Run from the repository root:  .venv/bin/python bench/bench_plan.py
"""

from __future__ import annotations

import json
import platform
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fukyu.staffing.plan import PlanInputs, build_season_plan

MONTHS = [
    (2024, 11, 8000.0),
    (2024, 12, 12000.0),
    (2025, 1, 12000.0),
    (2025, 2, 5000.0),
    (2025, 3, 3000.0),
]


def miyagi_open_days() -> list[date]:
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
    closed.update(date(2024, 12, 29) + timedelta(days=i) for i in range(6))  # 12-29..01-03
    days = []
    day = date(2024, 11, 1)
    while day <= date(2025, 3, 28):
        if day not in closed:
            days.append(day)
        day += timedelta(days=1)
    return days


def main() -> None:
    open_days = miyagi_open_days()
    assert len(open_days) == 134, len(open_days)
    inputs = PlanInputs(months=MONTHS, open_days=open_days, aht_seconds=360.0)
    repeats = 21
    build, full = [], []
    plan = build_season_plan(inputs)
    for _ in range(repeats):
        t0 = time.perf_counter()
        plan = build_season_plan(inputs)
        t1 = time.perf_counter()
        payload = json.dumps(plan.to_dict())
        t2 = time.perf_counter()
        build.append(t1 - t0)
        full.append(t2 - t0)
    print(
        f"python {platform.python_version()}  open days {len(open_days)}  "
        f"intervals {len(plan.intervals)}  json bytes {len(payload)}"
    )
    print(
        f"build_season_plan            median {statistics.median(build) * 1e3:8.2f} ms  "
        f"min {min(build) * 1e3:8.2f} ms  ({repeats} runs)"
    )
    print(
        f"build + to_dict + json.dumps median {statistics.median(full) * 1e3:8.2f} ms  "
        f"min {min(full) * 1e3:8.2f} ms"
    )
    for m in plan.months:
        print(
            f"  {m.month}: calls {m.forecast_calls:7.0f}  open days {m.open_days:3d}  "
            f"peak agents {m.peak_agents:3d}  peak headcount {m.peak_headcount:3d}  "
            f"peak lines {m.peak_lines:3d}  agent hours {m.agent_hours:8.1f}  "
            f"abandon {m.expected_abandon_rate:6.2%}"
        )


if __name__ == "__main__":
    main()
