"""Benchmark: the on-site tally API (POST /api/v1/events/{id}/tally).

1. One batch of 1,000 taps, accepted through the API (Django test client, Bearer token, the
   whole request: auth, JSON, per-item validation, insert, audit row, totals).
2. 100 devices resend the same batches at once; every person must be counted exactly once.
   Each device is a thread with its own client; a semaphore caps the database sessions open
   at once (--sessions, like a server's worker count), so PostgreSQL's max_connections holds.

Run from the repository root, on SQLite or PostgreSQL:

    .venv/bin/python bench/bench_outreach_tally.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/bench_outreach_tally.py

It creates and drops its own test database (test settings, as pytest does).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from django.conf import settings  # noqa: E402 (after django.setup())
from django.db import connection  # noqa: E402 (after django.setup())
from django.test import Client  # noqa: E402 (after django.setup())
from django.test.utils import setup_test_environment  # noqa: E402 (after django.setup())

from conftest import TEST_PASSWORD  # noqa: E402 (after django.setup())
from fukyu.accounts.services import api_token_create, user_create  # noqa: E402 (after django.setup())
from fukyu.core.calendar import TOKYO  # noqa: E402 (after django.setup())
from fukyu.core.services import contract_load  # noqa: E402 (after django.setup())
from fukyu.outreach.models import Event, TallyBatch, Tap  # noqa: E402 (after django.setup())
from fukyu.outreach.tests.factories import EventFactory  # noqa: E402 (after django.setup())


def make_taps(n: int, day: dt.datetime) -> list[dict[str, Any]]:
    ages = ["20s", "30s", "40s", "50s", "60s", "70s", "80s+"]
    return [
        {
            "uuid": str(uuid.uuid4()),
            "kind": "installed" if i % 4 else "explained",
            "at": (day + dt.timedelta(seconds=20 * i)).isoformat(),
            "age_group": ages[i % len(ages)],
            "os": "ios" if i % 2 else "android",
            "municipality": "041009",
            "mini_apps": ["survey"] if i % 3 == 0 else [],
            "registered": bool(i % 2),
        }
        for i in range(n)
    ]


def post(client: Client, event: Event, taps: list[dict[str, Any]]) -> dict[str, Any]:
    response = client.post(
        f"/api/v1/events/{event.pk}/tally",
        json.dumps({"taps": taps}),
        content_type="application/json",
    )
    if response.status_code != 200:
        raise RuntimeError(f"{response.status_code}: {response.content[:300]!r}")
    return response.json()  # type: ignore[no-any-return]


def bench_batch(client: Client, contract: Any, runs: int) -> None:
    """Wall and CPU time (this process: request handling, not the database server) per
    request, after one warm-up request that pays for first-use imports and caches."""
    warm = EventFactory(contract=contract, title="warm-up")
    post(client, warm, make_taps(1000, warm.starts_at))
    fresh, fresh_cpu, resend, resend_cpu = [], [], [], []
    for run in range(runs):
        event = EventFactory(contract=contract, title=f"bench {run}")
        taps = make_taps(1000, event.starts_at)
        start, cpu = time.perf_counter(), time.process_time()
        answer = post(client, event, taps)
        fresh.append(time.perf_counter() - start)
        fresh_cpu.append(time.process_time() - cpu)
        assert answer["accepted"] == 1000 and answer["duplicates"] == 0, answer
        start, cpu = time.perf_counter(), time.process_time()
        again = post(client, event, taps)
        resend.append(time.perf_counter() - start)
        resend_cpu.append(time.process_time() - cpu)
        assert again["accepted"] == 0 and again["duplicates"] == 1000, again
        assert Tap.objects.filter(event=event).count() == 1000
    for label, wall, cpu in (("new taps  ", fresh, fresh_cpu), ("all resent", resend, resend_cpu)):
        print(
            f"1,000-tap batch, {label}: wall median {statistics.median(wall) * 1000:6.0f} ms"
            f" (min {min(wall) * 1000:.0f}, max {max(wall) * 1000:.0f}),"
            f" CPU median {statistics.median(cpu) * 1000:.0f} ms  ({runs} runs)"
        )


def bench_devices(
    tokens: list[str], contract: Any, devices: int, batches: int, size: int, sessions: int
) -> None:
    event = EventFactory(contract=contract, title="bench devices")
    people = make_taps(batches * size, event.starts_at)
    chunks = [people[i * size : (i + 1) * size] for i in range(batches)]
    gate = threading.Semaphore(sessions)
    barrier = threading.Barrier(devices)
    results: list[dict[str, Any]] = []
    errors: list[str] = []
    latencies: list[float] = []
    lock = threading.Lock()

    def device(index: int) -> None:
        client = Client(headers={"Authorization": f"Bearer {tokens[index % len(tokens)]}"})
        barrier.wait()
        for k in range(batches):
            chunk = chunks[(k + index) % batches]  # every device, every batch, in its own order
            with gate:
                start = time.perf_counter()
                try:
                    answer = post(client, event, chunk)
                except Exception as exc:
                    with lock:
                        errors.append(str(exc))
                    continue
                finally:
                    connection.close()
                with lock:
                    latencies.append(time.perf_counter() - start)
                    results.append(answer)

    threads = [threading.Thread(target=device, args=(i,)) for i in range(devices)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - start
    accepted = sum(r["accepted"] for r in results)
    duplicates = sum(r["duplicates"] for r in results)
    stored = Tap.objects.filter(event=event).count()
    batch_sum = sum(TallyBatch.objects.filter(event=event).values_list("accepted", flat=True))
    requests = devices * batches
    print(
        f"{devices} devices x {batches} batches of {size} (={requests} requests, "
        f"{requests * size:,} taps sent, {len(people):,} people), {sessions} sessions at once:"
    )
    print(
        f"  wall {wall:.2f} s, {requests / wall:.1f} requests/s, "
        f"{requests * size / wall:,.0f} taps/s; request median "
        f"{statistics.median(latencies) * 1000:.0f} ms, max {max(latencies) * 1000:.0f} ms"
    )
    print(
        f"  errors {len(errors)}; accepted {accepted:,} + duplicates {duplicates:,} "
        f"= {accepted + duplicates:,}; stored {stored:,}; sum of batch.accepted {batch_sum:,}"
    )
    ok = not errors and accepted == stored == batch_sum == len(people)
    ok = ok and accepted + duplicates == requests * size
    print("  each person counted exactly once:", "YES" if ok else "NO")
    if errors:
        print("  first error:", errors[0])
    if not ok:
        raise SystemExit(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--devices", type=int, default=100)
    parser.add_argument("--batches", type=int, default=5)
    parser.add_argument("--size", type=int, default=200)
    parser.add_argument("--sessions", type=int, default=30)
    args = parser.parse_args()

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        cpu = next(
            (
                line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")
            ),
            platform.processor(),
        )
        print(
            f"engine {connection.vendor}, nproc {os.cpu_count()}, CPU {cpu}, "
            f"Python {platform.python_version()}, {dt.datetime.now(TOKYO):%Y-%m-%d %H:%M}, "
            f"load average {os.getloadavg()[0]:.1f}"
        )
        contract = contract_load(path=settings.FUKYU_DEFAULT_CONTRACT)
        tokens = []
        for i in range(10):
            user = user_create(
                actor=None, username=f"bench{i}", role="outreach", password=TEST_PASSWORD
            )
            tokens.append(api_token_create(actor=None, user=user)[1])
        client = Client(headers={"Authorization": f"Bearer {tokens[0]}"})
        bench_batch(client, contract, args.runs)
        bench_devices(tokens, contract, args.devices, args.batches, args.size, args.sessions)
    finally:
        connection.close()
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
