"""No page and no form a user can reach by following links answers with a server error.

On a synthetic demo season, for every role: each staff page is asked for as linked and again with
nonsense in the common query parameters; each form (method POST) is sent empty, with nonsense,
and with long but plausible values. A refusal must be a page or message, never a 500.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client

from conftest import verified_login
from fukyu.accounts.models import User
from fukyu.core.management.commands import seed_demo

HREF = re.compile(r'href="([^"#]+)')
PAGES_PER_USER = 400
# What a mistyped or hand-edited address might carry.
NONSENSE_QUERY = {
    "page": "abc",
    "date": "2024-13-45",
    "day": "zz",
    "month": "2024-99",
    "date_from": "x",
    "date_to": "1/2/3",
    "q": "あ" * 600,
    "region": "999999",
    "municipality": "xx",
    "status": "nope",
    "category": "nope",
    "mini_app": "nope",
    "operator": "abc",
    "outcome": "zz",
}
# Field values by <input type>: nonsense, then long or extreme but well-formed.
NONSENSE_FIELD = {
    "number": "-99999999999999999999",
    "date": "2024-13-45",
    "datetime-local": "x",
    "time": "25:99",
    "email": "not-an-email",
    "url": "javascript:alert(1)",
    "select": "999999",
}
EXTREME_FIELD = {
    "number": "0",
    "date": "1900-01-01",
    "datetime-local": "2999-12-31T23:59",
    "time": "00:00",
    "email": "a@example.jp",
    "url": "https://example.jp/" + "a" * 3000,
}
KEPT = {"hidden", "submit", "checkbox", "radio"}


@pytest.fixture
def season(db: Any, tmp_path: Path, monkeypatch: Any, settings: Any) -> list[User]:
    settings.FUKYU_TODAY = "2025-01-15"
    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setattr(seed_demo, "VAR_DIR", tmp_path)
    call_command("seed_demo", "--seed", "11", "--scale", "0.005")
    users = list(User.objects.filter(is_active=True).order_by("id"))
    assert len({u.role for u in users}) >= 7  # every role of the demo signs in
    return users


def links(base: str, html: str) -> list[str]:
    found = []
    for href in HREF.findall(html):
        parts = urlsplit(urljoin(base, href.replace("&amp;", "&")))
        if parts.netloc or not parts.path.startswith("/ops/") or "logout" in parts.path:
            continue
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def crawl(client: Client) -> Iterator[tuple[str, Any]]:
    """(url, response) for each page reachable from the home page, breadth first."""
    seen: set[str] = set()
    queue = deque(["/ops/"])
    while queue and len(seen) < PAGES_PER_USER:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        yield url, response
        if response.status_code == 200 and "html" in response["Content-Type"]:
            queue.extend(links(url, response.content.decode()))


class PostForms(HTMLParser):
    """The POST forms of a page: action and (name, type, value) of each field."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, list[tuple[str, str, str]]]] = []
        self._fields: list[tuple[str, str, str]] | None = None
        self._select: int | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._fields = [] if a.get("method", "").lower() == "post" else None
            if self._fields is not None:
                self.forms.append((a.get("action", ""), self._fields))
        elif tag == "option" and self._fields is not None and self._select is not None:
            name, kind, value = self._fields[self._select]
            if not value:  # the first real choice
                self._fields[self._select] = (name, kind, a.get("value", ""))
        elif self._fields is None or not a.get("name"):
            return
        elif tag in ("input", "textarea"):
            kind = a.get("type", "text") if tag == "input" else "textarea"
            self._fields.append((a["name"], kind, a.get("value", "")))
        elif tag == "select":
            self._fields.append((a["name"], "select", ""))
            self._select = len(self._fields) - 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._fields = None
        elif tag == "select":
            self._select = None


def filled(fields: list[tuple[str, str, str]], mode: str) -> dict[str, str]:
    data = {}
    for name, kind, value in fields:
        if name == "csrfmiddlewaretoken" or kind == "file":
            continue
        if kind in KEPT:
            data[name] = value or "on"
        elif mode == "empty":
            data[name] = ""
        elif mode == "nonsense":
            data[name] = NONSENSE_FIELD.get(kind, "あ" * 5000 + "\x00")
        else:
            data[name] = EXTREME_FIELD.get(kind, value if kind == "select" else "テスト" * 400)
    return data


def test_no_page_reachable_by_any_role_answers_500(season: list[User]) -> None:
    failures: list[str] = []
    visited: set[str] = set()
    for user in season:
        client = verified_login(Client(raise_request_exception=False), user)
        for url, response in crawl(client):
            visited.add(url)
            if response.status_code >= 500:
                failures.append(f"{user.role} GET {url}")
            if client.get(url, NONSENSE_QUERY).status_code >= 500:
                failures.append(f"{user.role} GET {url} (nonsense query)")
    assert len(visited) > 150  # the crawl really went through the site
    assert failures == []


def test_no_form_reachable_by_any_role_answers_500(season: list[User]) -> None:
    failures: list[str] = []
    statuses: dict[int, int] = {}
    for user in season:
        client = verified_login(Client(raise_request_exception=False), user)
        sent: set[str] = set()
        for url, response in crawl(client):
            if response.status_code != 200 or "html" not in response["Content-Type"]:
                continue
            parser = PostForms()
            parser.feed(response.content.decode())
            for action, fields in parser.forms:
                target = urlsplit(urljoin(url, action or url)).path
                if "logout" in target or target in sent:
                    continue
                sent.add(target)
                for mode in ("empty", "nonsense", "extreme"):
                    status = client.post(target, filled(fields, mode)).status_code
                    statuses[status] = statuses.get(status, 0) + 1
                    if status >= 500:
                        failures.append(f"{user.role} POST {target} ({mode})")
    # The forms were really sent, and many came back with their errors shown.
    assert sum(statuses.values()) > 300 and statuses.get(200, 0) > 100, statuses
    assert failures == []
