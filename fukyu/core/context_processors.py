from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from fukyu.accounts.permissions import has_perm
from fukyu.accounts.roles import PERMISSIONS
from fukyu.core.models import Contract
from fukyu.core.refcache import reference
from fukyu.core.selectors import NoActiveContractError


def _contract() -> Contract | None:
    try:
        return reference().contract
    except NoActiveContractError:
        return None


def contract(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    can: dict[str, bool] = {}
    if user is not None and user.is_authenticated:
        can = {p: has_perm(user, p) for p in PERMISSIONS}
        can["superuser"] = user.is_superuser
    return {"active_contract": _contract(), "can": can}
