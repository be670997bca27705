"""Benchmarks: FAQ search (5,000 entries), the operator page, and the supervisor list with text
search over 1,000,000 inquiries, on PostgreSQL (database `fukyu_bench` on 127.0.0.1).

    .venv/bin/python bench/bench_callcenter_search.py [--rows 1000000]

Run bench_callcenter_api.py first (it creates and migrates the database). This script adds
5,000 generated FAQ entries and `--rows` generated inquiries (COPY, with the secondary indexes
dropped during the load and rebuilt after), then times, in process with Django's test client
(server time: middleware, view, queries, template):
- faq_search() and GET /api/v1/faq/search,
- GET /ops/callcenter/ (the operator page),
- GET /ops/callcenter/inquiries/ with typical filters and free-text searches.
It also reports top-1/top-3 accuracy on bench/data/faq_queries.csv against the shipped FAQ.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import importlib
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

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

from django.test.utils import override_settings  # noqa: E402

# Production settings serve hashed static files from `collectstatic`; the bench renders pages
# without collecting them first.
override_settings(
    STORAGES={
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
).enable()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from conftest import verified_login  # noqa: E402
from fukyu.accounts.models import User  # noqa: E402
from fukyu.accounts.services import user_create  # noqa: E402
from fukyu.callcenter.faq_index import FaqDoc, FaqIndex  # noqa: E402
from fukyu.callcenter.models import FaqEntry, Inquiry  # noqa: E402
from fukyu.callcenter.selectors import faq_search  # noqa: E402
from fukyu.callcenter.text import search_bigrams  # noqa: E402

text_search_migration = importlib.import_module(
    "fukyu.callcenter.migrations.0002_inquiry_text_search"
)
from fukyu.core.calendar import TOKYO  # noqa: E402
from fukyu.core.models import Contract, InquiryCategory, MiniApp, Municipality  # noqa: E402
from fukyu.core.selectors import active_contract  # noqa: E402

FIXTURE = ROOT / "fukyu/callcenter/fixtures/faq_pocketsign_synthetic.csv"
QUERIES = ROOT / "bench/data/faq_queries.csv"
RNG = random.Random(20241101)
PREFIXES = ["", "高齢の", "家族の", "初めての", "仙台の", "石巻の", "急ぎの", "窓口で聞いた"]
SUFFIXES = ["", "（再）", "について", "の件", "とのこと", "が知りたい", "で困っている", "の詳細"]


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p))] * 1000


def timed(fn: Callable[[], Any], n: int) -> list[float]:
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def line(label: str, samples: list[float]) -> str:
    return (
        f"| {label} | {len(samples)} | {pct(samples, 0.5):.1f} | {pct(samples, 0.95):.1f} | "
        f"{statistics.mean(samples) * 1000:.1f} |"
    )


def fixture_rows() -> list[dict[str, str]]:
    with FIXTURE.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def quality() -> str:
    rows = fixture_rows()
    docs = [
        FaqDoc(id=i, question=r["question"], answer=r["answer"], keywords=r["keywords"])
        for i, r in enumerate(rows)
    ]
    index = FaqIndex(docs)
    with QUERIES.open(encoding="utf-8") as fh:
        labelled = list(csv.DictReader(fh))
    top1 = top3 = 0
    for q in labelled:
        names = [docs[h.id].question for h in index.search(q["query"], limit=3)]
        top1 += bool(names) and names[0] == q["expected_question"]
        top3 += q["expected_question"] in names
    n = len(labelled)
    return f"{n} labelled queries: top-1 {top1 / n:.1%} ({top1}/{n}), top-3 {top3 / n:.1%} ({top3}/{n})"


def ensure_faq(contract: Contract, total: int = 5000) -> None:
    have = FaqEntry.objects.filter(contract=contract).count()
    if have >= total:
        return
    rows = fixture_rows()
    cats = list(InquiryCategory.objects.filter(contract=contract))
    now = timezone.now()
    made = []
    i = 0
    while have + len(made) < total:
        base = rows[i % len(rows)]
        variant = i // len(rows)
        made.append(
            FaqEntry(
                contract=contract,
                question=f"{RNG.choice(PREFIXES)}{base['question']}{RNG.choice(SUFFIXES)}（生成{variant}-{i}）",
                answer=base["answer"] + RNG.choice(SUFFIXES),
                category=RNG.choice(cats),
                keywords=base["keywords"],
                is_public=RNG.random() < 0.5,
                created_at=now,
                updated_at=now,
            )
        )
        i += 1
    FaqEntry.objects.bulk_create(made, batch_size=1000)


SECONDARY = [
    "cc_inq_received",
    "cc_inq_category",
    "cc_inq_mini_app",
    "cc_inq_operator",
    "cc_inq_outcome",
    "cc_inq_municipality",
    "cc_inq_bigrams",
]


def ensure_indexes() -> list[str]:
    """Rebuild the inquiry table's secondary indexes when a load was interrupted after dropping
    them: the model's indexes and the migration's bigram index. Returns what it rebuilt."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'callcenter_inquiry'")
        present = {row[0] for row in cursor.fetchall()}
        cursor.execute("SET maintenance_work_mem = '1GB'")
    rebuilt = []
    with connection.schema_editor() as editor:
        for index in Inquiry._meta.indexes:
            if index.name not in present:
                editor.add_index(Inquiry, index)
                rebuilt.append(str(index.name))
    if "cc_inq_bigrams" not in present:
        with connection.cursor() as cursor:
            for statement in text_search_migration.CREATE_PG:
                cursor.execute(statement)
        rebuilt.append("cc_inq_bigrams")
    return rebuilt


def ensure_inquiries(contract: Contract, total: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM callcenter_inquiry")
        have = cursor.fetchone()[0]
    if have >= total:
        return f"{have} inquiries already present"
    need = total - have
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(seq), 0) FROM callcenter_inquiry")
        last_seq = cursor.fetchone()[0]
    faq = fixture_rows()
    pool = []
    for r in faq:
        for _ in range(30):
            summary = f"{RNG.choice(PREFIXES)}{r['question']}{RNG.choice(SUFFIXES)}"
            answer = r["answer"][: RNG.randint(20, 80)]
            pool.append((summary, answer, search_bigrams(summary, answer)))
    cats = list(InquiryCategory.objects.filter(contract=contract).values_list("id", flat=True))
    apps = [None, None, *MiniApp.objects.filter(contract=contract).values_list("id", flat=True)]
    munis = [None, *Municipality.objects.filter(contract=contract).values_list("id", flat=True)]
    operators = []
    for n in range(40):
        name = f"bench_op{n:02d}"
        user = User.objects.filter(username=name).first() or user_create(
            actor=None, username=name, role="operator", password="bench-" + os.urandom(8).hex()
        )
        operators.append(user.pk)
    start = dt.datetime(2024, 11, 1, 9, 0, tzinfo=TOKYO)
    span_days = 148
    t0 = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE indexname = ANY(%s)", [SECONDARY]
        )
        # Rebuilding the indexes pays off only for a big load.
        defs = cursor.fetchall() if need > 200_000 else []
        for name, _ in defs:
            cursor.execute(f'DROP INDEX "{name}"')
    columns = (
        "contract_id, number, seq, received_at, channel, mini_app_id, category_id,"
        " municipality_id, age_group, device_os, summary, answer, outcome, handle_seconds,"
        " outside_hours, operator_id, search_bigrams, created_at, updated_at"
    )
    raw = connection.connection  # psycopg connection
    with raw.cursor() as cur, cur.copy(f"COPY callcenter_inquiry ({columns}) FROM STDIN") as copy:
        for i in range(need):
            seq = last_seq + i + 1
            summary, answer, bigrams = pool[RNG.randrange(len(pool))]
            moment = start + dt.timedelta(
                days=RNG.randrange(span_days), seconds=RNG.randrange(8 * 3600 + 1800)
            )
            outcome = RNG.choices(["resolved", "callback", "escalation"], [90, 7, 3])[0]
            copy.write_row(
                (
                    contract.pk,
                    f"G-{seq:07d}",
                    seq,
                    moment,
                    "phone",
                    RNG.choice(apps),
                    RNG.choice(cats),
                    RNG.choice(munis),
                    RNG.choice(["", "30s", "60s", "70s"]),
                    RNG.choice(["", "ios", "android"]),
                    summary,
                    answer,
                    outcome,
                    RNG.randint(60, 900),
                    False,
                    RNG.choice(operators),
                    bigrams,
                    moment,
                    moment,
                )
            )
    raw.commit()
    load = time.perf_counter() - t0
    t1 = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '1GB'")
        for _, definition in defs:
            cursor.execute(definition)
        cursor.execute("ANALYZE callcenter_inquiry")
    raw.commit()
    return (
        f"generated {need} inquiries: COPY {load:.0f} s, indexes rebuilt in "
        f"{time.perf_counter() - t1:.0f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--no-vacuum", action="store_true")
    parser.add_argument("--text", help="time only this text search of the supervisor list")
    parser.add_argument("-n", type=int, default=60, help="requests for --text")
    args = parser.parse_args()
    contract = active_contract()
    if args.text:
        supervisor = User.objects.get(username="bench_supervisor")
        client = verified_login(Client(), supervisor)
        client.get("/ops/callcenter/inquiries/", {"q": args.text})
        samples = timed(lambda: client.get("/ops/callcenter/inquiries/", {"q": args.text}), args.n)
        print(line(f"text: {args.text}", samples))
        return
    print(f"quality: {quality()}")
    ensure_faq(contract)
    with QUERIES.open(encoding="utf-8") as fh:
        queries = [r["query"] for r in csv.DictReader(fh)]
    t0 = time.perf_counter()
    faq_search(contract=contract, query="暗証番号")
    print(
        f"FAQ index build ({FaqEntry.objects.filter(contract=contract).count()} entries): "
        f"{time.perf_counter() - t0:.2f} s (once per process and change)"
    )
    print(f"data: {ensure_inquiries(contract, args.rows)}")
    rebuilt = ensure_indexes()
    if rebuilt:
        print(f"rebuilt missing indexes: {', '.join(rebuilt)}")
    if not args.no_vacuum:
        # Autovacuum is off on this machine's PostgreSQL; a production server runs it, so the
        # planner's statistics and the visibility map are brought up to date first.
        t0 = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE) callcenter_inquiry")
        print(f"VACUUM (ANALYZE) callcenter_inquiry: {time.perf_counter() - t0:.0f} s")
    supervisor = User.objects.filter(username="bench_supervisor").first() or user_create(
        actor=None,
        username="bench_supervisor",
        role="supervisor",
        password="bench-" + os.urandom(8).hex(),
    )
    operator = User.objects.get(username="bench_op00")
    sv_client = verified_login(Client(), supervisor)
    op_client = verified_login(Client(), operator)
    print("| what | n | p50 ms | p95 ms | mean ms |")
    print("|---|---|---|---|---|")
    cycle = iter(queries * 20)
    print(
        line(
            "faq_search() 5,000 entries",
            timed(lambda: faq_search(contract=contract, query=next(cycle), limit=9), 1000),
        )
    )
    cycle2 = iter(queries * 10)
    print(
        line(
            "GET /api/v1/faq/search (session)",
            timed(
                lambda: op_client.get("/api/v1/faq/search", {"q": next(cycle2), "limit": "9"}), 300
            ),
        )
    )
    op_client.get("/ops/callcenter/")
    print(
        line(
            "GET /ops/callcenter/ (operator page)",
            timed(lambda: op_client.get("/ops/callcenter/"), 200),
        )
    )
    cat = InquiryCategory.objects.get(contract=contract, code="mynumber_card").pk
    cases = {
        "list: one day (default)": {"date_from": "2025-01-15", "date_to": "2025-01-15"},
        "list: a month + category": {
            "date_from": "2025-01-01",
            "date_to": "2025-01-31",
            "category": cat,
        },
        "list: all time, outcome=escalation": {"outcome": "escalation"},
        "list: all time, one operator": {"operator": operator.pk},
        "list: all time, region 石巻": {
            "region": Municipality.objects.get(contract=contract, code="042021").region_id
        },
        "text: 暗証番号 (all time)": {"q": "暗証番号"},
        "text: 登録 (2 chars, all time)": {"q": "登録"},
        "text: 原子力 表示 (2 words)": {"q": "原子力 表示"},
        "text: ﾛｯｸ (half-width, all time)": {"q": "ﾛｯｸ"},
        "text: 譲渡 (no match, all time)": {"q": "譲渡"},
        "text: 暗証番号 + one day": {
            "q": "暗証番号",
            "date_from": "2025-01-15",
            "date_to": "2025-01-15",
        },
        "text: 読み取れ + month + category": {
            "q": "読み取れ",
            "date_from": "2025-01-01",
            "date_to": "2025-01-31",
            "category": cat,
        },
    }
    for label, params in cases.items():
        sv_client.get("/ops/callcenter/inquiries/", params)
        samples = timed(lambda p=params: sv_client.get("/ops/callcenter/inquiries/", p), 20)
        print(line(label, samples))


if __name__ == "__main__":
    main()
