"""Rows of the role matrix for the core app's routes (see tests/role_matrix.py)."""

from __future__ import annotations

from typing import Any

from fukyu.core.models import InquiryCategory, MiniApp
from tests.role_matrix_types import Row

OPS_ROUTES: dict[str, Row] = {
    # The public campaign site (fukyu.website.public_urls): its top page, or "準備中" before a build.
    "": ("public", None),
    "ops/": ("login", None),
    "ops/settings/mini-apps/": (("settings_manage",), None),
    "ops/settings/mini-apps/new/": (("settings_manage",), None),
    "ops/settings/mini-apps/<int:pk>/": (("settings_manage",), "mini_app"),
    "ops/settings/categories/": (("settings_manage",), None),
    "ops/settings/categories/new/": (("settings_manage",), None),
    "ops/settings/categories/<int:pk>/": (("settings_manage",), "category"),
}
API_ROUTES: dict[str, Row] = {
    "api/v1/": ("absent", None),
    "api/": ("absent", None),
    "api/v1/openapi.json": ("docs", None),
    "api/v1/docs": ("docs", None),
    "api/v1/calendar": ("public", "calendar"),
    "api/v1/categories": ("login", None),
    "api/v1/mini-apps": ("login", None),
    "api/v1/regions": ("login", None),
    "api/v1/municipalities": ("login", None),
}


def make_objects(contract: Any, make_user: Any) -> dict[str, dict[str, Any]]:
    return {
        "calendar": {"query": {"from": "2024-11-01", "to": "2024-11-30"}},
        "mini_app": {"pk": MiniApp.objects.filter(contract=contract).first().pk},  # type: ignore[union-attr]
        "category": {"pk": InquiryCategory.objects.filter(contract=contract).first().pk},  # type: ignore[union-attr]
    }
