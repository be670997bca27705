"""Rows of the role matrix for the website app's routes (see tests/role_matrix.py)."""

from __future__ import annotations

from typing import Any

from fukyu.core.models import MiniApp
from fukyu.website import build
from fukyu.website.services import page_start
from tests.role_matrix_types import Row

READ = ("publicity_read",)
MANAGE = ("publicity_manage",)

OPS_ROUTES: dict[str, Row] = {
    "ops/website/": (READ, None),
    "ops/website/rebuild/": (MANAGE, None, "POST"),
    "ops/website/pages/": (READ, None),
    "ops/website/pages/start/<str:kind>/": (READ, "site_start"),
    "ops/website/pages/start/app/<int:app_pk>/": (READ, "site_start_app"),
    "ops/website/pages/<int:pk>/": (READ, "site_version"),
    "ops/website/pages/<int:pk>/unpublish/": (MANAGE, "site_version", "POST"),
    "ops/website/pages/<int:pk>/v/<int:number>/preview/": (READ, "site_version"),
    "ops/website/pages/<int:pk>/v/<int:number>/publish/": (MANAGE, "site_version", "POST"),
    "ops/website/news/new/": (MANAGE, None),
    "ops/website/assets/<str:name>": (READ, "site_asset"),
    # The built public site: a missing file is 404 for everybody, signed in or not.
    "<sitepath:path>": ("absent", "site_missing"),
}
API_ROUTES: dict[str, Row] = {
    "api/v1/pageviews": ("public", "pageview", "POST"),
    "api/v1/website/status": (READ, None),
}


def make_objects(contract: Any, make_user: Any) -> dict[str, dict[str, Any]]:
    app = MiniApp.objects.filter(contract=contract).first()
    version = page_start(
        actor=None,
        contract=contract,
        kind="disaster",
        title="災害時の使い方",
        summary="概要（サンプル）",
        body="## 見出し\n\n本文（サンプル）\n",
    )
    css = next(name for name in build.asset_files() if name.endswith(".css"))
    return {
        "site_start": {"kind": "howto"},
        "site_start_app": {"app_pk": app.pk if app else 0},
        "site_version": {"pk": version.page_id, "number": version.number},
        "site_asset": {"name": css},
        "site_missing": {"path": "no-such-page/"},
        "pageview": {"data": {"path": "/"}},
    }
