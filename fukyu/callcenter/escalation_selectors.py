"""Reads of escalations: lists by state, one with its history, overdue ones."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from fukyu.callcenter.models import OPEN_STATUSES, Escalation, EscalationEvent
from fukyu.core import clock
from fukyu.core.models import Contract


def escalation_list(*, contract: Contract, status: str = "") -> QuerySet[Escalation]:
    qs = Escalation.objects.filter(contract=contract).select_related(
        "inquiry", "inquiry__category", "escalated_by"
    )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("status", "notify_by", "id")


def escalation_get(*, contract: Contract, pk: int) -> Escalation:
    return Escalation.objects.select_related(
        "inquiry", "inquiry__category", "escalated_by", "reviewed_by", "answered_by", "callback_by"
    ).get(contract=contract, pk=pk)


def escalation_history(*, escalation: Escalation) -> list[EscalationEvent]:
    return list(EscalationEvent.objects.filter(escalation=escalation).select_related("actor"))


def is_overdue(escalation: Escalation, now: dt.datetime | None = None) -> bool:
    """Not yet told to the prefecture and past its deadline (or told late)."""
    moment = now or clock.now()
    if escalation.notified_at is not None:
        return escalation.notified_at > escalation.notify_by
    return moment > escalation.notify_by


def overdue_q(now: dt.datetime) -> Q:
    return Q(notified_at__isnull=True, notify_by__lt=now, status__in=OPEN_STATUSES)


def escalations_of_day(
    *, contract: Contract, start: dt.datetime, end: dt.datetime
) -> list[Escalation]:
    """Escalations of inquiries received in [start, end) plus any still open and overdue."""
    now = clock.now()
    qs = Escalation.objects.filter(contract=contract).filter(
        Q(inquiry__received_at__gte=start, inquiry__received_at__lt=end)
        | (overdue_q(now) & Q(inquiry__received_at__lt=end))
    )
    return list(qs.select_related("inquiry").order_by("opened_at", "id"))
