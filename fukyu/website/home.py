"""The website panel of the home page: is the public site current, drafts waiting, views."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest

from fukyu.accounts.permissions import has_perm
from fukyu.core.models import Contract
from fukyu.website.selectors import editable_pages, news_list, page_views_total, site_status


def panel(*, request: HttpRequest, contract: Contract, today: dt.date) -> dict[str, Any] | None:
    if not has_perm(request.user, "publicity_read"):
        return None
    rows = editable_pages(contract=contract)
    drafts = sum(1 for r in rows if r.draft_pending)
    drafts += sum(1 for n in news_list(contract=contract) if n.published_id is None)
    return {
        "status": site_status(contract=contract),
        "drafts": drafts,
        "week_views": page_views_total(
            contract=contract, start=today - dt.timedelta(days=6), end=today
        ),
    }
