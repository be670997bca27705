"""The per-process cache behind the reference snapshot, permissions and API tokens."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.db import transaction

from fukyu.core.process_cache import ProcessCache


def test_a_value_is_loaded_once_per_lifetime_and_none_is_never_kept(settings: Any) -> None:
    settings.FUKYU_TEST_CACHE_SECONDS = 60
    cache: ProcessCache[str, int] = ProcessCache("FUKYU_TEST_CACHE_SECONDS")
    loads: list[str] = []

    def loader(value: int | None) -> Any:
        def load() -> int | None:
            loads.append("x")
            return value

        return load

    assert cache.load("a", loader(1)) == 1
    assert cache.load("a", loader(2)) == 1  # cached
    assert cache.load("missing", loader(None)) is None
    assert cache.load("missing", loader(None)) is None
    assert len(loads) == 3  # "a" once, "missing" every time
    cache.refresh("a", 10)
    cache.refresh("gone", 11)  # not kept: nothing to refresh
    assert cache.get("a") == 10 and cache.get("gone") is None
    cache.clear()
    assert cache.load("a", loader(3)) == 3
    settings.FUKYU_TEST_CACHE_SECONDS = 0  # off: every call loads
    assert cache.load("a", loader(4)) == 4 and cache.load("a", loader(5)) == 5


def test_a_change_during_a_load_is_not_overwritten_by_the_old_value(settings: Any) -> None:
    settings.FUKYU_TEST_CACHE_SECONDS = 60
    cache: ProcessCache[str, str] = ProcessCache("FUKYU_TEST_CACHE_SECONDS")

    def slow_old_read() -> str:
        cache.clear_on_change()  # another thread saves a change while this one reads
        return "old"

    assert cache.load("k", slow_old_read) == "old"  # served to this caller …
    assert cache.load("k", lambda: "new") == "new"  # … but not kept


@pytest.mark.django_db(transaction=True)
def test_rows_read_inside_a_transaction_are_not_kept_and_commit_clears(settings: Any) -> None:
    settings.FUKYU_TEST_CACHE_SECONDS = 60
    cache: ProcessCache[str, str] = ProcessCache("FUKYU_TEST_CACHE_SECONDS")
    with transaction.atomic():
        assert cache.load("k", lambda: "uncommitted") == "uncommitted"
    assert cache.load("k", lambda: "committed") == "committed"
    with transaction.atomic():
        cache.clear_on_change()
        cache._items["k"] = (time.monotonic(), "stale")  # another thread re-read the old row
        assert cache.get("k") == "stale"
    assert cache.get("k") is None  # forgotten when the change committed
