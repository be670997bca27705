"""A model field that stores personal data encrypted; the database never sees plaintext."""

from __future__ import annotations

from typing import Any

from django.db import models

from fukyu.privacy.crypto import decrypt, encrypt


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]
    """Text encrypted with AES-GCM, bound to its table and column. Not searchable: pair it
    with a `blind_index` column when lookups are needed."""

    def _context(self) -> str:
        return f"{self.model._meta.db_table}.{self.column}"

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return decrypt(value, context=self._context())

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(str(value), context=self._context())
