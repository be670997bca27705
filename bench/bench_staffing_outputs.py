"""Benchmark: the Miyagi season plan with every output the users get.

From the repository root:  .venv/bin/python bench/bench_staffing_outputs.py

Reads the default contract file (no database: the contract, the staffing settings with their
defaults and the plan are built in memory) and times, over repeated runs:

* ``contract_plan``-equivalent: inputs from the contract and settings + build_season_plan;
* the JSON of the command and the API (``payload()`` + ``json.dumps``);
* the three SVG charts of the plan page;
* the XLSX workbook for the staffing vendor (openpyxl);
* one simulated day (5 replications, lognormal handle times, patience) beside Erlang.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.utils import timezone  # noqa: E402

from fukyu.core.contract_config import load_contract_file  # noqa: E402
from fukyu.core.models import Contract  # noqa: E402
from fukyu.staffing import pagecharts  # noqa: E402
from fukyu.staffing.compare import compare_day  # noqa: E402
from fukyu.staffing.models import StaffingSettings  # noqa: E402
from fukyu.staffing.planning import ContractPlan, build_inputs, run_plan  # noqa: E402
from fukyu.staffing.xlsx import plan_workbook  # noqa: E402

REPEATS = 11


def timed(fn: Callable[[], object], repeats: int = REPEATS) -> tuple[float, float, object]:
    fn()  # warm-up
    runs = []
    out: object = None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs) * 1e3, min(runs) * 1e3, out


def main() -> None:
    config = load_contract_file(Path(settings.FUKYU_DEFAULT_CONTRACT))
    contract = Contract(
        code=config.code,
        name=config.name,
        fiscal_year=config.fiscal_year,
        config=config.to_json(),
        loaded_at=timezone.now(),
    )
    staffing = StaffingSettings(contract=contract)

    def plan() -> ContractPlan:
        inputs = build_inputs(
            config=contract.settings, calendar=contract.calendar, settings=staffing, peaks={}
        )
        return ContractPlan(contract, staffing, inputs, run_plan(inputs), None, [])

    result = plan()
    day = result.plan.days[0].date
    rows = [
        ("plan: inputs + build_season_plan", plan),
        ("JSON: payload() + json.dumps", lambda: json.dumps(plan().payload())),
        (
            "page charts: plan + 3 SVG charts",
            lambda: [
                pagecharts.day_agents(r := plan(), day),
                pagecharts.season_headcount(r),
                pagecharts.season_lines(r),
            ],
        ),
        ("XLSX: plan + workbook bytes", lambda: plan_workbook(plan())),
        (
            "simulation page: plan + 5 replications of one day",
            lambda: compare_day(
                (r := plan()).intervals_by_date[day],
                inputs=r.inputs,
                handle_time="lognormal",
                replications=5,
            ),
        ),
    ]
    print(
        f"python {platform.python_version()}  cpus {os.cpu_count()}  "
        f"open days {len(result.plan.days)}  intervals {len(result.plan.intervals)}"
    )
    sizes = {
        "JSON bytes": len(json.dumps(result.payload())),
        "XLSX bytes": len(plan_workbook(result)),
    }
    for label, fn in rows:
        med, low, _ = timed(fn)
        print(f"{label:52s} median {med:8.1f} ms  min {low:8.1f} ms  ({REPEATS} runs)")
    for label, size in sizes.items():
        print(f"{label}: {size:,}")


if __name__ == "__main__":
    main()
