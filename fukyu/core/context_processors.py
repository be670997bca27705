from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from fukyu.accounts.roles import PERMISSIONS
from fukyu.core.models import Contract


def contract(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    can: dict[str, bool] = {}
    if user is not None and user.is_authenticated:
        can = {p: user.has_perm(f"accounts.{p}") for p in PERMISSIONS}
        can["superuser"] = user.is_superuser
    return {
        "active_contract": Contract.objects.filter(is_active=True).first(),
        "can": can,
    }
