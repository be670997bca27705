"""Benchmark: agents_for_service_level (AHT 300 s, 80 % within 20 s) from 10 to 10^6 Erlangs.

Our numbers (project venv, from the repository root):

    .venv/bin/python bench/bench_erlang.py

Comparison with pyworkforce (installed in a separate venv, never a project dependency):

    python3 -m venv /tmp/pwf && /tmp/pwf/bin/pip install pyworkforce
    PYTHONPATH=/work/main /tmp/pwf/bin/python bench/bench_erlang.py

pyworkforce's ErlangC takes transactions per interval, AHT, the target answer time (its
``asa`` argument is the service-level threshold) and the interval length in the same time
unit; A Erlangs over a 1800 s interval with AHT 300 s is ``transactions = 6 * A``.  Each
pyworkforce run is cut off after ``PWF_TIMEOUT`` seconds and then reported as "> X s".
"""

from __future__ import annotations

import platform
import signal
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import FrameType

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fukyu.staffing.erlang import agents_for_service_level, lines_for_blocking

AHT, TARGET, SL = 300.0, 20.0, 0.80
INTERVAL = 1800.0
LOADS = [10.0, 100.0, 1_000.0, 10_000.0, 100_000.0, 1_000_000.0]
PWF_TIMEOUT = 120.0

try:
    from pyworkforce.queuing import ErlangC
except ImportError:
    ErlangC = None


class _TimeoutError(Exception):
    pass


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    raise _TimeoutError


def median_time(
    func: Callable[[], int], min_total: float = 0.3, min_runs: int = 5
) -> tuple[int, float]:
    """Median wall time (perf_counter) over repeats, after one warm-up call."""
    result = func()
    times: list[float] = []
    start = time.perf_counter()
    while len(times) < min_runs or (time.perf_counter() - start < min_total and len(times) < 1000):
        t0 = time.perf_counter()
        func()
        times.append(time.perf_counter() - t0)
    return result, statistics.median(times)


def pyworkforce_agents(traffic: float) -> int:
    assert ErlangC is not None
    erlang = ErlangC(
        transactions=traffic * INTERVAL / AHT, aht=AHT, asa=TARGET, interval=INTERVAL, shrinkage=0.0
    )
    return int(erlang.required_positions(service_level=SL, max_occupancy=1.0)["raw_positions"])


def time_pyworkforce(traffic: float) -> tuple[int | None, float | None, int]:
    """(agents, median seconds, runs), or (None, None, 0) after a timeout."""
    runs = 5 if traffic <= 10_000 else 1
    signal.signal(signal.SIGALRM, _on_alarm)
    times = []
    result = None
    try:
        for _ in range(runs):
            signal.setitimer(signal.ITIMER_REAL, PWF_TIMEOUT)
            t0 = time.perf_counter()
            result = pyworkforce_agents(traffic)
            times.append(time.perf_counter() - t0)
            signal.setitimer(signal.ITIMER_REAL, 0)
    except _TimeoutError:
        return None, None, 0
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    return result, statistics.median(times), runs


def main() -> None:
    print(f"python {platform.python_version()} ({sys.executable})")
    print(f"agents_for_service_level: AHT {AHT:.0f} s, {SL:.0%} within {TARGET:.0f} s")
    if ErlangC is None:
        print("pyworkforce not installed: skipping the comparison column")
    header = f"{'A (Erl)':>10} {'agents':>8} {'ours ms':>10} {'lines 1%':>9} {'lines ms':>9}"
    if ErlangC is not None:
        header += f" {'pwf agents':>10} {'pwf ms':>12} {'pwf/ours':>10}"
    print(header)
    for traffic in LOADS:
        agents, ours = median_time(lambda a=traffic: agents_for_service_level(a, AHT, TARGET, SL))
        lines, lines_t = median_time(lambda a=traffic: lines_for_blocking(a, 0.01))
        row = f"{traffic:>10.0f} {agents:>8d} {ours * 1e3:>10.4f} {lines:>9d} {lines_t * 1e3:>9.4f}"
        if ErlangC is not None:
            pwf_agents, pwf_t, _ = time_pyworkforce(traffic)
            if pwf_t is None:
                row += f" {'-':>10} {f'> {PWF_TIMEOUT:.0f} s':>12} {'-':>10}"
            else:
                same = "" if pwf_agents == agents else " (differs!)"
                row += f" {pwf_agents:>10d} {pwf_t * 1e3:>12.3f} {pwf_t / ours:>9.0f}x{same}"
        print(row, flush=True)


if __name__ == "__main__":
    main()
