"""Numbers under concurrent saves: no duplicates, nothing lost, no "database is locked".

Runs on both engines: SQLite (WAL, BEGIN IMMEDIATE, busy timeout) with a dozen writers, and
PostgreSQL with more threads than cores.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections
from django.test import override_settings

from fukyu.accounts.models import User
from fukyu.callcenter import services
from fukyu.callcenter.models import Inquiry, InquiryCounter
from fukyu.callcenter.tests.factories import OPEN_MOMENT, category
from fukyu.core.models import Contract

pytestmark = pytest.mark.django_db(transaction=True)


def run_writers(
    contract: Contract, user: User, *, threads: int, each: int, keys: bool = False
) -> tuple[list[str], list[BaseException]]:
    cat = category(contract)
    numbers: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    start = threading.Barrier(threads)

    def work(t: int) -> None:
        try:
            start.wait()
            for i in range(each):
                inquiry, _ = services.inquiry_create(
                    actor=user,
                    contract=contract,
                    category=cat,
                    # A retry sends the same inquiry again: a pair shares its summary too.
                    summary=f"同時保存テスト {t // 2 if keys else t}-{i}",
                    outcome="resolved",
                    received_at=OPEN_MOMENT,
                    # With keys, every pair of threads sends the same key: one inquiry each.
                    idempotency_key=f"k-{t // 2}-{i}" if keys else None,
                )
                with lock:
                    numbers.append(inquiry.number)
        except BaseException as exc:
            with lock:
                errors.append(exc)
        finally:
            connections.close_all()

    pool = [threading.Thread(target=work, args=(t,)) for t in range(threads)]
    for th in pool:
        th.start()
    for th in pool:
        th.join(timeout=120)
    return numbers, errors


def writers_for_engine() -> tuple[int, int]:
    return (12, 15) if connection.vendor == "sqlite" else (24, 20)


@override_settings(FUKYU_TODAY="2024-11-06")
def test_concurrent_writers_get_distinct_numbers(
    contract: Contract, make_user: Callable[..., User]
) -> None:
    threads, each = writers_for_engine()
    numbers, errors = run_writers(contract, make_user("operator"), threads=threads, each=each)
    assert errors == []
    total = threads * each
    assert len(numbers) == total
    assert len(set(numbers)) == total  # no duplicates
    stored = list(Inquiry.objects.filter(contract=contract).values_list("number", flat=True))
    assert sorted(stored) == sorted(numbers)  # nothing lost, nothing extra
    assert sorted(stored) == [f"R6-{n:06d}" for n in range(1, total + 1)]  # no gaps
    assert InquiryCounter.objects.get(contract=contract).last == total


@override_settings(FUKYU_TODAY="2024-11-06")
def test_concurrent_retries_with_one_key_make_one_inquiry(
    contract: Contract, make_user: Callable[..., User]
) -> None:
    threads, each = writers_for_engine()
    numbers, errors = run_writers(
        contract, make_user("operator"), threads=threads, each=each // 3, keys=True
    )
    assert errors == []
    expected = (threads // 2) * (each // 3)
    assert Inquiry.objects.count() == expected
    assert len(set(numbers)) == expected  # both threads of a pair saw the same inquiry
    keys: Any = Inquiry.objects.values_list("idempotency_key", flat=True)
    assert len(set(keys)) == expected
