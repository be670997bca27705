"""Key rotation: re-encrypt every EncryptedTextField with the current key (the first one in
FUKYU_DATA_KEYS, or `current` in the key file). Old keys stay listed until this has run."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.apps import apps
from django.db import models, transaction
from django.db.models.functions import Cast

from fukyu.audit.services import audit_record
from fukyu.privacy.crypto import key_id, keyring
from fukyu.privacy.fields import EncryptedTextField

_CHUNK = 500


@dataclass
class RotationResult:
    current: str
    rewritten: dict[str, int] = field(default_factory=dict)  # "app.model.field" -> rows
    already_current: int = 0

    @property
    def total(self) -> int:
        return sum(self.rewritten.values())


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


def data_keys_rotate(*, actor: object, dry_run: bool = False) -> RotationResult:
    current = keyring().current
    result = RotationResult(current=current)
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
                for pk, plain in manager.filter(pk__in=chunk).values_list("pk", f.attname):
                    manager.filter(pk=pk).update(**{f.attname: plain})
    if not dry_run:
        with transaction.atomic():
            audit_record(
                actor=actor,
                action="privacy.rotate_keys",
                object_type="privacy.keys",
                object_id=current,
                object_repr=f"データ鍵 {current}",
                changes={"rewritten": [None, result.rewritten]},
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
