"""The one place that enforces permissions, for views and for the API."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from ninja.errors import HttpError

from fukyu.accounts.roles import PERMISSIONS

View = TypeVar("View", bound=Callable[..., HttpResponse])


def has_perm(user: Any, perm: str) -> bool:
    if perm not in PERMISSIONS and perm != "superuser":
        raise ValueError(f"unknown permission {perm!r}")
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if perm == "superuser":
        return bool(user.is_superuser)
    return bool(user.has_perm(f"accounts.{perm}"))


def two_factor_ok(request: HttpRequest) -> bool:
    if not getattr(settings, "FUKYU_REQUIRE_2FA", True):
        return True
    verified = getattr(request.user, "is_verified", None)
    return bool(verified and verified())


def require_perm(*perms: str) -> Callable[[View], View]:
    """Login, two-factor verification and at least one of `perms` (none: any signed-in user)."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not two_factor_ok(request):
                return redirect("accounts:two_factor")
            if perms and not any(has_perm(user, p) for p in perms):
                raise PermissionDenied("この操作を行う権限がありません")
            return view(request, *args, **kwargs)

        return cast(View, wrapped)

    return decorator


def api_require(request: HttpRequest, *perms: str) -> Any:
    """For API handlers: the authenticated user, or a 403 with a Japanese message."""
    user = getattr(request, "auth", None) or request.user
    if not any(has_perm(user, p) for p in perms):
        raise HttpError(403, "この操作を行う権限がありません")
    return user
