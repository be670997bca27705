"""Short-lived per-process caches for rows read on every request (the contract's code tables,
a user's permissions, an API token), with one set of rules:

- an entry lives `FUKYU_…_CACHE_SECONDS` (default 5); 0 turns the cache off;
- rows read inside a transaction are used but never kept (they could still roll back);
- a change signalled in this process clears the cache at once and again when it commits, and a
  value loaded while a change was being signalled is not kept (the generation check), so this
  process never serves what it has itself changed; other processes see the change within the
  entry's lifetime.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.db import connection, transaction

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class ProcessCache(Generic[K, V]):
    def __init__(self, setting: str, default: float = 5.0) -> None:
        self._setting = setting
        self._default = default
        self._lock = threading.Lock()
        self._items: dict[K, tuple[float, V]] = {}
        self._generation = 0

    def ttl(self) -> float:
        return float(getattr(settings, self._setting, self._default))

    def get(self, key: K) -> V | None:
        hit = self._items.get(key)
        ttl = self.ttl()
        if hit is not None and ttl > 0 and time.monotonic() - hit[0] < ttl:
            return hit[1]
        return None

    def load(self, key: K, loader: Callable[[], V | None]) -> V | None:
        """The cached value, or `loader()`'s (kept by the rules above; None is never kept)."""
        value = self.get(key)
        if value is not None:
            return value
        generation = self._generation
        value = loader()
        if value is not None and self.ttl() > 0 and not connection.in_atomic_block:
            with self._lock:
                if generation == self._generation:
                    self._items[key] = (time.monotonic(), value)
        return value

    def refresh(self, key: K, value: V) -> None:
        """Replace a kept value (say, after writing a field of it) without extending its life;
        nothing if it is no longer kept."""
        with self._lock:
            hit = self._items.get(key)
            if hit is not None:
                self._items[key] = (hit[0], value)

    def clear(self) -> None:
        with self._lock:
            self._generation += 1
            self._items.clear()

    def clear_on_change(self, **kwargs: Any) -> None:
        """A signal receiver: forget now, and again when the change commits (another thread
        may reload the old rows in between)."""
        self.clear()
        if connection.in_atomic_block:
            transaction.on_commit(self.clear)
