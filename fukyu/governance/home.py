"""The governance panel of the home page: overdue action items for the contractor's managers,
documents awaiting confirmation for the client."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest

from fukyu.accounts.permissions import has_perm
from fukyu.core.models import Contract
from fukyu.governance.models import WorkPlan
from fukyu.governance.selectors import (
    meetings_awaiting_confirmation,
    meetings_returned,
    overdue_action_items,
    roster_notice_list,
    work_plan_list,
)

SHOWN = 5


def panel(*, request: HttpRequest, contract: Contract, today: dt.date) -> dict[str, Any] | None:
    user = request.user
    data: dict[str, Any] = {"overdue": None, "awaiting": None}
    if has_perm(user, "governance_manage"):
        overdue = overdue_action_items(contract=contract, today=today)
        data["overdue"] = list(overdue[:SHOWN])
        data["overdue_count"] = overdue.count()
        data["returned_count"] = meetings_returned(contract=contract).count()
    if has_perm(user, "meeting_confirm"):
        awaiting = list(meetings_awaiting_confirmation(contract=contract))
        plans = list(work_plan_list(contract=contract).filter(status=WorkPlan.Status.SUBMITTED))
        notices = list(roster_notice_list(contract=contract).filter(acknowledged_at__isnull=True))
        data.update(
            awaiting=awaiting,
            plans=plans,
            notices=notices,
            awaiting_total=len(awaiting) + len(plans) + len(notices),
        )
    if data["overdue"] is None and data["awaiting"] is None:
        return None
    return data
