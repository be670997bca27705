from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from fukyu.accounts.permissions import require_perm
from fukyu.core import clock, home_panels
from fukyu.core.forms import CategoryForm, MiniAppForm, add_service_errors
from fukyu.core.models import InquiryCategory, MiniApp
from fukyu.core.selectors import (
    active_contract,
    category_list,
    center_status,
    key_dates,
    mini_app_list,
    upcoming,
)
from fukyu.core.services import category_save, mini_app_save


@require_perm()
def home(request: HttpRequest) -> HttpResponse:
    contract = active_contract()
    today = clock.today()
    status = center_status(contract=contract, day=today)
    next_open = None
    if not status.center_open:
        next_open = next(
            (
                d
                for d in contract.calendar.center_open_days(today, contract.settings.center_ends_on)
            ),
            None,
        )
    return render(
        request,
        "core/home.html",
        {
            "contract": contract,
            "cfg": contract.settings,
            "today": today,
            "status": status,
            "next_open": next_open,
            "key_dates": key_dates(contract=contract, today=today),
            "upcoming": upcoming(contract=contract, today=today),
            "panels": home_panels.build(request=request, contract=contract, today=today),
        },
    )


@require_perm("settings_manage")
def mini_app_index(request: HttpRequest) -> HttpResponse:
    apps = mini_app_list(contract=active_contract())
    return render(request, "core/mini_app_list.html", {"items": apps})


@require_perm("settings_manage")
def mini_app_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    contract = active_contract()
    instance = (
        get_object_or_404(MiniApp, pk=pk, contract=contract) if pk else MiniApp(contract=contract)
    )
    form = MiniAppForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            mini_app_save(actor=request.user, app=form.save(commit=False))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"ミニアプリ「{instance.name}」を保存しました")
            return redirect("core:mini_apps")
    return render(request, "core/edit_form.html", {"form": form, "title": "ミニアプリ"})


@require_perm("settings_manage")
def category_index(request: HttpRequest) -> HttpResponse:
    items = category_list(contract=active_contract())
    return render(request, "core/category_list.html", {"items": items})


@require_perm("settings_manage")
def category_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    contract = active_contract()
    instance = (
        get_object_or_404(InquiryCategory, pk=pk, contract=contract)
        if pk
        else InquiryCategory(contract=contract)
    )
    form = CategoryForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            category_save(actor=request.user, category=form.save(commit=False))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"問い合わせ類型「{instance.name}」を保存しました")
            return redirect("core:categories")
    return render(request, "core/edit_form.html", {"form": form, "title": "問い合わせ類型"})
