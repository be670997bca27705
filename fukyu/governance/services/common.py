"""What every governance service shares."""

from __future__ import annotations

from typing import Any

from django.db.models import Max, Model

from fukyu.accounts.models import User
from fukyu.core.errors import StateConflictError as StateConflictError
from fukyu.core.models import Contract


def acting_user(actor: Any) -> User | None:
    return actor if isinstance(actor, User) and actor.is_authenticated else None


def lock_contract(contract: Contract) -> None:
    """Serialise numbering within a contract (a row lock on PostgreSQL; SQLite locks at BEGIN)."""
    Contract.objects.select_for_update().filter(pk=contract.pk).exists()


def next_number(model: type[Model], contract: Contract, field: str = "number") -> int:
    top = model._default_manager.filter(contract=contract).aggregate(top=Max(field))["top"]
    return int(top or 0) + 1
