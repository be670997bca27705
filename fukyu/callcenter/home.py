"""The call center's panel on the home page: today's count, and outcomes for supervisors."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest

from fukyu.accounts.permissions import has_perm
from fukyu.callcenter.selectors import today_summary
from fukyu.core.models import Contract


def panel(*, request: HttpRequest, contract: Contract, today: dt.date) -> dict[str, Any] | None:
    user = request.user
    can_log = has_perm(user, "inquiry_log")
    manages = has_perm(user, "callcenter_manage")
    if not (can_log or manages):
        return None
    return {
        "summary": today_summary(contract=contract, day=today, user=user),
        "can_log": can_log,
        "show_mine": can_log,
        "show_outcomes": manages,
    }
