"""Rows of the role matrix for the staffing app's routes (see tests/role_matrix.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fukyu.staffing.models import PeakDay
from tests.role_matrix_types import Row

EDIT = ("callcenter_manage", "settings_manage")

OPS_ROUTES: dict[str, Row] = {
    "ops/staffing/": (("staffing_read",), None),
    "ops/staffing/settings/": (EDIT, None),
    "ops/staffing/peaks/new/": (EDIT, None),
    "ops/staffing/peaks/<int:pk>/": (EDIT, "staffing_peak"),
    "ops/staffing/peaks/<int:pk>/delete/": (EDIT, "staffing_peak", "POST"),
    "ops/staffing/export.xlsx": (("data_export",), None),
    "ops/staffing/simulate/": (("staffing_read",), "staffing_simulate"),
    "ops/staffing/actuals/": (("staffing_read",), None),
}
API_ROUTES: dict[str, Row] = {
    "api/v1/staffing/plan": (("staffing_read",), "staffing_plan_month"),
}


def make_objects(contract: Any, make_user: Any) -> dict[str, dict[str, Any]]:
    """Objects that parameterised routes need: key -> URL kwargs (and optional "query"/"data")."""
    peak = PeakDay.objects.create(
        contract=contract, date=dt.date(2024, 11, 18), multiplier=1.5, note="テレビ放送の翌日"
    )
    return {
        "staffing_peak": {"pk": peak.pk},
        "staffing_simulate": {"query": {"date": "2024-11-18", "replications": "1"}},
        "staffing_plan_month": {"query": {"month": "2024-11"}},
    }
