"""The publicity panel of the home page.

Publicity staff (and managers): what waits for the client, proof rounds open, comments to answer,
stock running low. The client: drafts to pick, proofs to approve, paid media awaiting consent.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest

from fukyu.accounts.permissions import has_perm
from fukyu.core.models import Contract
from fukyu.publicity.selectors import (
    items_awaiting_pick,
    low_stock,
    open_proof_rounds,
    placements_awaiting_consent,
    unanswered_comments,
)
from fukyu.publicity.services import is_client


def panel(*, request: HttpRequest, contract: Contract, today: dt.date) -> dict[str, Any] | None:
    if not has_perm(request.user, "publicity_read"):
        return None
    picks = list(items_awaiting_pick(contract=contract).order_by("presented_at", "id")[:10])
    proofs = list(open_proof_rounds(contract=contract).order_by("submitted_at", "id")[:10])
    consents = list(placements_awaiting_consent(contract=contract)[:10])
    data: dict[str, Any] = {
        "client": is_client(request.user),
        "picks": picks,
        "proofs": proofs,
        "consents": consents,
    }
    if data["client"]:
        data["todo"] = len(picks) + len(proofs) + len(consents)
        return data
    comments = unanswered_comments(contract=contract)
    data["unanswered"] = comments.count()
    data["unanswered_rounds"] = list(
        {c.round_id: c.round for c in comments.order_by("round__submitted_at")[:50]}.values()
    )
    data["low_stock"] = low_stock(contract=contract)
    data["todo"] = data["unanswered"] + len(data["low_stock"])
    return data
