"""The on-site tally page for phones and tablets, and the service worker that keeps it
working when the venue's satellite link drops."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from fukyu.accounts.permissions import require_perm
from fukyu.core.selectors import active_contract, mini_app_list, municipality_list, region_list
from fukyu.outreach.models import LIVE_STATUSES, AgeGroup, DeviceOS
from fukyu.outreach.selectors import event_queryset

SW_SCOPE = "/ops/outreach/"


@require_perm("outreach_manage")
def tally_page(request: HttpRequest, pk: int) -> HttpResponse:
    contract = active_contract()
    event = get_object_or_404(event_queryset(contract=contract), pk=pk)
    return render(
        request,
        "outreach/tally.html",
        {
            "event": event,
            "is_open": event.status in LIVE_STATUSES,
            "age_groups": AgeGroup.choices,
            "systems": DeviceOS.choices,
            "regions": region_list(contract=contract),
            "municipalities": municipality_list(contract=contract),
            "mini_apps": mini_app_list(contract=contract, active_only=True),
            "sw_scope": SW_SCOPE,
        },
    )


def tally_service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker script. Public: it holds no data, and browsers fetch it on their
    own schedule. Served under /ops/outreach/ so that its scope covers the tally pages."""
    response = render(
        request,
        "outreach/tally_sw.js",
        {"scope": SW_SCOPE},
        content_type="text/javascript; charset=utf-8",
    )
    response["Service-Worker-Allowed"] = SW_SCOPE
    response["Cache-Control"] = "no-cache"
    return response
