"""Every route of the system and who may use it. A route missing here fails the suite.

Access is one of:
- "public": anyone, signed in or not;
- "login": any signed-in, verified user;
- "2fa_step": signed in, verification not yet needed (the two-factor step itself);
- "post_only": GET answers 405 for everybody (logout);
- "docs": the API's schema and docs;
- "absent": answers 404 for everybody (the API's bare root);
- a tuple of permission codenames: users whose role has one of them (and the administrator).

Routes with parameters name a fixture key in `OBJECTS` that supplies their kwargs.
"""

from __future__ import annotations

from typing import Any

Access = str | tuple[str, ...]

OPS_ROUTES: dict[str, tuple[Access, str | None]] = {
    "": ("public", None),
    "ops/login/": ("public", None),
    "ops/logout/": ("post_only", None),
    "ops/2fa/": ("2fa_step", None),
    "ops/users/": (("superuser",), None),
    "ops/users/new/": (("superuser",), None),
    "ops/users/<int:pk>/": (("superuser",), "user"),
    "ops/": ("login", None),
    "ops/settings/mini-apps/": (("settings_manage",), None),
    "ops/settings/mini-apps/new/": (("settings_manage",), None),
    "ops/settings/mini-apps/<int:pk>/": (("settings_manage",), "mini_app"),
    "ops/settings/categories/": (("settings_manage",), None),
    "ops/settings/categories/new/": (("settings_manage",), None),
    "ops/settings/categories/<int:pk>/": (("settings_manage",), "category"),
    "ops/audit/": (("audit_read",), None),
}

API_ROUTES: dict[str, tuple[Access, str | None]] = {
    "api/v1/": ("absent", None),
    "api/v1/openapi.json": ("docs", None),
    "api/v1/docs": ("docs", None),
    "api/v1/calendar": ("public", "calendar"),
    "api/v1/categories": ("login", None),
    "api/v1/mini-apps": ("login", None),
    "api/v1/regions": ("login", None),
    "api/v1/municipalities": ("login", None),
}


def query_for(key: str | None) -> dict[str, Any]:
    if key == "calendar":
        return {"from": "2024-11-01", "to": "2024-11-30"}
    return {}
