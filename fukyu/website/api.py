"""The website API router, mounted at /api/v1/ by config/api.py.

POST /pageviews is the same-origin beacon of the public pages: the body is `{"path": "/…/"}` and
nothing else is read or stored (no cookie, address or browser string). It answers 204.
"""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema
from ninja.errors import HttpError

from fukyu.accounts.api_auth import API_AUTH
from fukyu.accounts.permissions import api_require
from fukyu.core.selectors import active_contract
from fukyu.website.selectors import known_paths, site_status
from fukyu.website.services import pageview_record

router = Router(tags=["WEBサイト"])
PATH_MAX = 300


def _same_origin(request: HttpRequest) -> bool:
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None and site not in ("same-origin", "none"):
        return False
    origin = request.headers.get("Origin")
    if origin is not None and origin != "null":
        return origin == f"{request.scheme}://{request.get_host()}"
    return True


@router.post("/pageviews", auth=None, response={204: None})
def pageview(request: HttpRequest) -> HttpResponse:
    """Count one view of a public page (sent by navigator.sendBeacon as text/plain JSON)."""
    if not _same_origin(request):
        raise HttpError(403, "このサイトのページからのみ受け付けます")
    if len(request.body) > 1024:
        raise HttpError(422, "送信内容が大きすぎます")
    try:
        payload = json.loads(request.body or b"null")
    except ValueError:
        raise HttpError(422, "JSON として読めません") from None
    path = payload.get("path") if isinstance(payload, dict) else None
    if not isinstance(path, str) or not path.startswith("/") or len(path) > PATH_MAX:
        raise HttpError(422, "path: 公開ページのパス（/ で始まる文字列）を指定してください")
    contract = active_contract()
    if path.endswith("/index.html"):
        path = path[: -len("index.html")]
    if path not in known_paths(contract=contract):
        raise HttpError(422, "path: 公開サイトにないページです")
    pageview_record(contract=contract, path=path)
    return HttpResponse(status=204)


class SiteStatusOut(Schema):
    is_stale: bool
    last_build_at: str | None
    last_build_pages: int | None


@router.get("/website/status", auth=API_AUTH, response=SiteStatusOut)
def status(request: HttpRequest) -> SiteStatusOut:
    """Whether the public site shows the current data (for monitoring and cron)."""
    api_require(request, "publicity_read")
    state = site_status(contract=active_contract())
    build = state.last_build
    return SiteStatusOut(
        is_stale=state.is_stale,
        last_build_at=build.finished_at.isoformat() if build else None,
        last_build_pages=build.page_count if build else None,
    )
