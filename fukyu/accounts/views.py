from __future__ import annotations

import base64

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django_otp import login as otp_login

from fukyu.accounts.forms import TotpForm, UserCreateForm, UserRoleForm
from fukyu.accounts.models import User
from fukyu.accounts.permissions import require_perm
from fukyu.accounts.selectors import confirmed_totp_device, pending_totp_device, user_list
from fukyu.accounts.services import (
    totp_device_confirm,
    totp_device_create,
    user_create,
    user_set_active,
    user_set_role,
)


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
            form.add_error(None, exc)
        else:
            messages.success(request, f"利用者 {user.username} を追加しました")
            return redirect("accounts:users")
    return render(request, "core/edit_form.html", {"form": form, "title": "利用者の追加"})


@require_perm("superuser")
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    target = get_object_or_404(User, pk=pk)
    form = UserRoleForm(
        request.POST or None, initial={"role": target.role, "is_active": target.is_active}
    )
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["role"] != target.role:
            user_set_role(actor=request.user, user=target, role=form.cleaned_data["role"])
        if form.cleaned_data["is_active"] != target.is_active:
            user_set_active(actor=request.user, user=target, active=form.cleaned_data["is_active"])
        messages.success(request, f"利用者 {target.username} を更新しました")
        return redirect("accounts:users")
    return render(
        request, "core/edit_form.html", {"form": form, "title": f"利用者 {target.username}"}
    )
