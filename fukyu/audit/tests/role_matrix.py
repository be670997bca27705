"""Rows of the role matrix for the audit app's routes (see tests/role_matrix.py)."""

from __future__ import annotations

from typing import Any

from tests.role_matrix_types import Row

OPS_ROUTES: dict[str, Row] = {"ops/audit/": (("audit_read",), None)}
API_ROUTES: dict[str, Row] = {}


def make_objects(contract: Any, make_user: Any) -> dict[str, dict[str, Any]]:
    return {}
