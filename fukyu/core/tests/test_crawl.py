"""Every staff page a user can reach by following links answers without a server error — for
every role, on a synthetic demo season, and again with nonsense in the common query parameters."""

from __future__ import annotations

import re
from collections import deque
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from django.core.management import call_command
from django.test import Client

from conftest import verified_login
from fukyu.accounts.models import User
from fukyu.core.management.commands import seed_demo

HREF = re.compile(r'href="([^"#]+)')
PAGES_PER_USER = 400
# What a mistyped or hand-edited address might carry.
NONSENSE = {
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


def links(base: str, html: str) -> list[str]:
    found = []
    for href in HREF.findall(html):
        parts = urlsplit(urljoin(base, href.replace("&amp;", "&")))
        if parts.netloc or not parts.path.startswith("/ops/") or "logout" in parts.path:
            continue
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def test_no_page_reachable_by_any_role_answers_500(
    db: Any, tmp_path: Path, monkeypatch: Any, settings: Any
) -> None:
    settings.FUKYU_TODAY = "2025-01-15"
    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setattr(seed_demo, "VAR_DIR", tmp_path)
    call_command("seed_demo", "--seed", "11", "--scale", "0.005")
    failures: list[str] = []
    visited: set[str] = set()
    users = list(User.objects.filter(is_active=True).order_by("id"))
    assert len({u.role for u in users}) >= 7  # every role of the demo signs in
    for user in users:
        client = verified_login(Client(raise_request_exception=False), user)
        seen: set[str] = set()
        queue = deque(["/ops/"])
        while queue and len(seen) < PAGES_PER_USER:
            url = queue.popleft()
            if url in seen:
                continue
            seen.add(url)
            for params in ({}, NONSENSE):
                response = client.get(url, params)
                if response.status_code >= 500:
                    failures.append(f"{user.role} GET {url} {'(nonsense)' if params else ''}")
                elif (
                    not params
                    and response.status_code == 200
                    and "html" in response["Content-Type"]
                ):
                    queue.extend(links(url, response.content.decode()))
        visited |= seen
    assert len(visited) > 150  # the crawl really went through the site
    assert failures == []
