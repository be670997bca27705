"""Where personal data lives. Each app registers its personal-data models here (in its
`AppConfig.ready()`), so the purge, the inspection pack and the database scan know them all."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models


@dataclass(frozen=True)
class PersonalDataKind:
    code: str  # e.g. "caller"; retention rules in the contract configuration use it
    label: str  # Japanese, for certificates and the register
    model: type[models.Model]
    fields: tuple[str, ...]  # the encrypted personal fields
    date_field: str  # the date retention is counted from
    # Irreversibly anonymise one row, keeping statistics (None: delete the row).
    anonymise: Callable[[models.Model], None] | None = None


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
