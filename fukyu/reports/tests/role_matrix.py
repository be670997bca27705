"""Rows of the role matrix for the reports app's routes (see tests/role_matrix.py)."""

from __future__ import annotations

from typing import Any

from fukyu.reports.tests.factories import make_submission
from tests.role_matrix_types import Row

R = "ops/reports/"
READ = ("reports_read",)
EXPORT = ("data_export",)
SUBMIT = ("governance_manage",)
ACKNOWLEDGE = ("meeting_confirm",)

OPS_ROUTES: dict[str, Row] = {
    R: (("reports_read", "data_export"), None),
    R + "performance/<str:fmt>/": (READ, "reports_pdf"),
    R + "completion/": (READ, None),
    R + "completion/template/": (READ, None),
    R + "completion/template/upload/": (SUBMIT, None, "POST"),
    R + "completion/template/reset/": (SUBMIT, None, "POST"),
    R + "package/": (EXPORT, None),
    R + "submissions/new/": (SUBMIT, None, "POST"),
    R + "submissions/<int:pk>/file/": (("reports_read", "data_export"), "reports_submission"),
    R + "submissions/<int:pk>/acknowledge/": (ACKNOWLEDGE, "reports_submission", "POST"),
}
API_ROUTES: dict[str, Row] = {}


def make_objects(contract: Any, make_user: Any) -> dict[str, dict[str, Any]]:
    """Objects that parameterised routes need: key -> URL kwargs (and optional "query"/"data")."""
    submission = make_submission(contract, make_user("manager"))
    return {"reports_pdf": {"fmt": "pdf"}, "reports_submission": {"pk": submission.pk}}
