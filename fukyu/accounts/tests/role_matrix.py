"""Rows of the role matrix for the accounts app's routes (see tests/role_matrix.py)."""

from __future__ import annotations

from typing import Any

from fukyu.accounts.services import api_token_create
from tests.role_matrix_types import Row

OPS_ROUTES: dict[str, Row] = {
    "ops/login/": ("public", None),
    "ops/logout/": ("post_only", None),
    "ops/2fa/": ("2fa_step", None),
    "ops/users/": (("superuser",), None),
    "ops/users/new/": (("superuser",), None),
    "ops/users/<int:pk>/": (("superuser",), "user"),
    "ops/users/<int:pk>/tokens/new/": (("superuser",), "user", "POST"),
    "ops/users/<int:pk>/tokens/<int:token_pk>/revoke/": (("superuser",), "token", "POST"),
}
API_ROUTES: dict[str, Row] = {}


def make_objects(contract: Any, make_user: Any) -> dict[str, dict[str, Any]]:
    target = make_user("operator", username="matrix_target")
    token, _ = api_token_create(actor=None, user=target, name="matrix")
    return {"user": {"pk": target.pk}, "token": {"pk": target.pk, "token_pk": token.pk}}
