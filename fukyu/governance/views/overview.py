"""The governance start page: what is waiting on whom, and what was handed to the client."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from fukyu.accounts.permissions import has_perm, require_perm
from fukyu.core import clock
from fukyu.core.selectors import active_contract
from fukyu.governance.selectors import (
    meetings_awaiting_confirmation,
    meetings_returned,
    overdue_action_items,
    pi_staff_list,
    roster_change_list,
    roster_current,
    submission_log,
    work_plan_latest,
)
from fukyu.governance.views.common import MANAGE, READ


@require_safe
@require_perm(*READ)
def index(request: HttpRequest) -> HttpResponse:
    contract = active_contract()
    today = clock.today()
    can_manage = has_perm(request.user, MANAGE)
    return render(
        request,
        "governance/index.html",
        {
            "today": today,
            "plan": work_plan_latest(contract=contract, user=request.user),
            "member_count": roster_current(contract=contract).count(),
            "pi_count": pi_staff_list(contract=contract).count(),
            "open_changes": roster_change_list(contract=contract, open_only=True).count()
            if can_manage
            else 0,
            "awaiting": meetings_awaiting_confirmation(contract=contract),
            "returned": meetings_returned(contract=contract) if can_manage else [],
            "overdue": overdue_action_items(contract=contract, today=today) if can_manage else [],
            "log": submission_log(contract=contract),
            "can_manage": can_manage,
        },
    )
