"""`audit_record` is the one way to write an audit row; call it inside the change's transaction."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Iterable, Mapping
from typing import Any, TypedDict, Unpack

from django.db import models, transaction
from django.utils import timezone

from fukyu.audit.models import AuditEvent

# Field names whose values never reach the log (pretix's log_action masks them the same way).
SECRET_FIELDS = frozenset({"password", "token", "token_hash", "secret", "key"})
MASK = "********"


# Values that are already JSON-ready: most of an audit row's, checked first and cheaply.
_SCALARS = frozenset({str, int, float, bool, type(None)})


def _plain(value: Any) -> Any:
    if type(value) in _SCALARS:
        return value
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """Current values of `fields`, JSON-ready, for a later `diff`."""
    return {name: _plain(getattr(instance, name)) for name in fields}


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for every field whose value changed."""
    keys = list(dict.fromkeys([*before, *after]))
    return {
        k: [before.get(k), after.get(k)]
        for k in keys
        if _plain(before.get(k)) != _plain(after.get(k))
    }


def _actor(actor: Any) -> tuple[Any, str]:
    user = actor if getattr(actor, "is_authenticated", False) else None
    label = user.get_username() if user is not None else (str(actor) if actor else "system")
    return user, label


def _masked(changes: Mapping[str, Any] | None) -> dict[str, Any]:
    return {
        k: ([MASK, MASK] if k in SECRET_FIELDS else _plain(v)) for k, v in (changes or {}).items()
    }


class AuditTarget(TypedDict, total=False):
    """What an audit row is about: a model instance, or its type, id and text given apart."""

    obj: models.Model | None
    object_type: str
    object_id: str
    object_repr: str
    changes: Mapping[str, Any] | None
    note: str
    at: dt.datetime


def audit_event(*, actor: Any, action: str, **target: Unpack[AuditTarget]) -> AuditEvent:
    """The audit row `audit_record` writes, not saved yet (for a write that inserts it itself,
    in the same statement as the change: fukyu.callcenter.numbered_insert, or in bulk)."""
    obj = target.get("obj")
    object_type = target.get("object_type", "")
    object_id = target.get("object_id", "")
    object_repr = target.get("object_repr", "")
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:300]
    user, label = _actor(actor)
    return AuditEvent(
        at=target.get("at") or timezone.now(),
        actor=user,
        actor_label=label,
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr,
        changes=_masked(target.get("changes")),
        note=target.get("note", ""),
    )


def audit_record(*, actor: Any, action: str, **target: Unpack[AuditTarget]) -> AuditEvent:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must run inside the transaction of the change it records")
    event = audit_event(actor=actor, action=action, **target)
    event.save(force_insert=True)
    return event


def audit_record_many(
    *,
    action: str,
    entries: Iterable[tuple[Any, models.Model, Mapping[str, Any], dt.datetime]],
    note: str = "",
) -> int:
    """One audit row per (actor, obj, changes, at), written in bulk: for loads of many objects
    (the demo season) whose rows must look like the ones `audit_record` writes one at a time."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record_many must run inside the transaction of the change")
    rows = [
        audit_event(actor=actor, action=action, obj=obj, changes=changes, note=note, at=at)
        for actor, obj, changes, at in entries
    ]
    AuditEvent.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
