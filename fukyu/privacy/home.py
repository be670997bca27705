"""The privacy panel on the home page: open incidents (the client sees them at once, 第17),
decisions waiting for the client, and handlers who have not been trained."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest

from fukyu.accounts.permissions import has_perm
from fukyu.core.models import Contract
from fukyu.privacy.models import Incident
from fukyu.privacy.perms import may_decide
from fukyu.privacy.selectors import incident_list, pending_counts, untrained_staff


def panel(*, request: HttpRequest, contract: Contract, today: dt.date) -> dict[str, Any] | None:
    user = request.user
    if not has_perm(user, "privacy_read"):
        return None
    return {
        "incidents": list(incident_list(contract=contract).filter(status=Incident.Status.OPEN)[:5]),
        "pending": pending_counts(contract=contract),
        "untrained": untrained_staff(contract=contract),
        "decider": may_decide(user),
    }
