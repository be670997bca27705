"""Benchmark: importing Asterisk cdr-csv call records (default 1,000,000 lines) into the
PostgreSQL database `fukyu_bench`, then importing the same file again (adds nothing).

    .venv/bin/python bench/bench_callcenter_calls.py [--rows 1000000]

The generated file (synthetic numbers in the 090-0000-xxxx range) is written to a temporary
directory and removed afterwards. The call records the bench makes (uniqueid "bench.N") are
deleted at the start and, unless --keep, at the end (other apps' benches read call records).
PostgreSQL stores them with COPY into a temporary table and one INSERT (calls_store.py).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.update(
    {
        "DJANGO_SETTINGS_MODULE": "config.settings.prod",
        # BENCH_DATABASE_URL=sqlite:///… measures the portable path (a migrated database).
        "DATABASE_URL": os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/fukyu_bench"
        ),
        "FUKYU_SSL_REDIRECT": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "LOG_LEVEL": "ERROR",
    }
)
import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from fukyu.callcenter.calls_import import calls_import  # noqa: E402
from fukyu.callcenter.models import CallRecord  # noqa: E402
from fukyu.core.selectors import active_contract  # noqa: E402

RNG = random.Random(20241105)


def write_file(path: Path, rows: int) -> None:
    start = dt.datetime(2024, 11, 1, 8, 30)
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        for i in range(rows):
            t = start + dt.timedelta(seconds=i * 12)
            answered = RNG.random() < 0.85
            wait = RNG.randint(3, 90)
            talk = RNG.randint(30, 900) if answered else 0
            src = f"090{RNG.randint(0, 99_999):08d}"
            w.writerow(
                [
                    "",
                    src,
                    "0120000000",
                    "from-trunk",
                    f'"" <{src}>',
                    "SIP/trunk-0001",
                    "SIP/op-0002",
                    "Dial",
                    "SIP/op",
                    f"{t:%Y-%m-%d %H:%M:%S}",
                    f"{t + dt.timedelta(seconds=wait):%Y-%m-%d %H:%M:%S}" if answered else "",
                    f"{t + dt.timedelta(seconds=wait + talk):%Y-%m-%d %H:%M:%S}",
                    str(wait + talk),
                    str(talk),
                    "ANSWERED" if answered else "NO ANSWER",
                    "DOCUMENTATION",
                    f"bench.{i}",
                    "",
                ]
            )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--keep", action="store_true", help="keep the imported records")
    args = parser.parse_args()
    call_command("migrate", "callcenter", verbosity=0)
    contract = active_contract()
    CallRecord.objects.filter(contract=contract, uniqueid__startswith="bench.").delete()
    load = os.getloadavg()
    print(
        f"nproc {os.cpu_count()}, Python {platform.python_version()}, "
        f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "Master.csv"
        write_file(path, args.rows)
        for label in ("first import", "re-import"):
            t0 = time.perf_counter()
            with path.open(encoding="utf-8", newline="") as stream:
                result = calls_import(contract=contract, stream=stream, fmt="asterisk")
            took = time.perf_counter() - t0
            print(f"{label}: {result.read} lines, {result.added} added in {took:.1f} s")
    if not args.keep:
        CallRecord.objects.filter(contract=contract, uniqueid__startswith="bench.").delete()


if __name__ == "__main__":
    main()
