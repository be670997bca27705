"""Rows of the role matrix for the reports app's routes (see tests/role_matrix.py)."""

from __future__ import annotations

from typing import Any

from tests.role_matrix_types import Row

R = "ops/reports/"
READ = ("reports_read",)
EXPORT = ("data_export",)

OPS_ROUTES: dict[str, Row] = {
    R: (("reports_read", "data_export"), None),
    R + "performance/<str:fmt>/": (READ, "reports_pdf"),
    R + "completion/": (READ, None),
    R + "package/": (EXPORT, None),
}
API_ROUTES: dict[str, Row] = {}


def make_objects(contract: Any, make_user: Any) -> dict[str, dict[str, Any]]:
    """Objects that parameterised routes need: key -> URL kwargs (and optional "query"/"data")."""
    return {"reports_pdf": {"fmt": "pdf"}}
