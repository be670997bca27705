"""Writes of the register: work locations, training, handling procedures, subcontracting,
inspections and instructions. Each write checks its permission and leaves an audit row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import PurePath
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction

from fukyu.accounts.permissions import has_perm
from fukyu.audit.services import audit_record, diff, snapshot
from fukyu.core import clock
from fukyu.core.models import Contract
from fukyu.privacy.models import (
    Decision,
    HandlingProcedure,
    Inspection,
    Instruction,
    SubcontractRequest,
    TrainingAttendance,
    TrainingSession,
    WorkLocation,
)
from fukyu.privacy.perms import may_decide
from fukyu.privacy.roster import pi_staff

PROCEDURE_TYPES = (".pdf", ".docx", ".xlsx", ".odt", ".txt")
PROCEDURE_MAX_BYTES = 20 * 1024 * 1024


def _require_manage(actor: Any) -> None:
    if not has_perm(actor, "privacy_manage"):
        raise PermissionDenied("個人情報の管理台帳を変更する権限がありません")


def _create(actor: Any, obj: models.Model, action: str, fields: Sequence[str]) -> None:
    obj.full_clean()
    with transaction.atomic():
        obj.save()
        audit_record(actor=actor, action=action, obj=obj, changes=diff({}, snapshot(obj, fields)))


def work_location_notify(
    *,
    actor: Any,
    contract: Contract,
    name: str,
    address: str,
    handling: str,
    safeguards: str,
    effective_from: dt.date,
    replaces: WorkLocation | None = None,
    change_reason: str = "",
) -> WorkLocation:
    """Record a work location as notified to the client now; it takes effect later (第4: the
    client hears of a place, or of a change, before it is used)."""
    _require_manage(actor)
    today = clock.today()
    if replaces is not None:
        if effective_from <= today:
            raise ValidationError(
                {
                    "effective_from": "作業場所の変更は事前の報告が必要です。明日以降の日付を指定してください"
                }
            )
        if not change_reason.strip():
            raise ValidationError({"change_reason": "変更の理由を入力してください"})
        if replaces.contract_id != contract.pk or replaces.ends_on is not None:
            raise ValidationError({"replaces": "変更できる作業場所ではありません"})
    elif effective_from < today:
        raise ValidationError(
            {"effective_from": "作業場所は使用開始前に報告します。本日以降の日付を指定してください"}
        )
    location = WorkLocation(
        contract=contract,
        name=name.strip(),
        address=address.strip(),
        handling=handling.strip(),
        safeguards=safeguards.strip(),
        effective_from=effective_from,
        replaces=replaces,
        change_reason=change_reason.strip(),
        notified_at=clock.now(),
        notified_by=actor,
    )
    fields = ("name", "address", "handling", "safeguards", "effective_from", "change_reason")
    with transaction.atomic():
        _create(actor, location, "work_location.notify", fields)
        if replaces is not None:
            before = snapshot(replaces, ("ends_on",))
            replaces.ends_on = effective_from - dt.timedelta(days=1)
            replaces.save(update_fields=["ends_on"])
            audit_record(
                actor=actor,
                action="work_location.end",
                obj=replaces,
                changes=diff(before, snapshot(replaces, ("ends_on",))),
            )
    return location


def training_record(
    *,
    actor: Any,
    contract: Contract,
    held_on: dt.date,
    title: str,
    content: str,
    instructor: str,
    minutes: int,
) -> TrainingSession:
    _require_manage(actor)
    session = TrainingSession(
        contract=contract,
        held_on=held_on,
        title=title.strip(),
        content=content.strip(),
        instructor=instructor.strip(),
        minutes=minutes,
        recorded_by=actor,
    )
    _create(actor, session, "training.record", ("held_on", "title", "instructor", "minutes"))
    return session


def training_attendance_set(
    *, actor: Any, session: TrainingSession, staff_keys: Sequence[str]
) -> list[TrainingAttendance]:
    """Who attended: people from the roster's managers and handlers."""
    _require_manage(actor)
    roster = {p.key: p for p in pi_staff(contract=session.contract)}
    unknown = [k for k in staff_keys if k not in roster]
    if unknown:
        raise ValidationError({"staff": "名簿にない人が含まれています"})
    with transaction.atomic():
        before = sorted(session.attendances.values_list("staff_name", flat=True))
        session.attendances.exclude(staff_key__in=staff_keys).delete()
        existing = set(session.attendances.values_list("staff_key", flat=True))
        TrainingAttendance.objects.bulk_create(
            TrainingAttendance(
                session=session,
                staff_key=key,
                staff_name=roster[key].name,
                role_label=roster[key].pi_role,
            )
            for key in staff_keys
            if key not in existing
        )
        after = sorted(roster[k].name for k in set(staff_keys))
        audit_record(
            actor=actor,
            action="training.attendance",
            obj=session,
            changes=diff({"attendees": before}, {"attendees": after}),
        )
    return list(session.attendances.all())


def procedure_upload(
    *,
    actor: Any,
    contract: Contract,
    title: str,
    version: str,
    effective_on: dt.date,
    file: UploadedFile[bytes],
    summary: str = "",
    reported_on: dt.date | None = None,
) -> HandlingProcedure:
    _require_manage(actor)
    name = PurePath(file.name or "").name
    if PurePath(name).suffix.lower() not in PROCEDURE_TYPES:
        raise ValidationError({"file": "PDF・Word・Excel・テキストのファイルを選んでください"})
    if (file.size or 0) > PROCEDURE_MAX_BYTES:
        raise ValidationError({"file": "ファイルが大きすぎます（20MBまで）"})
    if HandlingProcedure.objects.filter(contract=contract, title=title, version=version).exists():
        raise ValidationError({"version": f"「{title}」の第{version}版は既に登録されています"})
    doc = HandlingProcedure(
        contract=contract,
        title=title.strip(),
        version=version.strip(),
        effective_on=effective_on,
        summary=summary.strip(),
        original_name=name[:200],
        reported_on=reported_on,
        uploaded_at=clock.now(),
        uploaded_by=actor,
    )
    doc.file.save(name, file, save=False)
    try:
        _create(actor, doc, "procedure.upload", ("title", "version", "effective_on", "reported_on"))
    except Exception:
        doc.file.delete(save=False)
        raise
    return doc


SUBCONTRACT_FACTS = (
    "subcontractor",
    "further",
    "reason",
    "work",
    "information",
    "safeguards",
    "supervision",
    "starts_on",
)


def subcontract_request(*, actor: Any, contract: Contract, **facts: Any) -> SubcontractRequest:
    """Consult the client before subcontracting (第13-2): every listed fact is required, and
    the request comes before the work starts."""
    _require_manage(actor)
    unknown = set(facts) - set(SUBCONTRACT_FACTS)
    if unknown:
        raise TypeError(f"unknown facts: {sorted(unknown)}")
    starts_on = facts.get("starts_on")
    if isinstance(starts_on, dt.date) and starts_on <= clock.today():
        raise ValidationError(
            {"starts_on": "再委託の協議は着手前に行います。明日以降の日付を指定してください"}
        )
    request = SubcontractRequest(
        contract=contract, requested_at=clock.now(), requested_by=actor, **facts
    )
    _create(actor, request, "subcontract.request", SUBCONTRACT_FACTS)
    return request


def subcontract_decide(
    *, actor: Any, request: SubcontractRequest, approve: bool, note: str = ""
) -> SubcontractRequest:
    if not may_decide(actor):
        raise PermissionDenied("再委託の承諾は発注者が行います")
    if request.status != Decision.REQUESTED:
        raise ValidationError("この協議は既に判断されています")
    if not approve and not note.strip():
        raise ValidationError({"decision_note": "承諾しない理由を入力してください"})
    before = snapshot(request, ("status",))
    request.status = Decision.APPROVED if approve else Decision.REJECTED
    request.decided_by = actor
    request.decided_at = clock.now()
    request.decision_note = note.strip()
    request.full_clean()
    with transaction.atomic():
        request.save()
        audit_record(
            actor=actor,
            action="subcontract.decide",
            obj=request,
            changes=diff(before, snapshot(request, ("status",))),
            note=request.decision_note,
        )
    return request


def inspection_record(
    *,
    actor: Any,
    contract: Contract,
    inspected_on: dt.date,
    inspectors: str,
    scope: str,
    findings: str = "",
) -> Inspection:
    _require_manage(actor)
    inspection = Inspection(
        contract=contract,
        inspected_on=inspected_on,
        inspectors=inspectors.strip(),
        scope=scope.strip(),
        findings=findings.strip(),
        recorded_by=actor,
    )
    _create(actor, inspection, "inspection.record", ("inspected_on", "inspectors", "findings"))
    return inspection


def inspection_respond(
    *, actor: Any, inspection: Inspection, response: str, responded_on: dt.date
) -> Inspection:
    _require_manage(actor)
    if not response.strip():
        raise ValidationError({"response": "対応内容を入力してください"})
    if responded_on < inspection.inspected_on:
        raise ValidationError({"responded_on": "対応完了日が調査日より前です"})
    before = snapshot(inspection, ("response", "responded_on"))
    inspection.response = response.strip()
    inspection.responded_on = responded_on
    inspection.full_clean()
    with transaction.atomic():
        inspection.save()
        audit_record(
            actor=actor,
            action="inspection.respond",
            obj=inspection,
            changes=diff(before, snapshot(inspection, ("response", "responded_on"))),
        )
    return inspection


def instruction_record(
    *,
    actor: Any,
    contract: Contract,
    kind: str,
    issued_on: dt.date,
    issuer: str,
    content: str,
    due_on: dt.date | None = None,
) -> Instruction:
    """The client issues it here, or the privacy officer records one received in writing."""
    if not (may_decide(actor) or has_perm(actor, "privacy_manage")):
        raise PermissionDenied("指示を記録する権限がありません")
    if due_on is not None and due_on < issued_on:
        raise ValidationError({"due_on": "期限が指示日より前です"})
    instruction = Instruction(
        contract=contract,
        kind=kind,
        issued_on=issued_on,
        issuer=issuer.strip() or str(actor),
        content=content.strip(),
        due_on=due_on,
        recorded_by=actor,
        recorded_at=clock.now(),
    )
    _create(actor, instruction, "instruction.record", ("kind", "issued_on", "issuer", "due_on"))
    return instruction


def instruction_respond(*, actor: Any, instruction: Instruction, response: str) -> Instruction:
    _require_manage(actor)
    if not response.strip():
        raise ValidationError({"response": "対応・報告内容を入力してください"})
    before = snapshot(instruction, ("response",))
    instruction.response = response.strip()
    instruction.responded_at = clock.now()
    instruction.responded_by = actor
    with transaction.atomic():
        instruction.save()
        audit_record(
            actor=actor,
            action="instruction.respond",
            obj=instruction,
            changes=diff(before, snapshot(instruction, ("response",))),
        )
    return instruction
