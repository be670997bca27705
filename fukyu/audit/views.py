from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from fukyu.accounts.permissions import require_perm
from fukyu.audit.selectors import audit_event_list


@require_safe
@require_perm("audit_read")
def audit_index(request: HttpRequest) -> HttpResponse:
    events = audit_event_list(
        action=request.GET.get("action", ""),
        object_type=request.GET.get("object_type", ""),
        actor=request.GET.get("actor", ""),
    )
    page = Paginator(events, 100).get_page(request.GET.get("page"))
    return render(request, "audit/list.html", {"page": page, "q": request.GET})
