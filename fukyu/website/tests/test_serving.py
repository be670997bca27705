"""The built site served at / : files, content types, caching, and no way out of the folder."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_top_and_pages_are_served_with_html_type_and_csp(built: Path, client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["Cache-Control"] == "public, max-age=0, must-revalidate"
    body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert "デジタル身分証アプリ".encode() in body
    for path in (
        "/events/",
        "/faq/",
        "/contact/",
        "/news/",
        "/privacy/",
        "/accessibility/",
        "/apps/survey/",
    ):
        assert client.get(path).status_code == 200, path


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/events.ics", "text/calendar; charset=utf-8"),
        ("/opendata/040002_event.csv", "text/csv; charset=utf-8"),
        ("/sitemap.xml", "application/xml; charset=utf-8"),
        ("/robots.txt", "text/plain; charset=utf-8"),
    ],
)
def test_feeds_have_their_content_types(
    built: Path, client: Client, path: str, content_type: str
) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert int(response["Content-Length"]) == (built / path.lstrip("/")).stat().st_size


def test_hashed_assets_are_cached_for_a_year(built: Path, client: Client) -> None:
    css = next((built / "assets").glob("site.*.css")).name
    response = client.get(f"/assets/{css}")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/css; charset=utf-8"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    js = next((built / "assets").glob("pageview.*.js")).name
    assert client.get(f"/assets/{js}")["Content-Type"] == "text/javascript; charset=utf-8"


def test_conditional_get_answers_304(built: Path, client: Client) -> None:
    first = client.get("/faq/")
    etag = first["ETag"]
    again = client.get("/faq/", headers={"If-None-Match": etag})
    assert again.status_code == 304
    since = client.get("/faq/", headers={"If-Modified-Since": first["Last-Modified"]})
    assert since.status_code == 304
    other = client.get("/faq/", headers={"If-None-Match": '"other"'})
    assert other.status_code == 200


def test_folder_without_slash_redirects(built: Path, client: Client) -> None:
    response = client.get("/events?from=qr")
    assert response.status_code == 301
    assert response["Location"] == "/events/?from=qr"


@pytest.mark.parametrize(
    "path",
    [
        "/no-such-page/",
        "/..%2f..%2fetc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/assets/../../secret.txt",
        "/.site.lock",
        "/events/%00index.html",
        "/events\\..\\..\\secret.txt",
        "/settings.py",
    ],
)
def test_nothing_outside_the_site_or_hidden_is_served(
    built: Path, client: Client, path: str
) -> None:
    (built.parent / "secret.txt").write_text("secret")
    (built / "settings.py").write_text("SECRET = 1")
    response = client.get(path)
    assert response.status_code in (404, 400)
    content = response.content if not response.streaming else b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert b"secret" not in content and b"SECRET" not in content


def test_symlink_leading_outside_is_refused(built: Path, client: Client) -> None:
    (built.parent / "outside.txt").write_text("outside")
    os.symlink(built.parent / "outside.txt", built / "leak.txt")
    assert client.get("/leak.txt").status_code == 404


def test_missing_page_shows_the_sites_404(built: Path, client: Client) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "ページが見つかりません" in response.content.decode()


def test_staff_site_and_api_are_not_shadowed(built: Path, client: Client) -> None:
    assert client.get("/ops/")["Location"].startswith("/ops/login/")
    calendar = client.get("/api/v1/calendar", {"from": "2024-11-01", "to": "2024-11-02"})
    assert (
        calendar.status_code == 200
        and calendar["Content-Type"] == "application/json; charset=utf-8"
    )
    assert client.get("/ops/website").status_code == 301  # APPEND_SLASH still works


def test_only_get_and_head(built: Path, client: Client) -> None:
    assert client.head("/").status_code == 200
    assert client.post("/").status_code == 405


def test_before_the_first_build_the_top_says_it_is_being_prepared(
    contract: Any, client: Client
) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert "準備中" in response.content.decode()
    assert client.get("/events/").status_code == 404
