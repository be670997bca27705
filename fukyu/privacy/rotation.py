"""Key rotation, for the data keys and the blind-index (HMAC) keys alike.

1. A new key is added and made current (in the key file: `keys.data_key_add()` and
   `keys.hmac_key_add()`; with keys in the environment, the operator lists the new key first).
   From then on new values are sealed and hashed with it, and lookups try every listed
   blind-index key, so rows still on the old one are found.
2. Every EncryptedTextField is re-encrypted with the current data key, and every declared
   blind-index column (`registry.index_columns`) is recomputed from its decrypted source with the
   current HMAC key, in batches of `_CHUNK` rows, each batch in its own transaction with its rows
   locked (select_for_update), so the work can stop and resume at any point.
3. A second pass checks (and fixes) rows that a concurrent writer touched during step 2; then the
   old keys are retired: removed from the key file, or named for the operator to remove from the
   environment.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models, transaction
from django.db.models.functions import Cast

from fukyu.audit.services import audit_record
from fukyu.privacy.crypto import blind_index, key_id, keyring
from fukyu.privacy.fields import EncryptedTextField
from fukyu.privacy.keys import (
    HMAC_ENV,
    KeyConfigError,
    data_key_add,
    hmac_key_add,
    keys_from_environment,
    keys_retire,
)
from fukyu.privacy.registry import BlindIndex, index_columns, kinds, undeclared_index_columns

_CHUNK = 500


class RotationError(RuntimeError):
    pass


@dataclass
class RotationResult:
    current: str
    hmac_current: str = ""
    rewritten: dict[str, int] = field(default_factory=dict)  # "app.model.field" -> rows
    reindexed: dict[str, int] = field(default_factory=dict)  # "app.model.column" -> rows
    added: list[str] = field(default_factory=list)  # key ids added by this run
    retired: list[str] = field(default_factory=list)  # key ids removed from the key file
    to_remove: list[str] = field(default_factory=list)  # env key ids the operator may remove

    @property
    def total(self) -> int:
        return sum(self.rewritten.values())

    @property
    def total_reindexed(self) -> int:
        return sum(self.reindexed.values())


def encrypted_fields() -> list[tuple[type[models.Model], EncryptedTextField]]:
    return [
        (model, f)
        for model in apps.get_models()
        for f in model._meta.concrete_fields
        if isinstance(f, EncryptedTextField)
    ]


def _stale(model: type[models.Model], f: EncryptedTextField, current: str) -> list[object]:
    qs = (
        model._default_manager.annotate(_raw=Cast(f.attname, models.TextField()))
        .exclude(_raw="")
        .exclude(_raw__isnull=True)
        .exclude(_raw__startswith=f"enc1:{current}:")
        .values_list("pk", flat=True)
    )
    return list(qs)


def _reencrypt(result: RotationResult, *, dry_run: bool) -> None:
    current = result.current
    for model, f in encrypted_fields():
        label = f"{model._meta.label_lower}.{f.name}"
        pks = _stale(model, f, current)
        result.rewritten[label] = len(pks)
        if dry_run or not pks:
            continue
        manager = model._default_manager
        for start in range(0, len(pks), _CHUNK):
            chunk = pks[start : start + _CHUNK]
            with transaction.atomic():
                # Reading decrypts with whichever key sealed the value; update() seals it
                # again with the current key.
                rows = manager.select_for_update().filter(pk__in=chunk)
                for pk, plain in rows.values_list("pk", f.attname):
                    manager.filter(pk=pk).update(**{f.attname: plain})


def _expected(ix: BlindIndex, source: str | None, stored: str) -> str:
    """The column's value under the current key. A blank source with a blank column stays
    blank (some apps leave the index empty when there is nothing to look up)."""
    if not source and not stored:
        return ""
    return blind_index(ix.normalize(source or ""), purpose=ix.purpose)


def blind_indexes_recompute(*, dry_run: bool = False) -> dict[str, int]:
    """Recompute every declared blind-index column with the current HMAC key; answers the
    rows changed (or that would change) per column."""
    missing = undeclared_index_columns()
    if missing:
        raise RotationError(
            "索引（ハッシュ）列の計算方法が登録されていません: " + "、".join(missing)
        )
    changed: dict[str, int] = {}
    for kind in kinds():
        manager = kind.model._default_manager
        for ix in index_columns(kind):
            label = f"{kind.model._meta.label_lower}.{ix.column}"
            changed[label] = 0
            pks = list(manager.order_by("pk").values_list("pk", flat=True))
            for start in range(0, len(pks), _CHUNK):
                chunk = pks[start : start + _CHUNK]
                with transaction.atomic():
                    rows = manager.select_for_update().filter(pk__in=chunk)
                    for pk, source, stored in rows.values_list("pk", ix.source, ix.column):
                        want = _expected(ix, source, stored or "")
                        if want == (stored or ""):
                            continue
                        changed[label] += 1
                        if not dry_run:
                            manager.filter(pk=pk).update(**{ix.column: want})
    return changed


def keys_rotate(*, actor: Any, new_keys: bool = False, dry_run: bool = False) -> RotationResult:
    """Rotate the data keys and the blind-index keys (see the module's docstring).

    `new_keys`: add a new data key and a new blind-index key to the key file first. Without
    it, this finishes a rotation the operator started by listing a new key first in the
    environment (or resumes an interrupted one)."""
    if new_keys and (keys_from_environment() or os.environ.get(HMAC_ENV, "")):
        raise RotationError(
            "鍵は環境変数で指定されています。新しい鍵を FUKYU_DATA_KEYS・FUKYU_HMAC_KEY の先頭に"
            "加えてから、--new-keys を付けずに実行してください"
        )
    missing = undeclared_index_columns()
    if missing:
        raise RotationError(
            "索引（ハッシュ）列の計算方法が登録されていません: " + "、".join(missing)
        )
    added: list[str] = []
    if new_keys and not dry_run:
        try:
            added = [data_key_add(), hmac_key_add()]
        except KeyConfigError as exc:
            raise RotationError(str(exc)) from exc
    ring = keyring()
    result = RotationResult(current=ring.current, hmac_current=ring.hmac_current, added=added)
    _reencrypt(result, dry_run=dry_run)
    result.reindexed = blind_indexes_recompute(dry_run=dry_run)
    if dry_run:
        return result
    # A writer that still held the old key during the pass above would have left a stale
    # hash: a second pass fixes it (usually nothing), after which the old keys can go.
    for label, n in blind_indexes_recompute().items():
        result.reindexed[label] += n
    usage = key_usage()
    old_data = {kid for kid in ring.keys if kid != ring.current and not usage.get(kid)}
    old_hmac = {kid for kid in ring.hmac_keys if kid != ring.hmac_current}
    in_env_data = keys_from_environment()
    in_env_hmac = bool(os.environ.get(HMAC_ENV, ""))
    result.to_remove = sorted(
        (old_data if in_env_data else set()) | (old_hmac if in_env_hmac else set())
    )
    retire_data = set() if in_env_data else old_data
    retire_hmac = set() if in_env_hmac else old_hmac
    if retire_data or retire_hmac:
        keys_retire(data_kids=retire_data, hmac_kids=retire_hmac)
        result.retired = sorted(retire_data | retire_hmac)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="privacy.rotate_keys",
            object_type="privacy.keys",
            object_id=result.current,
            object_repr=f"データ鍵 {result.current}・索引鍵 {result.hmac_current}",
            changes={
                "rewritten": [None, result.rewritten],
                "reindexed": [None, result.reindexed],
                "added": [None, result.added],
                "retired": [None, result.retired or result.to_remove],
            },
        )
    return result


def key_usage() -> dict[str, int]:
    """How many stored values each key id sealed (to know when an old key can be dropped)."""
    usage: dict[str, int] = {}
    for model, f in encrypted_fields():
        raws = model._default_manager.annotate(_raw=Cast(f.attname, models.TextField()))
        for raw in raws.exclude(_raw="").exclude(_raw__isnull=True).values_list("_raw", flat=True):
            kid = key_id(raw)
            usage[kid] = usage.get(kid, 0) + 1
    return usage
