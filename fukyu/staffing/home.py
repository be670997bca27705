"""The staffing panel of the home page: today's plan and whether the last open day was short."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest

from fukyu.accounts.permissions import has_perm
from fukyu.core.models import Contract
from fukyu.staffing.actuals import day_actual
from fukyu.staffing.planning import PlanUnavailableError, contract_plan


def panel(*, request: HttpRequest, contract: Contract, today: dt.date) -> dict[str, Any] | None:
    if not has_perm(request.user, "staffing_read"):
        return None
    try:
        result = contract_plan(contract=contract)
    except PlanUnavailableError as exc:
        return {"error": str(exc)}
    today_plan = result.days_by_date.get(today)
    today_lines = (
        max((iv.lines for iv in result.intervals_by_date[today]), default=0) if today_plan else 0
    )
    previous = [d.date for d in result.plan.days if d.date < today]
    last = day_actual(result=result, day=previous[-1], today=today) if previous else None
    return {
        "today": today_plan,
        "today_lines": today_lines,
        "last_day": last[0] if last else None,
        "last_day_has_data": bool(last and last[2]),
    }
