"""Writes of the privacy app. Every reveal or export of personal data goes through here."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

from fukyu.accounts.permissions import has_perm
from fukyu.audit.services import audit_record, diff, snapshot
from fukyu.core import clock
from fukyu.core.models import Contract
from fukyu.privacy.models import AccessLogEntry, Decision, ExportApproval
from fukyu.privacy.perms import may_decide


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


def _require(actor: Any, *perms: str) -> None:
    if not any(has_perm(actor, p) for p in perms):
        raise PermissionDenied("この操作を行う権限がありません")


def export_approval_request(
    *,
    actor: Any,
    contract: Contract,
    purpose: str,
    scope: str,
    destination: str,
    valid_until: dt.date,
    max_rows: int | None = None,
) -> ExportApproval:
    """Ask the client for prior consent to export personal data (第5, 第11)."""
    _require(actor, "data_export", "privacy_manage")
    if valid_until < clock.today():
        raise ValidationError({"valid_until": "有効期限は本日以降の日付を指定してください"})
    approval = ExportApproval(
        contract=contract,
        requested_at=clock.now(),
        requested_by=actor,
        purpose=purpose.strip(),
        scope=scope.strip(),
        destination=destination.strip(),
        valid_until=valid_until,
        max_rows=max_rows,
    )
    approval.full_clean()
    with transaction.atomic():
        approval.save()
        audit_record(
            actor=actor,
            action="export_approval.request",
            obj=approval,
            changes=diff({}, snapshot(approval, APPROVAL_FIELDS)),
        )
    return approval


APPROVAL_FIELDS = ("purpose", "scope", "destination", "valid_until", "max_rows", "status")


def export_approval_decide(
    *, actor: Any, approval: ExportApproval, approve: bool, note: str = ""
) -> ExportApproval:
    """The client approves or refuses a request; only a pending request can be decided."""
    if not may_decide(actor):
        raise PermissionDenied("出力の承認は発注者が行います")
    with transaction.atomic():
        locked = ExportApproval.objects.select_for_update().get(pk=approval.pk)
        if locked.status != Decision.REQUESTED:
            raise ValidationError("この申請は既に判断されています")
        if not approve and not note.strip():
            raise ValidationError({"decision_note": "不承認の理由を入力してください"})
        before = snapshot(locked, ("status",))
        locked.status = Decision.APPROVED if approve else Decision.REJECTED
        locked.decided_by = actor
        locked.decided_at = clock.now()
        locked.decision_note = note.strip()
        locked.full_clean()
        locked.save()
        audit_record(
            actor=actor,
            action="export_approval.decide",
            obj=locked,
            changes=diff(before, snapshot(locked, ("status",))),
            note=locked.decision_note,
        )
    return locked


def personal_export_authorize(
    *, actor: Any, approval: ExportApproval, row_count: int
) -> AccessLogEntry:
    """Call before writing personal data into an export: checks that the actor may export and
    that the client's approval is in force and covers `row_count` rows, then logs the export.
    Default exports contain no personal data and do not call this."""
    if not has_perm(actor, "data_export"):
        raise PermissionDenied("個人情報を含むデータを出力する権限がありません")
    if row_count < 0:
        raise ValidationError("件数が正しくありません")
    with transaction.atomic():
        locked = ExportApproval.objects.select_for_update().get(pk=approval.pk)
        if locked.status != Decision.APPROVED:
            raise PermissionDenied("発注者の承認がない出力はできません")
        if locked.valid_until < clock.today():
            raise PermissionDenied("出力承認の有効期限が過ぎています")
        if locked.max_rows is not None and locked.rows_exported + row_count > locked.max_rows:
            raise PermissionDenied(
                f"承認された上限件数（{locked.max_rows}件）を超えます"
                f"（出力済み {locked.rows_exported}件）"
            )
        locked.rows_exported += row_count
        locked.save(update_fields=["rows_exported"])
        entry = access_log_record(
            actor=actor,
            action=AccessLogEntry.Action.EXPORT,
            obj=locked,
            fields=locked.scope[:200],
            reason=f"出力承認 第{locked.pk}号：{locked.purpose}",
            row_count=row_count,
        )
        audit_record(
            actor=actor,
            action="export_approval.use",
            obj=locked,
            changes={"rows_exported": [locked.rows_exported - row_count, locked.rows_exported]},
        )
    approval.rows_exported = locked.rows_exported
    return entry
