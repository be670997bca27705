"""Writes for publicity placements. A paid medium needs the client's recorded consent before it
may be marked as run (5(3)ホ: 有料の広報媒体 … 実施にあたっては発注者の承諾を得ること)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from fukyu.audit.services import audit_record, diff, snapshot
from fukyu.core import clock
from fukyu.publicity.models import Placement
from fukyu.publicity.services.common import require_client

FIELDS = [
    "medium",
    "outlet",
    "title",
    "starts_on",
    "ends_on",
    "reach",
    "cost",
    "is_paid",
    "design_item",
    "note",
    "status",
]
# Changing any of these after the client's consent voids the consent.
CONSENTED = ["medium", "outlet", "title", "starts_on", "ends_on", "cost", "is_paid"]
PAID_REFUSAL = "有料の広報媒体は、発注者の承諾を記録するまで実施済みにできません（仕様書5(3)ホ）"


def _check(placement: Placement) -> None:
    if placement.medium == Placement.Medium.PAID_AD and not placement.is_paid:
        raise ValidationError({"is_paid": "有料広告は「有料の広報媒体」として登録してください"})
    if placement.starts_on and placement.ends_on and placement.ends_on < placement.starts_on:
        raise ValidationError({"ends_on": "終了日は開始日以降にしてください"})
    item = placement.design_item
    if item is not None and item.contract_id != placement.contract_id:
        raise ValidationError({"design_item": "この契約の制作物を選んでください"})


def placement_save(*, actor: Any, placement: Placement) -> Placement:
    """Create or update a planned placement. Editing the terms of a paid placement the client
    has consented to withdraws the consent, which must then be given again."""
    note = ""
    with transaction.atomic():
        before: dict[str, Any] = {}
        if placement.pk:
            old = Placement.objects.select_for_update().get(pk=placement.pk)
            if old.status != Placement.Status.PLANNED:
                raise ValidationError(f"{old.get_status_display()}の掲載は変更できません")
            before = snapshot(old, FIELDS)
            placement.status = old.status
            terms_changed = any(snapshot(old, [f]) != snapshot(placement, [f]) for f in CONSENTED)
            if old.client_approved and terms_changed:
                placement.client_approved_by = None
                placement.client_approved_at = None
                placement.client_approval_note = ""
                note = "承諾後に条件を変更したため、発注者の承諾を取り消しました"
        else:
            placement.status = Placement.Status.PLANNED
            placement.created_by = actor if getattr(actor, "is_authenticated", False) else None
            placement.created_at = clock.now()
        _check(placement)
        placement.full_clean()
        placement.save()
        changes = diff(before, snapshot(placement, FIELDS))
        if note:
            changes["client_approved"] = [True, False]
        audit_record(
            actor=actor,
            action="placement.update" if before else "placement.create",
            obj=placement,
            changes=changes,
            note=note,
        )
    return placement


def placement_client_approve(*, actor: Any, placement: Placement, note: str = "") -> Placement:
    """The client's consent to a paid placement, recorded with who and when."""
    require_client(actor, "有料媒体の承諾")
    with transaction.atomic():
        placement = Placement.objects.select_for_update().get(pk=placement.pk)
        if not placement.is_paid:
            raise ValidationError("無料の媒体には発注者の承諾は不要です")
        if placement.status != Placement.Status.PLANNED:
            raise ValidationError(f"{placement.get_status_display()}の掲載は承諾できません")
        if placement.client_approved:
            raise ValidationError("この掲載は既に承諾済みです")
        placement.client_approved_by = actor
        placement.client_approved_at = clock.now()
        placement.client_approval_note = note.strip()
        placement.save(
            update_fields=["client_approved_by", "client_approved_at", "client_approval_note"]
        )
        audit_record(
            actor=actor,
            action="placement.client_approve",
            obj=placement,
            changes={"client_approved": [False, True], "cost": [None, placement.cost]},
            note=placement.client_approval_note,
        )
    return placement


def placement_mark_run(*, actor: Any, placement: Placement, reach: int | None = None) -> Placement:
    """Record that the placement ran (with its actual reach, if known)."""
    with transaction.atomic():
        placement = Placement.objects.select_for_update().get(pk=placement.pk)
        if placement.status != Placement.Status.PLANNED:
            raise ValidationError(f"{placement.get_status_display()}の掲載です")
        if placement.is_paid and not placement.client_approved:
            raise ValidationError(PAID_REFUSAL)
        before = snapshot(placement, ["status", "reach"])
        placement.status = Placement.Status.RUN
        if reach is not None:
            placement.reach = reach
        placement.run_recorded_by = actor if getattr(actor, "is_authenticated", False) else None
        placement.run_recorded_at = clock.now()
        placement.full_clean()
        placement.save()
        audit_record(
            actor=actor,
            action="placement.run",
            obj=placement,
            changes=diff(before, snapshot(placement, ["status", "reach"])),
        )
    return placement


def placement_cancel(*, actor: Any, placement: Placement, reason: str) -> Placement:
    if not reason.strip():
        raise ValidationError({"reason": "中止の理由を入力してください"})
    with transaction.atomic():
        placement = Placement.objects.select_for_update().get(pk=placement.pk)
        if placement.status != Placement.Status.PLANNED:
            raise ValidationError(f"{placement.get_status_display()}の掲載は中止できません")
        placement.status = Placement.Status.CANCELLED
        placement.note = f"{placement.note}\n中止理由：{reason.strip()}".strip()
        placement.save(update_fields=["status", "note"])
        audit_record(
            actor=actor,
            action="placement.cancel",
            obj=placement,
            changes={"status": [Placement.Status.PLANNED, placement.status]},
            note=reason.strip(),
        )
    return placement
