from __future__ import annotations

import base64
from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from fukyu.accounts.forms import TotpForm, UserCreateForm, UserRoleForm
from fukyu.accounts.models import ApiToken, User
from fukyu.accounts.permissions import require_perm
from fukyu.accounts.selectors import (
    api_token_list,
    confirmed_totp_device,
    pending_totp_device,
    user_list,
)
from fukyu.accounts.services import (
    api_token_create,
    api_token_revoke,
    totp_device_confirm,
    totp_device_create,
    user_create,
    user_set_active,
    user_set_role,
)
from fukyu.core.forms import add_service_errors


def _next_url(request: HttpRequest) -> str:
    target = request.GET.get("next") or request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return "/ops/"


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """Second step of login: verify a TOTP code, or set up the authenticator on first login."""
    user = User.objects.get(pk=request.user.pk or 0)
    confirmed = confirmed_totp_device(user)
    setup = confirmed is None
    device = confirmed or pending_totp_device(user) or totp_device_create(user=user)
    form = TotpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        ok = (
            totp_device_confirm(user=user, device=device, code=code)
            if setup
            else device.verify_token(code)
        )
        if ok:
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error("code", "確認コードが正しくありません。時刻のずれがないか確認してください")
    qr_svg = ""
    if setup:
        qr = segno.make(device.config_url, error="m")
        qr_svg = mark_safe(qr.svg_inline(scale=4, title="二要素認証の設定用QRコード"))  # noqa: S308
    return render(
        request,
        "accounts/two_factor.html",
        {
            "form": form,
            "setup": setup,
            "qr_svg": qr_svg,
            "secret": _base32(device.bin_key) if setup else "",
            "next": _next_url(request),
        },
    )


def _base32(key: bytes) -> str:
    return base64.b32encode(key).decode().rstrip("=")


@require_perm("superuser")
def user_index(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/user_list.html", {"users": user_list()})


@require_perm("superuser")
def user_new(request: HttpRequest) -> HttpResponse:
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = user_create(actor=request.user, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"利用者 {user.username} を追加しました")
            return redirect("accounts:users")
    return render(request, "core/edit_form.html", {"form": form, "title": "利用者の追加"})


def _user_edit_page(
    request: HttpRequest, target: User, form: UserRoleForm, plain_token: str = ""
) -> HttpResponse:
    context = {
        "target": target,
        "form": form,
        "tokens": api_token_list(user=target),
        "plain_token": plain_token,
    }
    return render(request, "accounts/user_edit.html", context)


def _role_form(target: User, data: Any = None) -> UserRoleForm:
    return UserRoleForm(data, initial={"role": target.role, "is_active": target.is_active})


@require_perm("superuser")
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    target = get_object_or_404(User, pk=pk)
    form = _role_form(target, request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["role"] != target.role:
            user_set_role(actor=request.user, user=target, role=form.cleaned_data["role"])
        if form.cleaned_data["is_active"] != target.is_active:
            user_set_active(actor=request.user, user=target, active=form.cleaned_data["is_active"])
        messages.success(request, f"利用者 {target.username} を更新しました")
        return redirect("accounts:users")
    return _user_edit_page(request, target, form)


@require_perm("superuser")
@require_POST
def token_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Issue a token and show it once, on this response only (never stored, never redirected)."""
    target = get_object_or_404(User, pk=pk)
    name = request.POST.get("name", "").strip()[:100]
    _, plain = api_token_create(actor=request.user, user=target, name=name)
    response = _user_edit_page(request, target, _role_form(target), plain_token=plain)
    response["Cache-Control"] = "no-store"
    return response


@require_perm("superuser")
@require_POST
def token_revoke(request: HttpRequest, pk: int, token_pk: int) -> HttpResponse:
    target = get_object_or_404(User, pk=pk)
    token = get_object_or_404(ApiToken, pk=token_pk, user=target)
    try:
        api_token_revoke(actor=request.user, token=token)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"トークン {token.prefix}… を失効させました")
    return redirect(reverse("accounts:user_edit", args=[target.pk]) + "#tokens")
