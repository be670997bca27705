"""Meeting records: drafting, the confirmation workflow, the lock and corrections."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from fukyu.audit.services import audit_record, diff
from fukyu.core import clock
from fukyu.core.calendar import TOKYO
from fukyu.core.models import Contract
from fukyu.governance.hashing import meeting_content_hash
from fukyu.governance.models import (
    ActionItem,
    EmailAgreement,
    Meeting,
    MeetingAttachment,
    MeetingAttendee,
    MeetingReview,
)
from fukyu.governance.services.common import (
    StateConflictError,
    acting_user,
    lock_contract,
    next_number,
)

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
LOCKED_MESSAGE = (
    "確認済みの打合せ記録は変更できません。訂正が必要な場合は訂正版の記録を作成してください"
)
SUBMITTED_MESSAGE = (
    "提出済み（発注者の確認待ち）の記録は変更できません。提出を取り下げてから編集してください"
)
MEETING_FIELDS = (
    "title",
    "held_at",
    "ends_at",
    "place",
    "is_online",
    "agenda",
    "minutes",
    "decisions",
)
SETTABLE_ITEM_STATUSES = (
    ActionItem.Status.OPEN,
    ActionItem.Status.DONE,
    ActionItem.Status.CANCELLED,
)


@dataclass(frozen=True)
class AttendeeData:
    name: str
    side: str
    organisation: str = ""


@dataclass(frozen=True)
class ActionItemData:
    description: str
    owner: str = ""
    due_on: dt.date | None = None
    status: str = ActionItem.Status.OPEN
    id: int | None = None


@dataclass(frozen=True)
class MeetingData:
    title: str
    held_at: dt.datetime
    ends_at: dt.datetime | None = None
    place: str = ""
    is_online: bool = False
    agenda: str = ""
    minutes: str = ""
    decisions: str = ""
    attendees: tuple[AttendeeData, ...] = field(default=())
    action_items: tuple[ActionItemData, ...] = field(default=())


def meeting_data(meeting: Meeting) -> MeetingData:
    """The record's current content, e.g. to merge a partial update into."""
    return MeetingData(
        **{name: getattr(meeting, name) for name in MEETING_FIELDS},
        attendees=tuple(
            AttendeeData(name=a.name, side=a.side, organisation=a.organisation)
            for a in meeting.attendees.all()
        ),
        action_items=tuple(
            ActionItemData(
                description=i.description,
                owner=i.owner,
                due_on=i.due_on,
                status=i.status,
                id=i.pk,
            )
            for i in meeting.action_items.all()
        ),
    )


def _content_snapshot(meeting: Meeting) -> dict[str, Any]:
    snap: dict[str, Any] = {name: getattr(meeting, name) for name in MEETING_FIELDS}
    snap["attendees"] = [
        f"{a.get_side_display()}：{a.name}（{a.organisation}）" for a in meeting.attendees.all()
    ]
    snap["action_items"] = [
        f"{i.description}／{i.owner}／{i.due_on or '期限なし'}／{i.get_status_display()}"
        for i in meeting.action_items.all()
    ]
    return snap


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is not None and timezone.is_naive(value):
        return value.replace(tzinfo=TOKYO)
    return value


def _validate(data: MeetingData) -> None:
    errors: dict[str, list[str]] = {}
    held_at, ends_at = _aware(data.held_at), _aware(data.ends_at)
    if held_at and ends_at and ends_at < held_at:
        errors.setdefault("ends_at", []).append("終了時刻は開始時刻より後にしてください")
    for index, a in enumerate(data.attendees, start=1):
        if not a.name.strip():
            errors.setdefault("attendees", []).append(f"{index}人目の出席者の氏名がありません")
        if a.side not in MeetingAttendee.Side.values:
            errors.setdefault("attendees", []).append(
                f"{index}人目の出席者の区分は「発注者」か「受注者」を指定してください"
            )
    for index, i in enumerate(data.action_items, start=1):
        if not i.description.strip():
            errors.setdefault("action_items", []).append(f"{index}件目の対応事項の内容がありません")
        if i.status not in ActionItem.Status.values:
            errors.setdefault("action_items", []).append(f"{index}件目の対応事項の状況が不正です")
    if errors:
        raise ValidationError(errors)


def _assign(meeting: Meeting, data: MeetingData) -> None:
    meeting.title = data.title.strip()
    meeting.held_at = _aware(data.held_at)  # type: ignore[assignment]
    meeting.ends_at = _aware(data.ends_at)
    meeting.place = data.place.strip()
    meeting.is_online = data.is_online
    meeting.agenda = data.agenda
    meeting.minutes = data.minutes
    meeting.decisions = data.decisions


def _replace_children(meeting: Meeting, data: MeetingData) -> None:
    meeting.attendees.all().delete()
    attendees = [
        MeetingAttendee(
            meeting=meeting,
            order=n,
            side=a.side,
            name=a.name.strip(),
            organisation=a.organisation.strip(),
        )
        for n, a in enumerate(data.attendees)
    ]
    for a in attendees:
        a.full_clean(exclude=["meeting"])
    MeetingAttendee.objects.bulk_create(attendees)
    existing = {i.pk: i for i in meeting.action_items.all()}
    kept: set[int] = set()
    today = clock.today()
    for n, d in enumerate(data.action_items):
        item = existing.get(d.id) if d.id is not None else None
        if item is None:
            item = ActionItem(meeting=meeting)
        else:
            kept.add(item.pk)
        if d.status == ActionItem.Status.DONE and item.status != ActionItem.Status.DONE:
            item.completed_on = today
        elif d.status != ActionItem.Status.DONE:
            item.completed_on = None
        item.order = n
        item.description = d.description.strip()
        item.owner = d.owner.strip()
        item.due_on = d.due_on
        item.status = d.status
        item.full_clean(exclude=["meeting"])
        item.save()
    stale = [pk for pk in existing if pk not in kept]
    if stale:
        ActionItem.objects.filter(pk__in=stale).delete()


def _carry_open_items(meeting: Meeting) -> None:
    """Open action items of earlier meetings are carried into this one (added, never removed)."""
    earlier = ActionItem.objects.filter(
        meeting__contract=meeting.contract,
        meeting__held_at__lt=meeting.held_at,
        status=ActionItem.Status.OPEN,
    ).exclude(meeting=meeting)
    meeting.carried_items.add(*earlier)


def _locked_for_edit(meeting: Meeting) -> Meeting:
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.status == Meeting.Status.CONFIRMED:
        raise StateConflictError(LOCKED_MESSAGE)
    if locked.status == Meeting.Status.SUBMITTED:
        raise StateConflictError(SUBMITTED_MESSAGE)
    return locked


def meeting_create(
    *,
    actor: Any,
    contract: Contract,
    data: MeetingData,
    corrects: Meeting | None = None,
    source_email: EmailAgreement | None = None,
) -> Meeting:
    _validate(data)
    with transaction.atomic():
        lock_contract(contract)
        now = clock.now()
        meeting = Meeting(
            contract=contract,
            number=next_number(Meeting, contract),
            corrects=corrects,
            source_email=source_email,
            created_at=now,
            created_by=acting_user(actor),
            updated_at=now,
        )
        _assign(meeting, data)
        meeting.full_clean()
        meeting.save()
        _replace_children(meeting, data)
        _carry_open_items(meeting)
        audit_record(
            actor=actor,
            action="meeting.create",
            obj=meeting,
            changes=diff({}, _content_snapshot(meeting)),
            note=f"訂正元：第{corrects.number}号" if corrects else "",
        )
    return meeting


def meeting_update(*, actor: Any, meeting: Meeting, data: MeetingData) -> Meeting:
    _validate(data)
    with transaction.atomic():
        locked = _locked_for_edit(meeting)
        before = _content_snapshot(locked)
        _assign(locked, data)
        locked.updated_at = clock.now()
        locked.full_clean()
        locked.save()
        _replace_children(locked, data)
        _carry_open_items(locked)
        audit_record(
            actor=actor,
            action="meeting.update",
            obj=locked,
            changes=diff(before, _content_snapshot(locked)),
        )
    return locked


def _review(meeting: Meeting, kind: str, actor: Any, comment: str = "") -> None:
    MeetingReview.objects.create(
        meeting=meeting, kind=kind, at=clock.now(), actor=acting_user(actor), comment=comment
    )


def _transition(meeting: Meeting, allowed: tuple[str, ...], message: str) -> Meeting:
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.status not in allowed:
        if locked.status == Meeting.Status.CONFIRMED:
            raise StateConflictError(f"{message}（この記録は確認済みです）")
        raise StateConflictError(f"{message}（現在の状況：{locked.get_status_display()}）")
    return locked


def meeting_submit(*, actor: Any, meeting: Meeting) -> Meeting:
    """The contractor records its own confirmation and asks the client to confirm."""
    with transaction.atomic():
        locked = _transition(
            meeting,
            (Meeting.Status.DRAFT, Meeting.Status.CHANGES_REQUESTED),
            "作成中または修正依頼ありの記録だけを提出できます",
        )
        sides = set(locked.attendees.values_list("side", flat=True))
        problems = []
        if MeetingAttendee.Side.CLIENT not in sides:
            problems.append("発注者側の出席者を入力してください")
        if MeetingAttendee.Side.CONTRACTOR not in sides:
            problems.append("受注者側の出席者を入力してください")
        if not (locked.minutes.strip() or locked.decisions.strip()):
            problems.append("協議内容または決定事項を入力してください")
        if problems:
            raise ValidationError(problems)
        before = {"status": locked.status}
        locked.status = Meeting.Status.SUBMITTED
        locked.submitted_at = clock.now()
        locked.submitted_by = acting_user(actor)
        locked.save(update_fields=["status", "submitted_at", "submitted_by"])
        _review(locked, MeetingReview.Kind.SUBMITTED, actor)
        audit_record(
            actor=actor,
            action="meeting.submit",
            obj=locked,
            changes=diff(before, {"status": locked.status}),
        )
    return locked


def meeting_withdraw(*, actor: Any, meeting: Meeting) -> Meeting:
    with transaction.atomic():
        locked = _transition(
            meeting, (Meeting.Status.SUBMITTED,), "提出済みの記録だけを取り下げられます"
        )
        locked.status = Meeting.Status.DRAFT
        locked.save(update_fields=["status"])
        _review(locked, MeetingReview.Kind.WITHDRAWN, actor)
        audit_record(
            actor=actor,
            action="meeting.withdraw",
            obj=locked,
            changes={"status": [Meeting.Status.SUBMITTED, Meeting.Status.DRAFT]},
        )
    return locked


def meeting_confirm(*, actor: Any, meeting: Meeting, comment: str = "") -> Meeting:
    """The client confirms: the record is locked and its content hash fixed."""
    with transaction.atomic():
        locked = _transition(
            meeting, (Meeting.Status.SUBMITTED,), "提出済みの記録だけを確認できます"
        )
        locked.status = Meeting.Status.CONFIRMED
        locked.confirmed_at = clock.now()
        locked.confirmed_by = acting_user(actor)
        locked.content_sha256 = meeting_content_hash(locked)
        locked.save(update_fields=["status", "confirmed_at", "confirmed_by", "content_sha256"])
        _review(locked, MeetingReview.Kind.CONFIRMED, actor, comment.strip())
        superseded: list[int] = []
        if locked.corrects_id:
            open_items = ActionItem.objects.filter(
                meeting_id=locked.corrects_id, status=ActionItem.Status.OPEN
            )
            superseded = list(open_items.values_list("pk", flat=True))
            open_items.update(status=ActionItem.Status.SUPERSEDED)
        audit_record(
            actor=actor,
            action="meeting.confirm",
            obj=locked,
            changes={
                "status": [Meeting.Status.SUBMITTED, Meeting.Status.CONFIRMED],
                "content_sha256": [None, locked.content_sha256],
            },
            note=f"訂正元の未了の対応事項 {len(superseded)} 件を訂正版に引継ぎ"
            if superseded
            else "",
        )
    return locked


def meeting_request_changes(*, actor: Any, meeting: Meeting, comment: str) -> Meeting:
    if not comment.strip():
        raise ValidationError({"comment": "修正を依頼する内容をコメントに入力してください"})
    with transaction.atomic():
        locked = _transition(
            meeting, (Meeting.Status.SUBMITTED,), "提出済みの記録だけに修正を依頼できます"
        )
        locked.status = Meeting.Status.CHANGES_REQUESTED
        locked.save(update_fields=["status"])
        _review(locked, MeetingReview.Kind.CHANGES_REQUESTED, actor, comment.strip())
        audit_record(
            actor=actor,
            action="meeting.request_changes",
            obj=locked,
            changes={"status": [Meeting.Status.SUBMITTED, Meeting.Status.CHANGES_REQUESTED]},
            note=comment.strip(),
        )
    return locked


def meeting_correct(*, actor: Any, original: Meeting) -> Meeting:
    """A correction of a confirmed record: a new draft linked to it, with a copy of its content."""
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=original.pk)
        if locked.status != Meeting.Status.CONFIRMED:
            raise StateConflictError("訂正版は確認済みの記録についてだけ作成できます")
        pending = locked.corrections.exclude(status=Meeting.Status.CONFIRMED).first()
        if pending is not None:
            raise StateConflictError(
                f"この記録の訂正版（第{pending.number}号）が確認待ちまたは作成中です"
            )
        data = meeting_data(locked)
        data = MeetingData(
            **{name: getattr(data, name) for name in MEETING_FIELDS},
            attendees=data.attendees,
            action_items=tuple(
                ActionItemData(
                    description=i.description,
                    owner=i.owner,
                    due_on=i.due_on,
                    status=ActionItem.Status.OPEN
                    if i.status == ActionItem.Status.SUPERSEDED
                    else i.status,
                )
                for i in data.action_items
            ),
        )
        correction = meeting_create(
            actor=actor, contract=locked.contract, data=data, corrects=locked
        )
        correction.carried_items.set(locked.carried_items.all())
        for attachment in locked.attachments.all():
            with attachment.file.open("rb") as fh:
                content = fh.read()
            copy = MeetingAttachment(
                meeting=correction,
                name=attachment.name,
                size=attachment.size,
                sha256=attachment.sha256,
                uploaded_at=clock.now(),
                uploaded_by=acting_user(actor),
            )
            copy.file.save(attachment.name, ContentFile(content), save=False)
            copy.save()
    return correction


def attachment_add(
    *, actor: Any, meeting: Meeting, upload: UploadedFile[bytes]
) -> MeetingAttachment:
    if upload.size is None or upload.size == 0:
        raise ValidationError({"file": "空のファイルは添付できません"})
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError({"file": "添付できるファイルは20MBまでです"})
    content = upload.read()
    name = (upload.name or "attachment").rsplit("/", 1)[-1][:200]
    with transaction.atomic():
        locked = _locked_for_edit(meeting)
        attachment = MeetingAttachment(
            meeting=locked,
            name=name,
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            uploaded_at=clock.now(),
            uploaded_by=acting_user(actor),
        )
        attachment.file.save(name, ContentFile(content), save=False)
        attachment.full_clean()
        attachment.save()
        audit_record(
            actor=actor,
            action="meeting.attachment_add",
            obj=locked,
            changes={"attachment": [None, f"{name}（{attachment.sha256[:12]}…）"]},
        )
    return attachment


def attachment_delete(*, actor: Any, attachment: MeetingAttachment) -> None:
    with transaction.atomic():
        locked = _locked_for_edit(attachment.meeting)
        name, path, storage = attachment.name, attachment.file.name or "", attachment.file.storage
        attachment.delete()
        audit_record(
            actor=actor,
            action="meeting.attachment_delete",
            obj=locked,
            changes={"attachment": [name, None]},
        )
        if path:
            transaction.on_commit(lambda: storage.delete(path))


def action_item_set_status(*, actor: Any, item: ActionItem, status: str) -> ActionItem:
    if status not in SETTABLE_ITEM_STATUSES:
        raise ValidationError({"status": "状況は「未了」「完了」「取りやめ」から選んでください"})
    with transaction.atomic():
        locked = ActionItem.objects.select_for_update().get(pk=item.pk)
        if locked.status == ActionItem.Status.SUPERSEDED:
            raise StateConflictError(
                "訂正版に引き継いだ対応事項です。訂正版の記録で更新してください"
            )
        before = {"status": locked.status, "completed_on": locked.completed_on}
        locked.status = status
        locked.completed_on = clock.today() if status == ActionItem.Status.DONE else None
        locked.save(update_fields=["status", "completed_on"])
        audit_record(
            actor=actor,
            action="action_item.set_status",
            obj=locked,
            changes=diff(before, {"status": locked.status, "completed_on": locked.completed_on}),
        )
    return locked
