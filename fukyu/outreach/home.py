"""The outreach panel of the home page: installs against the target, regions still lacking a
held event, and the coming events with their open checklist items."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest

from fukyu.accounts.permissions import has_perm
from fukyu.core.models import Contract
from fukyu.outreach.kpi import campaign_kpi
from fukyu.outreach.selectors import checklist_overdue, upcoming_events


def panel(*, request: HttpRequest, contract: Contract, today: dt.date) -> dict[str, Any] | None:
    if not has_perm(request.user, "outreach_manage"):
        return None
    kpi = campaign_kpi(contract=contract, today=today)
    events = upcoming_events(contract=contract, today=today, limit=3)
    return {
        "kpi": kpi,
        "lacking": [r for r in kpi.regions if r.lacking],
        "upcoming": [(e, checklist_overdue(event=e, today=today)) for e in events],
    }
