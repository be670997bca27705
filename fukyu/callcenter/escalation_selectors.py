"""Reads of escalations: lists by state, one with its history, overdue ones."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, Count, Q, QuerySet, Value, When

from fukyu.callcenter.models import OPEN_STATUSES, Escalation, EscalationEvent, EscalationStatus
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


@dataclass
class EscalationBoard:
    """Open escalations at a glance (the home page): counts by state, overdue, and the first
    few to act on."""

    waiting_review: int
    waiting_answer: int
    waiting_callback: int
    overdue: int
    first: list[tuple[Escalation, bool]]  # (escalation, overdue)

    @property
    def open_total(self) -> int:
        return self.waiting_review + self.waiting_answer + self.waiting_callback


def escalation_board(
    *, contract: Contract, statuses: tuple[str, ...] = OPEN_STATUSES, limit: int = 5
) -> EscalationBoard:
    """Two queries: the counts, and the `limit` most pressing of `statuses` (overdue first,
    then by deadline)."""
    now = clock.now()
    qs = Escalation.objects.filter(contract=contract, status__in=OPEN_STATUSES)
    counts = qs.aggregate(
        review=Count("id", filter=Q(status=EscalationStatus.OPEN)),
        answer=Count("id", filter=Q(status=EscalationStatus.SENT)),
        callback=Count("id", filter=Q(status=EscalationStatus.ANSWERED)),
        overdue=Count("id", filter=overdue_q(now)),
    )
    first = list(
        qs.filter(status__in=statuses)
        .select_related("inquiry")
        .annotate(late=Case(When(overdue_q(now), then=Value(0)), default=Value(1)))
        .order_by("late", "notify_by", "id")[:limit]
    )
    return EscalationBoard(
        waiting_review=counts["review"],
        waiting_answer=counts["answer"],
        waiting_callback=counts["callback"],
        overdue=counts["overdue"],
        first=[(e, is_overdue(e, now)) for e in first],
    )
