"""The FAQ knowledge base: list, create, edit, retire (with revisions), and FAQ candidates."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from fukyu.accounts.permissions import require_perm
from fukyu.callcenter.forms import FaqForm
from fukyu.callcenter.models import FaqEntry
from fukyu.callcenter.selectors import faq_candidates, faq_get, faq_list, faq_revisions
from fukyu.callcenter.services import faq_create, faq_restore, faq_retire, faq_update
from fukyu.core import clock
from fukyu.core.models import Contract
from fukyu.core.selectors import active_contract, category_list, mini_app_list

READERS = ("inquiry_log", "inquiry_read", "callcenter_manage")
STATUSES = {"active": "有効", "retired": "廃止済み", "all": "すべて"}


def _entry(contract: Contract, pk: int) -> FaqEntry:
    try:
        return faq_get(contract=contract, pk=pk)
    except FaqEntry.DoesNotExist:
        raise Http404("FAQが見つかりません") from None


@require_perm(*READERS)
def faq_index(request: HttpRequest) -> HttpResponse:
    contract = active_contract()
    status = request.GET.get("status", "active")
    status = status if status in STATUSES else "active"
    text = request.GET.get("q", "")[:200]
    page = Paginator(faq_list(contract=contract, status=status, text=text), 100).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "callcenter/faq_list.html",
        {"page": page, "status": status, "statuses": STATUSES, "q": text},
    )


@require_perm(*READERS)
def faq_detail(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry(active_contract(), pk)
    return render(
        request,
        "callcenter/faq_detail.html",
        {"entry": entry, "revisions": list(faq_revisions(entry=entry))},
    )


def _save(request: HttpRequest, form: FaqForm, entry: FaqEntry | None) -> FaqEntry | None:
    d = form.cleaned_data
    values: dict[str, Any] = {
        "question": d["question"],
        "answer": d["answer"],
        "category": d["category"],
        "mini_app": d["mini_app"],
        "keywords": d["keywords"],
        "is_public": d["is_public"],
        "order": d["order"] or 0,
    }
    try:
        if entry is None:
            return faq_create(actor=request.user, contract=active_contract(), **values)
        return faq_update(actor=request.user, entry=entry, **values)
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return None


@require_perm("callcenter_manage")
def faq_new(request: HttpRequest) -> HttpResponse:
    """A new entry; the FAQ-candidates page links here with the question prefilled."""
    contract = active_contract()
    if request.method == "POST":
        form = FaqForm(request.POST, contract=contract)
        if form.is_valid():
            entry = _save(request, form, None)
            if entry is not None:
                messages.success(request, "FAQを作成しました")
                return redirect("callcenter:faq_detail", pk=entry.pk)
    else:
        initial = {
            k: request.GET[k][:300]
            for k in ("question", "category", "mini_app")
            if k in request.GET
        }
        form = FaqForm(initial=initial, contract=contract)
    return render(request, "callcenter/faq_form.html", {"form": form, "entry": None})


@require_perm("callcenter_manage")
def faq_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contract = active_contract()
    entry = _entry(contract, pk)
    if request.method == "POST":
        form = FaqForm(request.POST, contract=contract)
        if form.is_valid() and _save(request, form, entry) is not None:
            messages.success(request, "FAQを更新しました")
            return redirect("callcenter:faq_detail", pk=entry.pk)
    else:
        form = FaqForm(
            initial={
                "question": entry.question,
                "answer": entry.answer,
                "category": entry.category_id,
                "mini_app": entry.mini_app_id,
                "keywords": entry.keywords,
                "is_public": entry.is_public,
                "order": entry.order,
            },
            contract=contract,
        )
    return render(request, "callcenter/faq_form.html", {"form": form, "entry": entry})


@require_POST
@require_perm("callcenter_manage")
def faq_retire_view(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry(active_contract(), pk)
    faq_retire(actor=request.user, entry=entry)
    messages.success(request, f"FAQ「{entry.question}」を廃止しました（検索・WEBサイトに出ません）")
    return redirect("callcenter:faq_detail", pk=entry.pk)


@require_POST
@require_perm("callcenter_manage")
def faq_restore_view(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry(active_contract(), pk)
    try:
        faq_restore(actor=request.user, entry=entry)
    except ValidationError as exc:
        messages.error(request, "、".join(exc.messages))
    else:
        messages.success(request, f"FAQ「{entry.question}」を再び有効にしました")
    return redirect("callcenter:faq_detail", pk=entry.pk)


@require_perm("callcenter_manage")
def faq_candidates_view(request: HttpRequest) -> HttpResponse:
    """Recent questions that no FAQ answers well, grouped; each a click from a new FAQ."""
    contract = active_contract()
    raw_days = request.GET.get("days", "7")
    days = int(raw_days) if raw_days.isdigit() and 1 <= int(raw_days) <= 31 else 7
    groups = faq_candidates(contract=contract, today=clock.today(), days=days)
    categories = {c.pk: c for c in category_list(contract=contract)}
    apps = {a.pk: a for a in mini_app_list(contract=contract)}
    new_url = reverse("callcenter:faq_new")
    items = []
    for g in groups:
        query = {"question": g.summary}
        if g.category_id:
            query["category"] = str(g.category_id)
        if g.mini_app_id:
            query["mini_app"] = str(g.mini_app_id)
        items.append(
            {
                "group": g,
                "category": categories.get(g.category_id or 0),
                "mini_app": apps.get(g.mini_app_id or 0),
                "new_url": f"{new_url}?{urlencode(query)}",
            }
        )
    return render(
        request,
        "callcenter/faq_candidates.html",
        {"items": items, "days": days, "day_choices": [3, 7, 14, 31]},
    )
