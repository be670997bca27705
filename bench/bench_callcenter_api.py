"""Benchmark: POST /api/v1/inquiries under gunicorn + PostgreSQL, 32 concurrent connections.

    .venv/bin/python bench/bench_callcenter_api.py [--requests 4000] [--concurrency 32]

Creates (or reuses) the PostgreSQL database `fukyu_bench` on 127.0.0.1, migrates it, loads the
default contract and an operator with an API token, starts gunicorn with the production
settings on 127.0.0.1:18431, sends a bounded number of creates (and stops after --seconds
anyway), stops gunicorn, then checks that every 201 is exactly one row. Finally it measures a
bare psycopg INSERT loop into the same table as the ceiling. Prints a Markdown summary.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB = "fukyu_bench"
ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
DB_URL = f"postgres://postgres@127.0.0.1:5432/{DB}"
ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "config.settings.prod",
    "DATABASE_URL": DB_URL,
    "FUKYU_SSL_REDIRECT": "0",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "LOG_LEVEL": "ERROR",
}


def request_body() -> bytes:
    """The request every create sends: the API's documented example (needs django.setup())."""
    from fukyu.callcenter.api import INQUIRY_EXAMPLE

    return json.dumps(INQUIRY_EXAMPLE).encode()


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    return f"{os.cpu_count()} CPU ({cpu}), Python {platform.python_version()}"


def ensure_database() -> None:
    import psycopg

    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB]).fetchone():
            conn.execute(f'CREATE DATABASE "{DB}"')
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=ENV, check=True
    )


def prepare() -> str:
    """The default contract and an operator; returns a fresh API token."""
    os.environ.update(ENV)
    import django

    django.setup()
    from django.conf import settings

    from fukyu.accounts.models import User
    from fukyu.accounts.services import api_token_create, user_create
    from fukyu.core.services import contract_load

    contract_load(path=settings.FUKYU_DEFAULT_CONTRACT)
    user = User.objects.filter(username="bench_softphone").first() or user_create(
        actor=None,
        username="bench_softphone",
        role="operator",
        password=secrets.token_urlsafe(24),
    )
    _, token = api_token_create(actor=None, user=user)
    return token


def start_gunicorn(
    port: int, workers: int, threads: int, worker_class: str = "gthread"
) -> subprocess.Popen[bytes]:
    cmd = [
        str(ROOT / ".venv/bin/gunicorn"),
        "config.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--worker-class",
        worker_class,
        "--log-level",
        "warning",
        "--keep-alive",
        "30",
    ]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=ENV)
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return proc
        except OSError:
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit("gunicorn did not start")


def load(
    port: int, token: str, total: int, concurrency: int, seconds: float
) -> tuple[list[float], list[tuple[int, int, str]], float]:
    latencies: list[float] = []
    results: list[tuple[int, int, str]] = []  # (status, id, number)
    lock = threading.Lock()
    counter = {"sent": 0}
    deadline = time.time() + seconds
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    payload = request_body()
    barrier = threading.Barrier(concurrency + 1)

    def worker() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        barrier.wait()
        while time.time() < deadline:
            with lock:
                if counter["sent"] >= total:
                    break
                counter["sent"] += 1
            t0 = time.perf_counter()
            try:
                conn.request("POST", "/api/v1/inquiries", body=payload, headers=headers)
                response = conn.getresponse()
                data = response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                status, data = 0, b"{}"
            elapsed = time.perf_counter() - t0
            body = json.loads(data or b"{}") if status == 201 else {}
            with lock:
                latencies.append(elapsed)
                results.append((status, body.get("id", 0), body.get("number", "")))
        conn.close()

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for t in threads:
        t.start()
    barrier.wait()
    t0 = time.perf_counter()
    for t in threads:
        t.join()
    return latencies, results, time.perf_counter() - t0


def verify(results: list[tuple[int, int, str]], before: int) -> str:
    import psycopg

    ids = [i for s, i, _ in results if s == 201]
    with psycopg.connect(DB_URL) as conn:
        rows, numbers = conn.execute(
            "SELECT count(*), count(DISTINCT number) FROM callcenter_inquiry WHERE id = ANY(%s)",
            [ids],
        ).fetchone()
        after = conn.execute("SELECT count(*) FROM callcenter_inquiry").fetchone()[0]
    ok = rows == len(ids) == numbers == len(set(ids)) == after - before
    return (
        f"{len(ids)} responses 201, {rows} rows with those ids, {numbers} distinct numbers, "
        f"{after - before} rows added: {'OK' if ok else 'MISMATCH'}"
    )


def bare_insert_ceiling(n: int, threads: int) -> float:
    """Inserts/s of a plain psycopg loop (one autocommit INSERT per row) into the same table."""
    import psycopg

    with psycopg.connect(DB_URL) as conn:
        contract_id, category_id, user_id = conn.execute(
            "SELECT c.id, (SELECT id FROM core_inquirycategory WHERE contract_id = c.id LIMIT 1),"
            " (SELECT id FROM accounts_user WHERE username = 'bench_softphone')"
            " FROM core_contract c WHERE c.is_active"
        ).fetchone()
    sql = (
        "INSERT INTO callcenter_inquiry (contract_id, number, seq, received_at, channel,"
        " category_id, age_group, device_os, summary, answer, outcome, outside_hours,"
        " operator_id, search_bigrams, created_at, updated_at) VALUES"
        " (%s, %s, %s, now(), 'phone', %s, '', '', %s, '', 'resolved', false, %s, '', now(), now())"
    )
    per = n // threads

    def work(t: int) -> None:
        with psycopg.connect(DB_URL, autocommit=True) as conn:
            for i in range(per):
                conn.execute(
                    sql, [contract_id, f"BENCH-{t}-{i}", 0, category_id, "ベンチ", user_id]
                )

    pool = [threading.Thread(target=work, args=(t,)) for t in range(threads)]
    t0 = time.perf_counter()
    for th in pool:
        th.start()
    for th in pool:
        th.join()
    rate = per * threads / (time.perf_counter() - t0)
    with psycopg.connect(DB_URL, autocommit=True) as conn:
        conn.execute("DELETE FROM callcenter_inquiry WHERE number LIKE 'BENCH-%%'")
    return rate


def load_ab(port: int, token: str, total: int, concurrency: int) -> dict[str, Any]:
    """The same load with ApacheBench (Debian's apache2-utils: `apt-get install apache2-utils`),
    whose C client leaves both cores to the server. Returns its figures."""
    body_file = Path("/tmp/fukyu-bench-inquiry.json")  # noqa: S108 (bench scratch file)
    body_file.write_bytes(request_body())
    out = subprocess.run(
        [
            "ab", "-q", "-k", "-n", str(total), "-c", str(concurrency),
            "-p", str(body_file), "-T", "application/json",
            "-H", f"Authorization: Bearer {token}",
            f"http://127.0.0.1:{port}/api/v1/inquiries",
        ],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    figures: dict[str, Any] = {"non2xx": 0, "failed": 0}
    for row in out.splitlines():
        parts = row.split()
        if row.startswith("Requests per second:"):
            figures["rate"] = float(parts[3])
        elif row.startswith("Complete requests:"):
            figures["complete"] = int(parts[2])
        elif row.startswith("Failed requests:"):
            figures["failed"] = int(parts[2])
        elif row.strip().startswith("(Connect:") and "Length:" in row:
            # ab counts a body whose length differs from the first one as "failed"; ids and
            # times vary in length, so only connect, receive and exception failures count.
            pairs = (item.split(":") for item in row.strip("() \n").split(","))
            counts = {k.strip(): int(v) for k, v in pairs}
            figures["length_differs"] = counts.get("Length", 0)
            figures["failed"] -= figures["length_differs"]
        elif row.startswith("Non-2xx responses:"):
            figures["non2xx"] = int(parts[2])
        elif row.strip().startswith(("50%", "95%", "99%")) and len(parts) == 2:
            figures["p" + parts[0].rstrip("%")] = int(parts[1])
    return figures


def verify_ab(figures: dict[str, Any], before: int) -> str:
    import psycopg

    ok = figures["complete"] - figures["failed"] - figures["non2xx"]
    with psycopg.connect(DB_URL) as conn:
        added, numbers = conn.execute(
            "SELECT count(*), count(DISTINCT number) FROM callcenter_inquiry WHERE id > %s",
            [before],
        ).fetchone()
    good = ok == added == numbers
    return (
        f"{ok} responses 201, {added} rows added, {numbers} distinct numbers: "
        f"{'OK' if good else 'MISMATCH'}"
    )


def cleanup(after_id: int) -> None:
    """Delete what the run added (inquiries and their audit rows): they are dated today and
    would otherwise make "today" on the operator page 30,000 calls long in the next bench."""
    import psycopg

    with psycopg.connect(DB_URL) as conn:
        conn.execute(
            "DELETE FROM audit_auditevent WHERE object_type = 'callcenter.inquiry'"
            " AND object_id IN (SELECT id::text FROM callcenter_inquiry WHERE id > %s)",
            [after_id],
        )
        conn.execute("DELETE FROM callcenter_inquiry WHERE id > %s", [after_id])
    # This server runs without autovacuum: without this, dead index entries and the GIN
    # pending list would pile up from run to run and slow every later run down.
    with psycopg.connect(DB_URL, autocommit=True) as conn:
        conn.execute(
            "VACUUM ANALYZE callcenter_inquiry, audit_auditevent, callcenter_inquirycounter"
        )


def max_id() -> int:
    import psycopg

    with psycopg.connect(DB_URL) as conn:
        return int(
            conn.execute("SELECT coalesce(max(id), 0) FROM callcenter_inquiry").fetchone()[0]
        )


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p))] * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--port", type=int, default=18431)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--client", choices=["python", "ab"], default="python")
    parser.add_argument("--worker-class", choices=["gthread", "sync"], default="gthread")
    args = parser.parse_args()
    ensure_database()
    token = prepare()
    import psycopg

    if args.client == "ab":
        first_new = max_id()
        proc = start_gunicorn(args.port, args.workers, args.threads, args.worker_class)
        try:
            load(args.port, token, 100, 8, 20)  # warm-up: imports, connections
            before = max_id()
            figures = load_ab(args.port, token, args.requests, args.concurrency)
            # The stack's floor: the same server answering a JSON 404 under /api/ (no query).
            floor = subprocess.run(
                ["ab", "-q", "-k", "-n", str(args.requests), "-c", str(args.concurrency),
                 f"http://127.0.0.1:{args.port}/api/v1/no-such-endpoint"],
                capture_output=True, text=True, check=True,
            ).stdout  # fmt: skip
        finally:
            proc.terminate()
            proc.wait(timeout=30)
        print(f"machine: {machine()}")
        print(
            f"gunicorn {args.worker_class} {args.workers} workers x {args.threads} threads; ab -k -c "
            f"{args.concurrency} -n {args.requests}"
        )
        print(
            f"throughput: {figures['rate']:.0f} creates/s; latency p50 {figures.get('p50')} ms, "
            f"p95 {figures.get('p95')} ms, p99 {figures.get('p99')} ms; "
            f"failed {figures['failed']}, non-2xx {figures['non2xx']}"
        )
        print(f"check: {verify_ab(figures, before)}")
        rate = next(r for r in floor.splitlines() if r.startswith("Requests per second:"))
        print(f"floor (JSON 404 under /api/, no database): {rate.split()[3]} requests/s")
        cleanup(first_new)
        return

    first_new = max_id()
    proc = start_gunicorn(args.port, args.workers, args.threads, args.worker_class)
    try:
        load(args.port, token, 100, 8, 20)  # warm-up: imports, connections
        with psycopg.connect(DB_URL) as conn:
            before = conn.execute("SELECT count(*) FROM callcenter_inquiry").fetchone()[0]
        latencies, results, wall = load(
            args.port, token, args.requests, args.concurrency, args.seconds
        )
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    statuses: dict[int, int] = {}
    for s, _, _ in results:
        statuses[s] = statuses.get(s, 0) + 1
    ok = statuses.get(201, 0)
    print(f"machine: {machine()}")
    print(
        f"gunicorn {args.worker_class} {args.workers} workers x {args.threads} threads, "
        f"{args.concurrency} client connections (keep-alive), {len(results)} requests"
    )
    print(f"statuses: {statuses}")
    print(
        f"throughput: {ok / wall:.0f} creates/s; latency p50 {pct(latencies, 0.5):.1f} ms, "
        f"p95 {pct(latencies, 0.95):.1f} ms, p99 {pct(latencies, 0.99):.1f} ms, "
        f"mean {statistics.mean(latencies) * 1000:.1f} ms"
    )
    print(f"check: {verify(results, before)}")
    cleanup(first_new)
    single = bare_insert_ceiling(3000, 1)
    multi = bare_insert_ceiling(6400, args.concurrency)
    print(
        f"ceiling (bare psycopg autocommit INSERT): {single:.0f}/s on 1 connection, "
        f"{multi:.0f}/s on {args.concurrency} connections; API/ceiling = "
        f"{ok / wall / multi:.2f} (vs {args.concurrency} conns), {ok / wall / single:.2f} (vs 1)"
    )


if __name__ == "__main__":
    main()
