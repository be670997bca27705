"""Writes of the privacy app. Every reveal or export of personal data goes through here."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

from fukyu.accounts.permissions import has_perm
from fukyu.privacy.models import AccessLogEntry


def access_log_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    fields: str = "",
    reason: str,
    row_count: int = 1,
) -> AccessLogEntry:
    if not reason.strip():
        raise ValidationError({"reason": "理由を入力してください"})
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AccessLogEntry.objects.create(
        at=timezone.now(),
        actor=user,
        actor_label=user.get_username() if user is not None else str(actor or "system"),
        action=action,
        object_type=object_type,
        object_id=object_id,
        fields=fields,
        reason=reason.strip(),
        row_count=row_count,
    )


def personal_data_reveal(
    *, actor: Any, obj: models.Model, field_names: list[str], reason: str
) -> dict[str, Any]:
    """The plain values of `field_names` on `obj`, for a user whose role may see personal data,
    with a stated reason; the access is logged in the same transaction."""
    if not has_perm(actor, "personal_data_read"):
        raise PermissionDenied("個人情報を表示する権限がありません")
    with transaction.atomic():
        access_log_record(
            actor=actor,
            action=AccessLogEntry.Action.REVEAL,
            obj=obj,
            fields=",".join(field_names),
            reason=reason,
        )
        return {name: getattr(obj, name) for name in field_names}
