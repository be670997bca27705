"""A per-process snapshot of the active contract and its code tables, for the hot paths.

Logging an inquiry looks up the contract, a category, a mini-app and a municipality by code;
the operator's page lists them all. They change a few times a year (`load_contract`, the admin),
so each process keeps one snapshot and reloads it when it is older than
`FUKYU_REFERENCE_CACHE_SECONDS` (default 5 s) or when this process saved or deleted one of
the models (signals below). Other processes see a change within that many seconds. A snapshot
read inside a transaction is never kept (its rows could still roll back).

The snapshot's objects are shared between threads: treat them as read-only (never `save()`
them); code that writes loads its own copy with `fukyu.core.selectors.active_contract()`.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property
from typing import Any, cast

from django.db.models.signals import m2m_changed, post_delete, post_save

from fukyu.core.models import Contract, InquiryCategory, MiniApp, Municipality, Region
from fukyu.core.process_cache import ProcessCache
from fukyu.core.selectors import active_contract


class Reference:
    """The active contract, and its code tables by code (each loaded on first use)."""

    def __init__(self, contract: Contract) -> None:
        self.contract = contract

    def _own(self, items: Iterable[Any]) -> dict[str, Any]:
        out = {}
        for item in items:
            item.contract = self.contract  # no extra query when a caller follows the FK
            out[item.code] = item
        return out

    @cached_property
    def categories(self) -> dict[str, InquiryCategory]:
        return self._own(InquiryCategory.objects.filter(contract=self.contract))

    @cached_property
    def mini_apps(self) -> dict[str, MiniApp]:
        return self._own(MiniApp.objects.filter(contract=self.contract))

    @cached_property
    def municipalities(self) -> dict[str, Municipality]:
        return self._own(
            Municipality.objects.filter(contract=self.contract).select_related("region")
        )


_cache: ProcessCache[str, Reference] = ProcessCache("FUKYU_REFERENCE_CACHE_SECONDS")


def _load() -> Reference:
    contract = active_contract()
    # Parse the settings and build the calendar once, so threads share the parsed objects.
    contract.calendar  # noqa: B018
    return Reference(contract)


def reference() -> Reference:
    """The current snapshot, reloaded when stale. Raises NoActiveContractError like
    `active_contract()` when no contract is loaded."""
    return cast(Reference, _cache.load("reference", _load))  # _load returns one or raises


def reference_clear() -> None:
    """Forget the snapshot (this process). Called on saves and deletes of the cached models."""
    _cache.clear()


_on_change = _cache.clear_on_change

for _model in (Contract, InquiryCategory, MiniApp, Municipality, Region):
    post_save.connect(_on_change, sender=_model, dispatch_uid=f"refcache-save-{_model.__name__}")
    post_delete.connect(
        _on_change, sender=_model, dispatch_uid=f"refcache-delete-{_model.__name__}"
    )
m2m_changed.connect(
    _on_change, sender=MiniApp.target_municipalities.through, dispatch_uid="refcache-m2m-miniapp"
)
