"""Benchmark: the whole performance report (実績報告書) with 1,000,000 inquiries on PostgreSQL.

    .venv/bin/python bench/bench_reports_performance.py [--inquiries 1000000] [--calls N]

Creates (or recreates) the PostgreSQL database `fukyu_bench_reports` on 127.0.0.1, migrates it,
loads the default contract, inserts --inquiries synthetic inquiries with one INSERT … SELECT
generate_series (spread over the center's months, categories, mini-apps, municipalities and age
bands) and --calls phone-system call records (default: as many as inquiries; 9 in 10 answered)
for the answer rate, ANALYZEs, then times building the report's data (every GROUP BY) and
rendering the PDF, the DOCX (with its PNG charts) and the XLSX. Prints a Markdown table and
drops the database. Leaves nothing running.
"""

from __future__ import annotations

import argparse
import os
import platform
import secrets
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB = "fukyu_bench_reports"
ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"


def admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(sql)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--inquiries", type=int, default=1_000_000)
    parser.add_argument("--calls", type=int, default=None, help="call records (default: inquiries)")
    args = parser.parse_args()
    admin(f"DROP DATABASE IF EXISTS {DB}")
    admin(f"CREATE DATABASE {DB}")
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB}",
        }
    )
    try:
        run(args.inquiries, args.inquiries if args.calls is None else args.calls)
    finally:
        from django.db import connections

        connections.close_all()
        admin(f"DROP DATABASE IF EXISTS {DB}")


def run(n: int, calls: int) -> None:
    import django

    django.setup()
    import datetime as dt

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from fukyu.accounts.services import user_create
    from fukyu.core.models import InquiryCategory, MiniApp, Municipality
    from fukyu.core.services import contract_load
    from fukyu.reports.perf_render import render_docx, render_pdf, render_xlsx
    from fukyu.reports.performance import performance_report

    call_command("migrate", verbosity=0)
    contract = contract_load(path=settings.FUKYU_DEFAULT_CONTRACT)
    operator = user_create(
        actor=None, username="bench-op", password=secrets.token_urlsafe(16), role="operator"
    )
    cats = list(InquiryCategory.objects.filter(contract=contract).values_list("pk", flat=True))
    apps = list(MiniApp.objects.filter(contract=contract).values_list("pk", flat=True))
    munis = list(Municipality.objects.filter(contract=contract).values_list("pk", flat=True))
    cfg = contract.settings
    start_day = dt.datetime.combine(cfg.center_starts_on, dt.time(9), tzinfo=dt.UTC)
    span = int((cfg.center_ends_on - cfg.center_starts_on).total_seconds()) + 8 * 3600
    ages = ["10s", "20s", "30s", "40s", "50s", "60s", "70s", "80s", ""]
    timings: list[tuple[str, float]] = []
    t0 = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute(
            """
            INSERT INTO callcenter_inquiry (contract_id, number, seq, received_at, channel,
                mini_app_id, category_id, municipality_id, age_group, device_os, summary, answer,
                outcome, handle_seconds, outside_hours, operator_id, search_bigrams,
                created_at, updated_at)
            SELECT %(contract)s, 'B' || g, g,
                %(start)s::timestamptz + ((g::bigint * 7919) %% %(span)s) * interval '1 second',
                'phone', (%(apps)s::int[])[1 + g %% %(n_apps)s],
                (%(cats)s::int[])[1 + g %% %(n_cats)s],
                (%(munis)s::int[])[1 + g %% %(n_munis)s],
                (%(ages)s::text[])[1 + g %% 9], 'ios', 'ベンチ用の合成データ', '',
                CASE WHEN g %% 10 = 0 THEN 'callback' ELSE 'resolved' END,
                120 + g %% 600, g %% 50 = 0, %(op)s, '', now(), now()
            FROM generate_series(1, %(n)s) AS g
            """,
            {
                "contract": contract.pk,
                "start": start_day,
                "span": span,
                "apps": apps,
                "n_apps": len(apps),
                "cats": cats,
                "n_cats": len(cats),
                "munis": munis,
                "n_munis": len(munis),
                "ages": ages,
                "op": operator.pk,
                "n": n,
            },
        )
        cur.execute(
            """
            INSERT INTO callcenter_callrecord (contract_id, uniqueid, caller_hash, dst, start,
                answer, "end", duration, billsec, disposition)
            SELECT %(contract)s, 'C' || g, '', '0120000000', s,
                CASE WHEN g %% 10 = 0 THEN NULL ELSE s + interval '15 seconds' END,
                s + interval '200 seconds', 200, CASE WHEN g %% 10 = 0 THEN 0 ELSE 185 END,
                CASE WHEN g %% 10 = 0 THEN 'NO ANSWER' ELSE 'ANSWERED' END
            FROM (
                SELECT g, %(start)s::timestamptz
                    + ((g::bigint * 7919) %% %(span)s) * interval '1 second' AS s
                FROM generate_series(1, %(n)s) AS g
            ) AS calls
            """,
            {"contract": contract.pk, "start": start_day, "span": span, "n": calls},
        )
        cur.execute("ANALYZE callcenter_inquiry")
        cur.execute("ANALYZE callcenter_callrecord")
    timings.append(
        (
            f"insert {n:,} inquiries + {calls:,} call records + ANALYZE (setup)",
            time.perf_counter() - t0,
        )
    )
    as_of = dt.date(2025, 3, 31)
    t = time.perf_counter()
    report = performance_report(contract=contract, as_of=as_of)
    timings.append(("report data (all GROUP BYs)", time.perf_counter() - t))
    total = next(r for r in report.table("問い合わせ_月別").rows if r[0] == "合計")[1]
    assert total == n, (total, n)
    if calls:
        call_rows = report.table("通話_月別").rows
        offered = next(r for r in call_rows if r[0] == "合計")
        assert offered[1] + offered[4] == calls, (offered, calls)
    for label, fn in (("PDF", render_pdf), ("DOCX", render_docx), ("XLSX", render_xlsx)):
        t = time.perf_counter()
        size = len(fn(report))
        timings.append((f"render {label} ({size:,} bytes)", time.perf_counter() - t))
    whole = sum(s for label, s in timings[1:])
    cpu = subprocess.run(
        ["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    print(f"Machine: {os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()}, PostgreSQL")
    print()
    print("| step | seconds |")
    print("|---|---|")
    for label, seconds in timings:
        print(f"| {label} | {seconds:.2f} |")
    print(f"| **whole performance report (data + PDF + DOCX + XLSX)** | **{whole:.2f}** |")


if __name__ == "__main__":
    main()
