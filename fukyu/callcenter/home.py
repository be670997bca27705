"""The call center's panels on the home page: today's count (operators, supervisors), open and
overdue escalations (supervisors; for the prefecture those awaiting its answer; for operators
those awaiting a callback), and daily reports late or newly delivered."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest

from fukyu.accounts.permissions import has_perm
from fukyu.callcenter.escalation_selectors import escalation_board
from fukyu.callcenter.models import DailyReport, EscalationStatus
from fukyu.callcenter.selectors import today_summary
from fukyu.core import clock
from fukyu.core.models import Contract


def panel(*, request: HttpRequest, contract: Contract, today: dt.date) -> dict[str, Any] | None:
    user = request.user
    can_log = has_perm(user, "inquiry_log")
    manages = has_perm(user, "callcenter_manage")
    responds = has_perm(user, "escalation_respond")
    if not (can_log or manages or responds):
        return None
    data: dict[str, Any] = {
        "summary": None,
        "can_log": can_log,
        "show_mine": can_log,
        "show_outcomes": manages,
        "escalation_view": "",
    }
    if can_log or manages:
        data["summary"] = today_summary(contract=contract, day=today, user=user)
    if manages:
        data["escalation_view"] = "supervisor"
        data["escalations"] = escalation_board(contract=contract)
        data["late_reports"] = DailyReport.objects.filter(
            contract=contract, delivered_at__isnull=True, due_by__lt=clock.now()
        ).count()
    elif responds:
        data["escalation_view"] = "client"
        data["escalations"] = escalation_board(contract=contract, statuses=(EscalationStatus.SENT,))
        data["latest_report"] = (
            DailyReport.objects.filter(
                contract=contract, deliveries__channel="portal", deliveries__ok=True
            )
            .order_by("-day")
            .first()
        )
    elif can_log:
        board = escalation_board(contract=contract, statuses=(EscalationStatus.ANSWERED,))
        if board.waiting_callback:
            data["escalation_view"] = "operator"
            data["escalations"] = board
    return data
