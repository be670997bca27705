"""Walk every URL × every role × the expected status (pretix's test_permissions, ours)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from fukyu.accounts.models import User
from fukyu.accounts.roles import ROLE_PERMISSIONS, ROLES
from fukyu.core.models import Contract
from tests.role_matrix import API_ROUTES, OPS_ROUTES, make_objects
from tests.role_matrix_types import Access, Row

SUBJECTS = ["anonymous", "admin", *ROLES]


def walk(patterns: list[Any], prefix: str = "") -> Iterator[str]:
    for p in patterns:
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            yield from walk(p.url_patterns, route)
        elif isinstance(p, URLPattern):
            yield route.replace("^", "").replace("$", "")


def all_routes() -> set[str]:
    return set(walk(get_resolver().url_patterns))


def test_every_route_has_a_row() -> None:
    rows = {**OPS_ROUTES, **API_ROUTES}
    routes = all_routes()
    missing = sorted(r for r in routes if r not in rows)
    stale = sorted(r for r in rows if r not in routes)
    assert missing == [], f"routes without a row in an app's tests/role_matrix.py: {missing}"
    assert stale == [], f"rows for routes that no longer exist: {stale}"


def allowed(subject: str, access: Access) -> bool:
    if subject == "anonymous":
        return access in ("public", "docs")
    if subject == "admin" or access in ("public", "login", "docs", "2fa_step"):
        return True
    if isinstance(access, tuple):
        return bool(set(access) & ROLE_PERMISSIONS[subject])
    return False


def check(subject: str, row: Row, status: int, *, api: bool) -> str | None:
    access, method = row[0], (row[2] if len(row) == 3 else "GET")
    if access == "post_only":
        return None if status == 405 else "expected 405"
    if access == "absent":
        return None if status == 404 else "expected 404"
    if allowed(subject, access):
        if method == "GET":
            return None if status == 200 else "expected 200"
        return None if status not in (401, 403, 404, 405) and status < 500 else "expected allowed"
    denied = (401 if api else 302) if subject == "anonymous" else 403
    return None if status == denied else f"expected {denied}"


def fill(route: str, kwargs: dict[str, Any]) -> str:
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(kwargs[m[1]]), route)


def request(client: Client, route: str, row: Row, objects: dict[str, dict[str, Any]]) -> int:
    spec = objects.get(row[1] or "", {})
    url = fill(route, spec)
    method = row[2] if len(row) == 3 else "GET"
    if method == "GET":
        return client.get(url, spec.get("query", {})).status_code
    body = json.dumps(spec.get("data", {}))
    return client.generic(method, url, body, content_type="application/json").status_code


def subject_user(subject: str, make_user: Callable[..., User]) -> User | None:
    if subject == "anonymous":
        return None
    if subject == "admin":
        return make_user(None, superuser=True)
    return make_user(subject)


@pytest.mark.parametrize("subject", SUBJECTS)
def test_ops_matrix(
    subject: str,
    contract: Contract,
    make_user: Callable[..., User],
    login: Callable[[User], Client],
    client: Client,
) -> None:
    objects = make_objects(contract, make_user)
    user = subject_user(subject, make_user)
    if user is not None:
        login(user)
    failures = []
    for route, row in OPS_ROUTES.items():
        status = request(client, route, row, objects)
        if route == "" and status == 302:
            status = 200  # the site root redirects everyone
        problem = check(subject, row, status, api=False)
        if problem:
            failures.append(f"{route}: {status} ({problem})")
    assert failures == []


@pytest.mark.parametrize("subject", SUBJECTS)
def test_api_matrix(
    subject: str,
    contract: Contract,
    make_user: Callable[..., User],
    api_client: Callable[[User], Client],
) -> None:
    objects = make_objects(contract, make_user)
    user = subject_user(subject, make_user)
    client = api_client(user) if user is not None else Client()
    failures = []
    for route, row in API_ROUTES.items():
        status = request(client, route, row, objects)
        problem = check(subject, row, status, api=True)
        if problem:
            failures.append(f"{route}: {status} ({problem})")
    assert failures == []
