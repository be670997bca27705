"""The governance API router, mounted at /api/v1/ by config/api.py: meeting records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from fukyu.accounts.api_auth import API_AUTH
from fukyu.accounts.permissions import api_require
from fukyu.core import clock
from fukyu.core.selectors import active_contract
from fukyu.governance.models import ActionItem, Meeting
from fukyu.governance.selectors import action_item_list, meeting_detail_list, meeting_list
from fukyu.governance.services import (
    ActionItemData,
    AttendeeData,
    MeetingData,
    StateConflictError,
    meeting_confirm,
    meeting_create,
    meeting_data,
    meeting_request_changes,
    meeting_submit,
    meeting_update,
    meeting_withdraw,
)

router = Router(tags=["計画・名簿・打合せ"])

Side = Literal["client", "contractor"]
ItemStatus = Literal["open", "done", "cancelled"]


class AttendeeIn(Schema):
    name: str = Field(..., min_length=1, max_length=100)
    organisation: str = Field("", max_length=100)
    side: Side


class ActionItemIn(Schema):
    id: int | None = Field(None, ge=1, le=2**63 - 1)
    description: str = Field(..., min_length=1, max_length=500)
    owner: str = Field("", max_length=100)
    due_on: dt.date | None = None
    status: ItemStatus = "open"


class MeetingIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    held_at: dt.datetime
    ends_at: dt.datetime | None = None
    place: str = Field("", max_length=200)
    is_online: bool = False
    attendees: list[AttendeeIn] = Field(default_factory=list, max_length=200)
    agenda: str = Field("", max_length=20000)
    minutes: str = Field("", max_length=100000)
    decisions: str = Field("", max_length=50000)
    action_items: list[ActionItemIn] = Field(default_factory=list, max_length=500)


class MeetingPatch(Schema):
    title: str | None = Field(None, min_length=1, max_length=200)
    held_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None
    place: str | None = Field(None, max_length=200)
    is_online: bool | None = None
    attendees: list[AttendeeIn] | None = Field(None, max_length=200)
    agenda: str | None = Field(None, max_length=20000)
    minutes: str | None = Field(None, max_length=100000)
    decisions: str | None = Field(None, max_length=50000)
    action_items: list[ActionItemIn] | None = Field(None, max_length=500)


class CommentIn(Schema):
    comment: str = Field("", max_length=5000)


class AttendeeOut(Schema):
    name: str
    organisation: str
    side: str
    side_label: str


class ActionItemOut(Schema):
    id: int
    description: str
    owner: str
    due_on: dt.date | None
    status: str
    status_label: str
    completed_on: dt.date | None
    meeting_id: int
    meeting_number: int
    overdue: bool


class AttachmentOut(Schema):
    id: int
    name: str
    size: int
    sha256: str


class ReviewOut(Schema):
    kind: str
    kind_label: str
    at: dt.datetime
    actor: str
    comment: str


class MeetingSummaryOut(Schema):
    id: int
    number: int
    title: str
    held_at: dt.datetime
    status: str
    status_label: str
    submitted_at: dt.datetime | None
    confirmed_at: dt.datetime | None
    content_sha256: str | None


class MeetingOut(MeetingSummaryOut):
    ends_at: dt.datetime | None
    place: str
    is_online: bool
    agenda: str
    minutes: str
    decisions: str
    attendees: list[AttendeeOut]
    action_items: list[ActionItemOut]
    carried_items: list[ActionItemOut]
    attachments: list[AttachmentOut]
    reviews: list[ReviewOut]
    submitted_by: str | None
    confirmed_by: str | None
    corrects: int | None
    corrections: list[int]
    url: str
    pdf_url: str


@contextmanager
def conflicts_as_409() -> Iterator[None]:
    try:
        yield
    except StateConflictError as exc:
        raise HttpError(409, str(exc)) from exc


def _item_out(item: ActionItem, today: dt.date) -> ActionItemOut:
    return ActionItemOut(
        id=item.pk,
        description=item.description,
        owner=item.owner,
        due_on=item.due_on,
        status=item.status,
        status_label=item.get_status_display(),
        completed_on=item.completed_on,
        meeting_id=item.meeting_id,
        meeting_number=item.meeting.number,
        overdue=bool(item.is_open and item.due_on and item.due_on < today),
    )


def _local(value: dt.datetime | None) -> dt.datetime | None:
    return timezone.localtime(value) if value is not None else None


def _summary(m: Meeting) -> dict[str, Any]:
    return {
        "id": m.pk,
        "number": m.number,
        "title": m.title,
        "held_at": _local(m.held_at),
        "status": m.status,
        "status_label": m.get_status_display(),
        "submitted_at": _local(m.submitted_at),
        "confirmed_at": _local(m.confirmed_at),
        "content_sha256": m.content_sha256 if m.is_locked else None,
    }


def _out(m: Meeting) -> MeetingOut:
    today = clock.today()
    return MeetingOut(
        **_summary(m),
        ends_at=_local(m.ends_at),
        place=m.place,
        is_online=m.is_online,
        agenda=m.agenda,
        minutes=m.minutes,
        decisions=m.decisions,
        attendees=[
            AttendeeOut(
                name=a.name,
                organisation=a.organisation,
                side=a.side,
                side_label=a.get_side_display(),
            )
            for a in m.attendees.all()
        ],
        action_items=[_item_out(i, today) for i in m.action_items.all()],
        carried_items=[_item_out(i, today) for i in m.carried_items.all()],
        attachments=[
            AttachmentOut(id=a.pk, name=a.name, size=a.size, sha256=a.sha256)
            for a in m.attachments.all()
        ],
        reviews=[
            ReviewOut(
                kind=r.kind,
                kind_label=r.get_kind_display(),
                at=timezone.localtime(r.at),
                actor=str(r.actor) if r.actor else "",
                comment=r.comment,
            )
            for r in m.reviews.all()
        ],
        submitted_by=str(m.submitted_by) if m.submitted_by else None,
        confirmed_by=str(m.confirmed_by) if m.confirmed_by else None,
        corrects=m.corrects_id,
        corrections=[c.pk for c in m.corrections.all()],
        url=reverse("governance:meeting", args=[m.pk]),
        pdf_url=reverse("governance:meeting_pdf", args=[m.pk]),
    )


def _fresh(request: HttpRequest, user: Any, pk: int) -> MeetingOut:
    return _out(
        get_object_or_404(meeting_detail_list(contract=active_contract(), user=user), pk=pk)
    )


def _attendees(items: list[AttendeeIn]) -> tuple[AttendeeData, ...]:
    return tuple(AttendeeData(name=a.name, side=a.side, organisation=a.organisation) for a in items)


def _items(items: list[ActionItemIn]) -> tuple[ActionItemData, ...]:
    return tuple(
        ActionItemData(
            description=i.description, owner=i.owner, due_on=i.due_on, status=i.status, id=i.id
        )
        for i in items
    )


@router.get("/meetings", response=list[MeetingSummaryOut], auth=API_AUTH)
def meetings(request: HttpRequest, status: str = "") -> list[MeetingSummaryOut]:
    """Meeting records, newest first (drafts only for the contractor)."""
    user = api_require(request, "governance_read", "governance_manage")
    if status and status not in Meeting.Status.values:
        raise HttpError(
            422, "status は draft・submitted・changes_requested・confirmed のいずれかです"
        )
    qs = meeting_list(contract=active_contract(), user=user, status=status)
    return [MeetingSummaryOut(**_summary(m)) for m in qs]


@router.post("/meetings", response={201: MeetingOut}, auth=API_AUTH)
def meeting_new(request: HttpRequest, payload: MeetingIn) -> Status[MeetingOut]:
    """Draft a meeting record (the contractor)."""
    user = api_require(request, "governance_manage")
    data = MeetingData(
        title=payload.title,
        held_at=payload.held_at,
        ends_at=payload.ends_at,
        place=payload.place,
        is_online=payload.is_online,
        agenda=payload.agenda,
        minutes=payload.minutes,
        decisions=payload.decisions,
        attendees=_attendees(payload.attendees),
        action_items=_items(payload.action_items),
    )
    meeting = meeting_create(actor=user, contract=active_contract(), data=data)
    return Status(201, _fresh(request, user, meeting.pk))


@router.get("/meetings/{int:meeting_id}", response=MeetingOut, auth=API_AUTH)
def meeting_get(request: HttpRequest, meeting_id: int) -> MeetingOut:
    user = api_require(request, "governance_read", "governance_manage")
    return _fresh(request, user, meeting_id)


@router.patch("/meetings/{int:meeting_id}", response=MeetingOut, auth=API_AUTH)
def meeting_patch(request: HttpRequest, meeting_id: int, payload: MeetingPatch) -> MeetingOut:
    """Change a draft (or a record the client returned); a confirmed record answers 409."""
    user = api_require(request, "governance_manage")
    meeting = get_object_or_404(
        meeting_detail_list(contract=active_contract(), user=user), pk=meeting_id
    )
    given = payload.model_dump(exclude_unset=True)
    for required in ("title", "held_at"):
        if required in given and given[required] is None:
            raise HttpError(422, f"{required}: 必須の項目です")
    current = meeting_data(meeting)
    data = MeetingData(
        title=payload.title if payload.title is not None else current.title,
        held_at=payload.held_at if payload.held_at is not None else current.held_at,
        ends_at=payload.ends_at if "ends_at" in given else current.ends_at,
        place=payload.place if payload.place is not None else current.place,
        is_online=payload.is_online if payload.is_online is not None else current.is_online,
        agenda=payload.agenda if payload.agenda is not None else current.agenda,
        minutes=payload.minutes if payload.minutes is not None else current.minutes,
        decisions=payload.decisions if payload.decisions is not None else current.decisions,
        attendees=_attendees(payload.attendees)
        if payload.attendees is not None
        else current.attendees,
        action_items=_items(payload.action_items)
        if payload.action_items is not None
        else current.action_items,
    )
    with conflicts_as_409():
        meeting_update(actor=user, meeting=meeting, data=data)
    return _fresh(request, user, meeting_id)


def _meeting_for(user: Any, meeting_id: int) -> Meeting:
    return get_object_or_404(meeting_list(contract=active_contract(), user=user), pk=meeting_id)


@router.post("/meetings/{int:meeting_id}/submit", response=MeetingOut, auth=API_AUTH)
def meeting_submit_api(request: HttpRequest, meeting_id: int) -> MeetingOut:
    """The contractor submits the record to the client for confirmation."""
    user = api_require(request, "governance_manage")
    with conflicts_as_409():
        meeting_submit(actor=user, meeting=_meeting_for(user, meeting_id))
    return _fresh(request, user, meeting_id)


@router.post("/meetings/{int:meeting_id}/withdraw", response=MeetingOut, auth=API_AUTH)
def meeting_withdraw_api(request: HttpRequest, meeting_id: int) -> MeetingOut:
    user = api_require(request, "governance_manage")
    with conflicts_as_409():
        meeting_withdraw(actor=user, meeting=_meeting_for(user, meeting_id))
    return _fresh(request, user, meeting_id)


@router.post("/meetings/{int:meeting_id}/confirm", response=MeetingOut, auth=API_AUTH)
def meeting_confirm_api(
    request: HttpRequest, meeting_id: int, payload: CommentIn | None = None
) -> MeetingOut:
    """The client confirms the record: it is locked and its content hash is fixed."""
    user = api_require(request, "meeting_confirm")
    with conflicts_as_409():
        meeting_confirm(
            actor=user,
            meeting=_meeting_for(user, meeting_id),
            comment=payload.comment if payload else "",
        )
    return _fresh(request, user, meeting_id)


@router.post("/meetings/{int:meeting_id}/request-changes", response=MeetingOut, auth=API_AUTH)
def meeting_request_changes_api(
    request: HttpRequest, meeting_id: int, payload: CommentIn
) -> MeetingOut:
    """The client returns the record with a comment saying what to change."""
    user = api_require(request, "meeting_confirm")
    with conflicts_as_409():
        meeting_request_changes(
            actor=user, meeting=_meeting_for(user, meeting_id), comment=payload.comment
        )
    return _fresh(request, user, meeting_id)


@router.get("/action-items", response=list[ActionItemOut], auth=API_AUTH)
def action_items(
    request: HttpRequest, status: str = "", overdue: bool = False
) -> list[ActionItemOut]:
    """Action items of every meeting, by due date; `overdue=true` for open ones past due."""
    user = api_require(request, "governance_read", "governance_manage")
    if status and status not in ActionItem.Status.values:
        raise HttpError(422, "status は open・done・cancelled・superseded のいずれかです")
    today = clock.today()
    qs = action_item_list(
        contract=active_contract(),
        user=user,
        status=status,
        overdue_on=today if overdue else None,
    )
    return [_item_out(i, today) for i in qs]
