"""Where personal data lives. Each app registers its personal-data models here (in its
`AppConfig.ready()`), so the purge, the inspection pack and the database scan know them all."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models

from fukyu.privacy.crypto import normalize_phone


@dataclass(frozen=True)
class BlindIndex:
    """A keyed-hash column for lookups: `column` = blind_index(normalize(source), purpose)."""

    column: str  # e.g. "phone_hash"
    source: str  # the encrypted field it is computed from
    purpose: str
    normalize: Callable[[str], str] = normalize_phone


@dataclass(frozen=True)
class PersonalDataKind:
    code: str  # e.g. "caller"; retention rules in the contract configuration use it
    label: str  # Japanese, for certificates and the register
    model: type[models.Model]
    fields: tuple[str, ...]  # the encrypted personal fields
    date_field: str  # the date retention is counted from
    # Irreversibly anonymise one row, keeping statistics (None: delete the row).
    anonymise: Callable[[models.Model], None] | None = None
    # Keyed-hash columns computed from the fields (recomputed when the blind-index key rotates).
    blind_indexes: tuple[BlindIndex, ...] = ()
    # False when `fields` hold only keyed hashes (the value itself is never stored): there is no
    # plain text to scan for after a purge and nothing to hand back in the return archive.
    plaintext: bool = True
    # Anonymise many rows at once (e.g. `qs.update(caller_hash="")`); used instead of
    # `anonymise` row by row when given.
    bulk_anonymise: Callable[[models.QuerySet[Any]], object] | None = None


_KINDS: dict[str, PersonalDataKind] = {}


def register(kind: PersonalDataKind) -> None:
    _KINDS[kind.code] = kind


def unregister(code: str) -> None:
    """For tests that register a kind of their own."""
    _KINDS.pop(code, None)


def kinds() -> list[PersonalDataKind]:
    return list(_KINDS.values())


def get(code: str) -> PersonalDataKind | None:
    return _KINDS.get(code)


INDEX_SUFFIXES = ("_hash", "_index")
# Keyed hashes whose source is not stored at all, so no rotation can recompute them. They keep
# comparing equal among themselves after the old key is retired; only a value hashed before and
# one hashed after the rotation no longer match.
NOT_RECOMPUTABLE: dict[str, str] = {
    "callcenter.callrecord.caller_hash": "通話記録の発信者番号ハッシュ（番号そのものは保存していません）",
}


def index_columns(kind: PersonalDataKind) -> tuple[BlindIndex, ...]:
    return kind.blind_indexes


def undeclared_index_columns() -> list[str]:
    """Columns of registered models that look like blind indexes ("*_hash", "*_index") but are
    not declared: a key rotation would leave them on the old key, so it refuses to run."""
    missing = []
    for kind in kinds():
        declared = {ix.column for ix in index_columns(kind)}
        missing += [
            f"{kind.model._meta.label_lower}.{f.name}"
            for f in kind.model._meta.concrete_fields
            if f.name.endswith(INDEX_SUFFIXES)
            and f.name not in declared
            and f"{kind.model._meta.label_lower}.{f.name}" not in NOT_RECOMPUTABLE
        ]
    return missing
