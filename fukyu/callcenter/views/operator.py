"""The operator's screen: one page, keyboard-first, a blank form ready after every save."""

from __future__ import annotations

import re
import time
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from fukyu.accounts.permissions import require_perm
from fukyu.callcenter.forms import OperatorForm
from fukyu.callcenter.models import Inquiry
from fukyu.callcenter.selectors import day_bounds, today_summary
from fukyu.callcenter.services import inquiry_create
from fukyu.core import clock
from fukyu.core.refcache import Reference, reference

FORM_KEY = re.compile(r"^[0-9a-f]{32}$")


def _handle_seconds(data: dict[str, Any]) -> int | None:
    """The call timer's value, or (without JavaScript) the time since the form was opened."""
    if data.get("handle_seconds") is not None:
        return int(data["handle_seconds"])
    opened = data.get("opened_at")
    if opened:
        elapsed = int(time.time() - opened)
        return elapsed if 0 <= elapsed <= 86400 else None
    return None


def municipality_options(ref: Reference) -> list[dict[str, str]]:
    return [
        {"code": m.code, "name": m.name, "kana": m.kana, "region": m.region.name}
        for m in ref.municipalities.values()
    ]


@require_perm("inquiry_log")
def operator(request: HttpRequest) -> HttpResponse:
    ref = reference()
    contract = ref.contract
    if request.method == "POST":
        form = OperatorForm(request.POST, contract=contract)
        key = request.POST.get("form_key", "")
        if form.is_valid():
            d = form.cleaned_data
            try:
                inquiry, _ = inquiry_create(
                    actor=request.user,
                    contract=contract,
                    category=d["category"],
                    mini_app=d["mini_app"],
                    municipality=d["municipality"],
                    age_group=d["age_group"],
                    device_os=d["device_os"],
                    channel=d["channel"],
                    summary=d["summary"],
                    answer=d["answer"],
                    outcome=d["outcome"],
                    handle_seconds=_handle_seconds(d),
                    faq=d["faq"],
                    caller_name=d["caller_name"],
                    caller_phone=d["caller_phone"],
                    # A double Enter sends the same form twice: it saves once.
                    idempotency_key=f"form:{key}" if FORM_KEY.match(key) else None,
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                return redirect(f"{reverse('callcenter:operator')}?saved={inquiry.pk}")
    else:
        form = OperatorForm(contract=contract, initial={"opened_at": time.time()})
    today = clock.today()
    start, end = day_bounds(today, today)
    recent = list(
        Inquiry.objects.filter(
            contract=contract,
            operator_id=request.user.pk,
            received_at__gte=start,
            received_at__lt=end,
        )
        .select_related("category")
        .order_by("-received_at", "-id")[:5]
    )
    saved = None
    saved_id = request.GET.get("saved", "")
    if saved_id.isdigit():
        saved = next((i for i in recent if i.pk == int(saved_id)), None)
    summary = today_summary(contract=contract, day=today, user=request.user)
    return render(
        request,
        "callcenter/operator.html",
        {
            "form": form,
            "form_key": uuid.uuid4().hex,
            "municipalities": municipality_options(ref),
            "recent": recent,
            "saved": saved,
            "summary": summary,
            "faq_search_url": reverse("api:faq_search"),
            # FAQ results name codes; picking one fills these selects when they are empty.
            "category_codes": {c.code: c.pk for c in ref.categories.values() if c.is_active},
            "mini_app_codes": {m.code: m.pk for m in ref.mini_apps.values() if m.is_active},
        },
    )
