"""API of escalations: GET /escalations?status= and GET /escalations/{id}."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from fukyu.accounts.api_auth import API_AUTH
from fukyu.accounts.permissions import api_require
from fukyu.callcenter.escalation_selectors import (
    escalation_get,
    escalation_history,
    escalation_list,
    is_overdue,
)
from fukyu.callcenter.models import Escalation, EscalationStatus
from fukyu.core.calendar import TOKYO
from fukyu.core.selectors import active_contract

router = Router(tags=["エスカレーション"])
READERS = ("callcenter_manage", "escalation_respond", "inquiry_read")
LIST_MAX = 500


class EventOut(Schema):
    kind: str
    kind_name: str
    at: dt.datetime
    actor: str | None
    note: str


class EscalationOut(Schema):
    id: int
    inquiry_id: int
    inquiry_number: str
    urgency: str
    reason: str
    caller_needs: str
    opened_at: dt.datetime
    notify_by: dt.datetime
    notified_at: dt.datetime | None
    overdue: bool
    status: str
    status_name: str
    client_answer: str
    answered_at: dt.datetime | None
    callback_at: dt.datetime | None
    closed_at: dt.datetime | None


class EscalationDetailOut(EscalationOut):
    history: list[EventOut]


def _tokyo(value: dt.datetime | None) -> dt.datetime | None:
    return value.astimezone(TOKYO) if value else None


def _fields(esc: Escalation) -> dict[str, object]:
    return {
        "id": esc.pk,
        "inquiry_id": esc.inquiry_id,
        "inquiry_number": esc.inquiry.number,
        "urgency": esc.urgency,
        "reason": esc.reason,
        "caller_needs": esc.caller_needs,
        "opened_at": _tokyo(esc.opened_at),
        "notify_by": _tokyo(esc.notify_by),
        "notified_at": _tokyo(esc.notified_at),
        "overdue": is_overdue(esc),
        "status": esc.status,
        "status_name": esc.get_status_display(),
        "client_answer": esc.client_answer,
        "answered_at": _tokyo(esc.answered_at),
        "callback_at": _tokyo(esc.callback_at),
        "closed_at": _tokyo(esc.closed_at),
    }


@router.get("/escalations", response=list[EscalationOut], auth=API_AUTH)
def escalations(request: HttpRequest, status: str = "") -> list[EscalationOut]:
    """Escalations, earliest deadline first; `status` is open, sent, answered or closed."""
    api_require(request, *READERS)
    if status and status not in EscalationStatus.values:
        allowed = ", ".join(EscalationStatus.values)
        raise HttpError(422, f"status: 指定できない値です（{status}）。使える値: {allowed}")
    qs = escalation_list(contract=active_contract(), status=status)[:LIST_MAX]
    return [EscalationOut(**_fields(e)) for e in qs]  # type: ignore[arg-type]


@router.get("/escalations/{int:escalation_id}", response=EscalationDetailOut, auth=API_AUTH)
def escalation(request: HttpRequest, escalation_id: int) -> EscalationDetailOut:
    api_require(request, *READERS)
    try:
        esc = escalation_get(contract=active_contract(), pk=escalation_id)
    except Escalation.DoesNotExist:
        raise HttpError(404, "エスカレーションが見つかりません") from None
    history = [
        EventOut(
            kind=e.kind,
            kind_name=e.get_kind_display(),
            at=e.at.astimezone(TOKYO),
            actor=e.actor.get_username() if e.actor else None,
            note=e.note,
        )
        for e in escalation_history(escalation=esc)
    ]
    return EscalationDetailOut(**_fields(esc), history=history)  # type: ignore[arg-type]
