"""Benchmark: one day's call-center report (numbers + XLSX + PDF), a week's and a month's
summary, in the PostgreSQL database `fukyu_bench` holding 1,000,000 inquiries (see
bench_callcenter_search.py, which generates them with COPY).

    .venv/bin/python bench/bench_callcenter_reports.py [--runs 3] [--no-vacuum]

The bench server runs with autovacuum off, so after a bulk load no page is marked all-visible
and every count reads the table itself. Production runs autovacuum; by default the bench first
runs `VACUUM (ANALYZE)` on the inquiry table to measure that state (--no-vacuum skips it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.update(
    {
        "DJANGO_SETTINGS_MODULE": "config.settings.prod",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/fukyu_bench",
        "FUKYU_SSL_REDIRECT": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "LOG_LEVEL": "ERROR",
    }
)
import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.db.models.functions import TruncDate  # noqa: E402

from fukyu.callcenter.daily_report import (  # noqa: E402
    daily_report,
    monthly_report,
    weekly_report,
)
from fukyu.callcenter.models import CallRecord, Inquiry  # noqa: E402
from fukyu.callcenter.report_files import report_pdf, report_xlsx  # noqa: E402
from fukyu.core.calendar import TOKYO  # noqa: E402
from fukyu.core.selectors import active_contract  # noqa: E402


def machine() -> str:
    cpu = subprocess.run(
        ["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    load = os.getloadavg()
    return (
        f"nproc {os.cpu_count()}, {cpu}, Python {platform.python_version()}, "
        f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
    )


def timed(label: str, fn: object, runs: int) -> None:
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()  # type: ignore[operator]
        samples.append(time.perf_counter() - t0)
    print(
        f"{label}: median {statistics.median(samples):.3f} s, max {max(samples):.3f} s ({runs} runs)"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-vacuum", action="store_true")
    parser.add_argument("--day", default="", help="YYYY-MM-DD (default: the busiest day)")
    args = parser.parse_args()
    call_command("migrate", "callcenter", verbosity=0)
    if not args.no_vacuum:
        t0 = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE) callcenter_inquiry")
        print(f"VACUUM (ANALYZE) callcenter_inquiry: {time.perf_counter() - t0:.1f} s")
    contract = active_contract()
    total = Inquiry.objects.filter(contract=contract).count()
    if args.day:
        day = dt.date.fromisoformat(args.day)
    else:  # the busiest day of the generated season (other benches add rows dated today)
        busiest = (
            Inquiry.objects.filter(
                contract=contract, received_at__lt=dt.datetime(2025, 4, 1, tzinfo=TOKYO)
            )
            .annotate(d=TruncDate("received_at", tzinfo=TOKYO))
            .values("d")
            .annotate(n=Count("id"))
            .order_by("-n")
            .first()
        )
        assert busiest is not None
        day = busiest["d"]
    lo = dt.datetime.combine(day, dt.time(), tzinfo=TOKYO)
    hi = lo + dt.timedelta(days=1)
    on_day = Inquiry.objects.filter(contract=contract, received_at__gte=lo, received_at__lt=hi)
    month_lo = lo.replace(day=1)
    month_hi = (month_lo + dt.timedelta(days=32)).replace(day=1)
    in_month = Inquiry.objects.filter(
        contract=contract, received_at__gte=month_lo, received_at__lt=month_hi
    )
    calls = CallRecord.objects.filter(contract=contract, start__gte=lo, start__lt=hi).count()
    print(machine())
    print(
        f"{total} inquiries; day {day}: {on_day.count()} inquiries, {calls} call records; "
        f"its month: {in_month.count()} inquiries"
    )

    def one_day() -> None:
        report = daily_report(contract=contract, day=day)
        report_xlsx(contract=contract, report=report)
        report_pdf(contract=contract, report=report)

    def one_week() -> None:
        report = weekly_report(contract=contract, day=day)
        report_xlsx(contract=contract, report=report)
        report_pdf(contract=contract, report=report)

    def one_month() -> None:
        report = monthly_report(contract=contract, year=day.year, month=day.month)
        report_xlsx(contract=contract, report=report)
        report_pdf(contract=contract, report=report)

    timed("daily report numbers only", lambda: daily_report(contract=contract, day=day), args.runs)
    timed("daily report numbers + XLSX + PDF", one_day, args.runs)
    timed("weekly summary numbers + XLSX + PDF", one_week, args.runs)
    timed(
        "monthly summary numbers only",
        lambda: monthly_report(contract=contract, year=day.year, month=day.month),
        args.runs,
    )
    timed("monthly summary numbers + XLSX + PDF", one_month, args.runs)


if __name__ == "__main__":
    main()
