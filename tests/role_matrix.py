"""Every route of the system, gathered from each app's `tests/role_matrix.py`."""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

from tests.role_matrix_types import Row

APPS = [
    "core",
    "accounts",
    "audit",
    "callcenter",
    "staffing",
    "outreach",
    "website",
    "publicity",
    "governance",
    "privacy",
    "reports",
]
MODULES: list[ModuleType] = [importlib.import_module(f"fukyu.{a}.tests.role_matrix") for a in APPS]

OPS_ROUTES: dict[str, Row] = {}
API_ROUTES: dict[str, Row] = {}
for module in MODULES:
    OPS_ROUTES.update(module.OPS_ROUTES)
    API_ROUTES.update(module.API_ROUTES)


def make_objects(contract: Any, make_user: Any) -> dict[str, dict[str, Any]]:
    objects: dict[str, dict[str, Any]] = {}
    for module in MODULES:
        objects.update(module.make_objects(contract, make_user))
    return objects
