"""Serves the built public site (var/site by default) at the root of the server.

Only files inside the build folder are served: no `..`, no hidden names, no symbolic links that
lead outside it. Hashed assets are cached for a year; pages are revalidated (ETag and
Last-Modified) so a rebuild shows at once.
"""

from __future__ import annotations

from pathlib import Path

from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotModified,
    HttpResponsePermanentRedirect,
)
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.http import http_date, parse_http_date_safe
from django.views.decorators.http import require_safe

from fukyu.website.sitedata import site_dir

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ics": "text/calendar; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "public, max-age=0, must-revalidate"


def resolve(root: Path, path: str) -> Path | None:
    """The file or folder `path` names inside `root`, or None if it would leave it."""
    if "\x00" in path or "\\" in path:
        return None
    parts = [p for p in path.split("/") if p]
    if any(p in (".", "..") or p.startswith(".") for p in parts):
        return None
    candidate = root.joinpath(*parts)
    try:
        real = candidate.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    if real != root and not real.is_relative_to(root):
        return None
    return real


def _not_found(request: HttpRequest, root: Path) -> HttpResponse:
    page = root / "404.html"
    if page.is_file():
        response = HttpResponse(page.read_bytes(), status=404, content_type=CONTENT_TYPES[".html"])
        response["Content-Security-Policy"] = CSP
        response["Cache-Control"] = "no-store"
        return response
    raise Http404("ページが見つかりません")


@require_safe
def site_file(request: HttpRequest, path: str = "") -> HttpResponseBase:
    root = site_dir().resolve()
    if not (root / "index.html").is_file():
        if path:
            raise Http404("ページが見つかりません")
        return render(request, "website/site/pending.html")
    target = resolve(root, path)
    if target is None:
        return _not_found(request, root)
    if target.is_dir():
        if path and not path.endswith("/"):
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(f"/{path}/" + (f"?{query}" if query else ""))
        target = target / "index.html"
        if not target.is_file():
            return _not_found(request, root)
    content_type = CONTENT_TYPES.get(target.suffix)
    if content_type is None:
        return _not_found(request, root)
    stat = target.stat()
    etag = f'"{stat.st_size:x}-{stat.st_mtime_ns:x}"'
    cache = IMMUTABLE if path.startswith("assets/") else REVALIDATE
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    if_none_match = request.headers.get("If-None-Match")
    if (if_none_match is not None and etag in if_none_match) or (
        if_none_match is None and since is not None and int(stat.st_mtime) <= since
    ):
        not_modified = HttpResponseNotModified()
        not_modified["ETag"] = etag
        not_modified["Cache-Control"] = cache
        return not_modified
    response = FileResponse(target.open("rb"), content_type=content_type)
    response["Content-Length"] = str(stat.st_size)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(stat.st_mtime)
    response["Cache-Control"] = cache
    if target.suffix == ".html":
        response["Content-Security-Policy"] = CSP
    if target.suffix in (".csv", ".ics"):
        response["Content-Disposition"] = f'inline; filename="{target.name}"'
    return response
