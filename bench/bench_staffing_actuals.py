"""Benchmark: actual counts per date and 30-minute interval at 1,000,000 inquiries and
1,000,000 call records.

From the repository root (SQLite in /tmp, then PostgreSQL):

    .venv/bin/python bench/bench_staffing_actuals.py
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/fukyu_bench_staffing \\
        .venv/bin/python bench/bench_staffing_actuals.py

A scratch database (created, migrated and, unless ``--keep``, removed at the end) gets the
default contract, ``--rows`` synthetic telephone inquiries (default 1,000,000) spread over
the season's open days and opening hours in proportion to the plan, and ``--calls`` call
records (default 1,000,000; 0 for none) the same way.  Timed, median of 5:

* ``inquiry_counts_by_interval`` and ``call_counts_by_interval`` over the whole season (one
  aggregate query each) and for one day (what the home panel asks);
* ``actuals_report`` (plan + counts + short intervals + re-forecast), i.e. the actuals page
  without the HTML, with the default source (call records where a day has them, else
  inquiries) and with the inquiries only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SQLITE_PATH = Path("/tmp/fukyu-bench-staffing.sqlite3")  # noqa: S108 -- scratch bench file
URL = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{SQLITE_PATH}")
os.environ["DATABASE_URL"] = URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

if URL.startswith("postgres"):
    import psycopg

    base, _, name = URL.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from fukyu.accounts.models import User  # noqa: E402
from fukyu.callcenter.models import CallRecord, Inquiry  # noqa: E402
from fukyu.core.calendar import TOKYO  # noqa: E402
from fukyu.core.models import InquiryCategory  # noqa: E402
from fukyu.core.services import contract_load  # noqa: E402
from fukyu.staffing.actuals import actuals_report  # noqa: E402
from fukyu.staffing.planning import contract_plan  # noqa: E402
from fukyu.staffing.selectors import (  # noqa: E402
    call_counts_by_interval,
    inquiry_counts_by_interval,
)


def timed(fn: Callable[[], object], repeats: int = 5) -> tuple[float, float]:
    fn()
    runs = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs) * 1e3, min(runs) * 1e3


def fill(rows: int) -> float:
    """Insert ``rows`` inquiries with executemany (the values of every other column come from
    one template Inquiry, so new model fields with defaults keep working)."""
    contract = contract_load(path=Path(settings.FUKYU_DEFAULT_CONTRACT))
    plan = contract_plan(contract=contract).plan
    total = sum(iv.forecast_calls for iv in plan.intervals)
    expected = sum(round(iv.forecast_calls * rows / total) for iv in plan.intervals)
    have = Inquiry.objects.filter(contract=contract).count()
    if have == expected:
        return 0.0
    with connection.cursor() as cursor:  # a scratch table: no need for Django's collector
        cursor.execute(
            f"DELETE FROM {Inquiry._meta.db_table} WHERE contract_id = %s",
            [contract.pk],
        )
    operator = User.objects.filter(username="bench-operator").first() or User.objects.create(
        username="bench-operator"
    )
    template = Inquiry(
        contract=contract,
        number="",
        seq=0,
        received_at=dt.datetime(2024, 11, 1, tzinfo=TOKYO),
        channel="phone",
        category=InquiryCategory.objects.filter(contract=contract).first(),
        summary="ベンチマーク用の問い合わせ",
        outcome="resolved",
        operator=operator,
        created_at=dt.datetime(2024, 11, 1, tzinfo=TOKYO),
        updated_at=dt.datetime(2024, 11, 1, tzinfo=TOKYO),
    )
    fields = [f for f in Inquiry._meta.concrete_fields if not f.primary_key]
    fixed = {
        f.attname: f.get_db_prep_save(getattr(template, f.attname), connection) for f in fields
    }
    moment_fields = [f for f in fields if f.attname in ("received_at", "created_at", "updated_at")]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {Inquiry._meta.db_table} ({columns}) VALUES ({marks})"
    plan = contract_plan(contract=contract).plan
    total = sum(iv.forecast_calls for iv in plan.intervals)
    rng = random.Random(1)
    t0 = time.perf_counter()
    batch: list[list[object]] = []
    seq = 0
    with connection.cursor() as cursor, transaction.atomic():
        for iv in plan.intervals:
            n = round(iv.forecast_calls * rows / total)
            h, m = (int(p) for p in iv.start.split(":"))
            start = dt.datetime.combine(iv.date, dt.time(h, m), tzinfo=TOKYO)
            for _ in range(n):
                seq += 1
                moment = start + dt.timedelta(seconds=rng.uniform(0, 1799.999))
                db_moment = moment_fields[0].get_db_prep_save(moment, connection)
                values = {**fixed, "number": f"B{seq:08d}", "seq": seq}
                for f in moment_fields:
                    values[f.attname] = db_moment
                batch.append([values[f.attname] for f in fields])
                if len(batch) == 20_000:
                    cursor.executemany(sql, batch)
                    batch = []
        if batch:
            cursor.executemany(sql, batch)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {Inquiry._meta.db_table}")
    return time.perf_counter() - t0


def fill_calls(rows: int) -> float:
    """Insert ``rows`` call records (80 % answered) spread like the inquiries."""
    contract = contract_load(path=Path(settings.FUKYU_DEFAULT_CONTRACT))
    plan = contract_plan(contract=contract).plan
    total = sum(iv.forecast_calls for iv in plan.intervals)
    expected = sum(round(iv.forecast_calls * rows / total) for iv in plan.intervals)
    if CallRecord.objects.filter(contract=contract).count() == expected:
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {CallRecord._meta.db_table} WHERE contract_id = %s", [contract.pk]
        )
    names = ["contract", "uniqueid", "caller_hash", "dst", "start", "answer", "end"]
    names += ["duration", "billsec", "disposition"]
    fields = [CallRecord._meta.get_field(n) for n in names]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)  # type: ignore[union-attr]
    sql = (
        f"INSERT INTO {CallRecord._meta.db_table} ({columns}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    to_db = connection.ops.adapt_datetimefield_value
    rng = random.Random(2)
    t0 = time.perf_counter()
    batch: list[list[object]] = []
    seq = 0
    with connection.cursor() as cursor, transaction.atomic():
        for iv in plan.intervals:
            n = round(iv.forecast_calls * rows / total)
            h, m = (int(p) for p in iv.start.split(":"))
            begin = dt.datetime.combine(iv.date, dt.time(h, m), tzinfo=TOKYO)
            for _ in range(n):
                seq += 1
                moment = begin + dt.timedelta(seconds=rng.uniform(0, 1799.999))
                answered = rng.random() < 0.8
                answer = moment + dt.timedelta(seconds=15) if answered else None
                batch.append(
                    [
                        contract.pk,
                        f"bench-{seq}",
                        "",
                        "0120000000",
                        to_db(moment),
                        to_db(answer) if answer else None,
                        to_db(moment + dt.timedelta(seconds=300)),
                        300,
                        285 if answered else 0,
                        "ANSWERED" if answered else "NO ANSWER",
                    ]
                )
                if len(batch) == 20_000:
                    cursor.executemany(sql, batch)
                    batch = []
        if batch:
            cursor.executemany(sql, batch)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {CallRecord._meta.db_table}")
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--calls", type=int, default=1_000_000)
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = parser.parse_args()
    for app in ("audit", "callcenter", "staffing"):  # and what they depend on, nothing else
        call_command("migrate", app, verbosity=0)
    load = fill(args.rows)
    load_calls = fill_calls(args.calls) if args.calls else 0.0
    contract = contract_load(path=Path(settings.FUKYU_DEFAULT_CONTRACT))
    count = Inquiry.objects.filter(contract=contract).count()
    calls = CallRecord.objects.filter(contract=contract).count()
    result = contract_plan(contract=contract)
    first, last = result.plan.days[0].date, result.plan.days[-1].date
    day = dt.date(2024, 12, 2)
    after = last + dt.timedelta(days=1)
    rows_season = inquiry_counts_by_interval(contract=contract, start=first, end=last)
    assert sum(r.count for r in rows_season) == count
    calls_season = call_counts_by_interval(contract=contract, start=first, end=last)
    assert sum(r.count for r in calls_season) == calls
    print(
        f"python {platform.python_version()}  cpus {os.cpu_count()}  "
        f"database {connection.vendor}  inquiries {count:,}"
        + (f"  (inserted in {load:.0f} s)" if load else "")
        + f"  call records {calls:,}"
        + (f"  (inserted in {load_calls:.0f} s)" if load_calls else "")
    )
    print(f"aggregate rows for the season: {len(rows_season):,}")
    cases: list[tuple[str, Callable[[], object]]] = [
        (
            "inquiry_counts_by_interval, whole season",
            lambda: inquiry_counts_by_interval(contract=contract, start=first, end=last),
        ),
        (
            "inquiry_counts_by_interval, one day",
            lambda: inquiry_counts_by_interval(contract=contract, start=day, end=day),
        ),
        (
            "call_counts_by_interval, whole season",
            lambda: call_counts_by_interval(contract=contract, start=first, end=last),
        ),
        (
            "call_counts_by_interval, one day",
            lambda: call_counts_by_interval(contract=contract, start=day, end=day),
        ),
        (
            "actuals_report, default source (calls, else inquiries)",
            lambda: actuals_report(result=contract_plan(contract=contract), today=after),
        ),
        (
            "actuals_report, inquiries only",
            lambda: actuals_report(
                result=contract_plan(contract=contract), today=after, source="inquiries"
            ),
        ),
    ]
    for label, fn in cases:
        med, low = timed(fn)
        print(f"{label:56s} median {med:9.1f} ms  min {low:9.1f} ms")
    if not args.keep:
        connection.close()
        if connection.vendor == "sqlite":
            SQLITE_PATH.unlink(missing_ok=True)
        else:
            base, _, name = URL.rpartition("/")
            with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


if __name__ == "__main__":
    main()
