"""The one place that enforces permissions, for views and for the API."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from ninja.errors import HttpError

from fukyu.accounts.models import User
from fukyu.accounts.roles import PERMISSIONS
from fukyu.core.process_cache import ProcessCache

View = TypeVar("View", bound=Callable[..., HttpResponse])


# user id -> the user's permission names. A role change reaches other processes within
# FUKYU_PERMISSION_CACHE_SECONDS (default 5); this process forgets at once.
_perm_cache: ProcessCache[int, frozenset[str]] = ProcessCache("FUKYU_PERMISSION_CACHE_SECONDS")


def _permissions(user: Any) -> frozenset[str]:
    """The user's permissions ("accounts.inquiry_log" …), two queries at most per user and
    cache period instead of two per request."""
    own = getattr(user, "_fukyu_perms", None)
    if own is not None:
        return cast(frozenset[str], own)
    perms = _perm_cache.load(user.pk, lambda: frozenset(user.get_all_permissions()))
    user._fukyu_perms = perms
    return cast(frozenset[str], perms)


def permission_cache_clear(**kwargs: Any) -> None:
    """Forget every user's cached permissions now and again when the change commits."""
    _perm_cache.clear_on_change()


m2m_changed.connect(
    permission_cache_clear, sender=Group.permissions.through, dispatch_uid="perm-cache-group"
)
post_delete.connect(permission_cache_clear, sender=Group, dispatch_uid="perm-cache-group-del")
post_save.connect(permission_cache_clear, sender=User, dispatch_uid="perm-cache-user")
post_delete.connect(permission_cache_clear, sender=User, dispatch_uid="perm-cache-user-del")
m2m_changed.connect(
    permission_cache_clear, sender=User.groups.through, dispatch_uid="perm-cache-user-groups"
)
m2m_changed.connect(
    permission_cache_clear,
    sender=User.user_permissions.through,
    dispatch_uid="perm-cache-user-perms",
)


def has_perm(user: Any, perm: str) -> bool:
    if perm not in PERMISSIONS and perm != "superuser":
        raise ValueError(f"unknown permission {perm!r}")
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if perm == "superuser":
        return bool(user.is_superuser)
    return f"accounts.{perm}" in _permissions(user)


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
