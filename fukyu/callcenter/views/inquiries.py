"""Supervisor screens: inquiries of any day with filters, details with history, edits, reveals."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import connection, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from fukyu.accounts.models import User
from fukyu.accounts.permissions import require_perm
from fukyu.callcenter.forms import InquiryEditForm, InquiryFilterForm, RevealForm
from fukyu.callcenter.models import Caller, Inquiry
from fukyu.callcenter.selectors import InquiryFilters, inquiry_get, inquiry_history, inquiry_list
from fukyu.callcenter.services import caller_reveal, inquiry_update
from fukyu.core import clock
from fukyu.core.calendar import TOKYO
from fukyu.core.models import Contract
from fukyu.core.selectors import active_contract
from fukyu.privacy.crypto import mask_name, mask_phone

PAGE_SIZE = 50
# Counting stops here: an exact count of a million rows costs more than it tells.
COUNT_CAP = 10_000
# A text search stops counting sooner: each counted match is a row read from the table.
TEXT_COUNT_CAP = 2_000
# Above this many matches, a page is found faster in time order (see search_plan).
DENSE = 2_000
FIELD_LABELS = {
    "number": "受付番号",
    "received_at": "受付日時",
    "channel": "受付方法",
    "mini_app": "ミニアプリ",
    "category": "類型",
    "municipality": "市町村",
    "age_group": "年代",
    "device_os": "端末",
    "summary": "問い合わせ内容",
    "answer": "回答内容",
    "outcome": "対応結果",
    "handle_seconds": "対応時間（秒）",
    "outside_hours": "開設時間外",
    "faq": "参照FAQ",
    "caller": "問い合わせ者",
}


@contextmanager
def search_plan(*, walk_time_index: bool = False) -> Iterator[None]:
    """PostgreSQL settings for one list request. A text search's bitmap of a common word covers
    100,000 rows: with the default 4 MB of work_mem it turns lossy and every row of its pages is
    checked again. When the capped count shows thousands of matches, walking the time index
    newest first finds a page after a few hundred rows, so bitmap and sequential scans are
    switched off (the planner underestimates how common a bigram is and would scan it all)."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL work_mem = '64MB'")
        if walk_time_index:
            cursor.execute("SET LOCAL enable_bitmapscan = off")
            cursor.execute("SET LOCAL enable_seqscan = off")
        yield


def operator_choices() -> list[tuple[int, str]]:
    users = User.objects.filter(groups__name__in=["operator", "supervisor"]).distinct()
    return [(u.pk, str(u)) for u in users.order_by("username")]


def _filters(form: InquiryFilterForm) -> InquiryFilters:
    d = form.cleaned_data
    return InquiryFilters(
        date_from=d.get("date_from"),
        date_to=d.get("date_to"),
        category=d.get("category"),
        mini_app=d.get("mini_app"),
        outcome=d.get("outcome") or "",
        operator_id=int(d["operator"]) if d.get("operator") else None,
        municipality=d.get("municipality"),
        region=d.get("region"),
        text=d.get("q") or "",
    )


@require_perm("inquiry_read")
def inquiry_index(request: HttpRequest) -> HttpResponse:
    contract = active_contract()
    today = clock.today()
    params = request.GET.copy()
    if not any(k for k in params if k != "page"):
        params.update({"date_from": today.isoformat(), "date_to": today.isoformat()})
    form = InquiryFilterForm(params, contract=contract, operators=operator_choices())
    rows: list[Inquiry] = []
    count, page, pages, capped = 0, 1, 1, False
    if form.is_valid():
        qs = inquiry_list(contract=contract, filters=_filters(form))
        cap = TEXT_COUNT_CAP if (form.cleaned_data.get("q") or "").strip() else COUNT_CAP
        with search_plan():
            count = qs.order_by()[: cap + 1].count()
        capped = count > cap
        dense = count > DENSE
        count = min(count, cap)
        pages = max(1, math.ceil(count / PAGE_SIZE))
        raw_page = request.GET.get("page", "1")
        page = min(int(raw_page), pages) if raw_page.isdigit() and int(raw_page) > 0 else 1
        with search_plan(walk_time_index=dense):
            rows = list(qs[(page - 1) * PAGE_SIZE : page * PAGE_SIZE])
    base = {k: v for k, v in params.items() if k != "page"}
    return render(
        request,
        "callcenter/inquiry_list.html",
        {
            "form": form,
            "rows": rows,
            "count": count,
            "capped": capped,
            "page": page,
            "pages": pages,
            "prev_url": "?" + urlencode({**base, "page": page - 1}) if page > 1 else "",
            "next_url": "?" + urlencode({**base, "page": page + 1}) if page < pages else "",
            "today": today,
        },
    )


def _get(contract: Contract, pk: int) -> Inquiry:
    try:
        return inquiry_get(contract=contract, pk=pk)
    except Inquiry.DoesNotExist:
        raise Http404("問い合わせが見つかりません") from None


def _caller(inquiry: Inquiry) -> Caller | None:
    try:
        return inquiry.caller
    except ObjectDoesNotExist:
        return None


def _history(inquiry: Inquiry) -> list[dict[str, Any]]:
    return [
        {
            "event": e,
            "changes": [
                (FIELD_LABELS.get(field, field), pair[0], pair[1])
                for field, pair in e.changes.items()
            ],
        }
        for e in inquiry_history(inquiry=inquiry).select_related("actor")
    ]


def _detail(
    request: HttpRequest,
    inquiry: Inquiry,
    *,
    revealed: dict[str, Any] | None = None,
    reveal_form: RevealForm | None = None,
    status: int = 200,
) -> HttpResponse:
    caller = _caller(inquiry)
    return render(
        request,
        "callcenter/inquiry_detail.html",
        {
            "inquiry": inquiry,
            "caller": caller,
            "masked": (
                {"name": mask_name(caller.name), "phone": mask_phone(caller.phone)}
                if caller
                else None
            ),
            "revealed": revealed,
            "reveal_form": reveal_form or RevealForm(),
            "history": _history(inquiry),
        },
        status=status,
    )


@require_perm("inquiry_read", "personal_data_read")
def inquiry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _get(active_contract(), pk))


@require_POST
@require_perm("personal_data_read")
def inquiry_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    """Shows the caller's name and phone once, in this response only; the access is logged."""
    inquiry = _get(active_contract(), pk)
    caller = _caller(inquiry)
    if caller is None:
        raise Http404("この問い合わせには問い合わせ者の情報がありません")
    form = RevealForm(request.POST)
    if not form.is_valid():
        return _detail(request, inquiry, reveal_form=form, status=200)
    try:
        revealed = caller_reveal(
            actor=request.user, caller=caller, reason=form.cleaned_data["reason"]
        )
    except ValidationError as exc:
        form.add_error("reason", exc)
        return _detail(request, inquiry, reveal_form=form)
    return _detail(request, inquiry, revealed=revealed)


def _edit_initial(inquiry: Inquiry) -> dict[str, Any]:
    return {
        "received_at": inquiry.received_at.astimezone(TOKYO).replace(tzinfo=None),
        "summary": inquiry.summary,
        "answer": inquiry.answer,
        "outcome": inquiry.outcome,
        "category": inquiry.category_id,
        "mini_app": inquiry.mini_app_id,
        "municipality": inquiry.municipality.name if inquiry.municipality else "",
        "age_group": inquiry.age_group,
        "device_os": inquiry.device_os,
        "channel": inquiry.channel,
        "faq": inquiry.faq_id,
        "handle_seconds": inquiry.handle_seconds,
    }


@require_perm("callcenter_manage")
def inquiry_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contract = active_contract()
    inquiry = _get(contract, pk)
    if request.method == "POST":
        form = InquiryEditForm(request.POST, contract=contract)
        if form.is_valid():
            d = form.cleaned_data
            received: dt.datetime = d["received_at"].astimezone(TOKYO)
            try:
                inquiry_update(
                    actor=request.user,
                    inquiry=inquiry,
                    received_at=received,
                    summary=d["summary"],
                    answer=d["answer"],
                    outcome=d["outcome"],
                    category=d["category"],
                    mini_app=d["mini_app"],
                    municipality=d["municipality"],
                    age_group=d["age_group"],
                    device_os=d["device_os"],
                    channel=d["channel"],
                    faq=d["faq"],
                    handle_seconds=d["handle_seconds"],
                    caller_name=d["caller_name"],
                    caller_phone=d["caller_phone"],
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, f"{inquiry.number} を更新しました")
                return redirect("callcenter:inquiry_detail", pk=inquiry.pk)
    else:
        form = InquiryEditForm(initial=_edit_initial(inquiry), contract=contract)
    return render(
        request,
        "callcenter/inquiry_edit.html",
        {"form": form, "inquiry": inquiry, "has_caller": _caller(inquiry) is not None},
    )
