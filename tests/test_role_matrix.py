"""Walk every URL × every role × the expected status (pretix's test_permissions, ours)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from fukyu.accounts.models import User
from fukyu.accounts.roles import ROLE_PERMISSIONS, ROLES
from fukyu.core.models import Contract, InquiryCategory, MiniApp
from tests.role_matrix import API_ROUTES, OPS_ROUTES, Access, query_for

ALL_ROUTES = {**OPS_ROUTES, **API_ROUTES}
SUBJECTS = ["anonymous", "admin", *ROLES]


def walk(patterns: list[Any], prefix: str = "") -> Iterator[str]:
    for p in patterns:
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            yield from walk(p.url_patterns, route)
        elif isinstance(p, URLPattern):
            yield route.replace("^", "").replace("$", "")


def all_routes() -> list[str]:
    return sorted(set(walk(get_resolver().url_patterns)))


def test_every_route_has_a_row() -> None:
    missing = [r for r in all_routes() if r not in ALL_ROUTES]
    stale = [r for r in ALL_ROUTES if r not in all_routes()]
    assert missing == [], f"routes without a row in tests/role_matrix.py: {missing}"
    assert stale == [], f"rows for routes that no longer exist: {stale}"


def allowed(subject: str, access: Access) -> bool:
    if subject == "anonymous":
        return access in ("public", "docs")
    if subject == "admin" or access in ("public", "login", "docs", "2fa_step"):
        return True
    if isinstance(access, tuple):
        return bool(set(access) & ROLE_PERMISSIONS[subject])
    return False


def expected_ops(subject: str, access: Access) -> int:
    if access == "post_only":
        return 405
    if allowed(subject, access):
        return 200
    return 302 if subject == "anonymous" else 403


def expected_api(subject: str, access: Access) -> int:
    if access == "absent":
        return 404
    if allowed(subject, access):
        return 200
    return 401 if subject == "anonymous" else 403


@pytest.fixture
def objects(contract: Contract, make_user: Callable[..., User]) -> dict[str, dict[str, Any]]:
    return {
        "user": {"pk": make_user("operator", username="target").pk},
        "mini_app": {"pk": MiniApp.objects.filter(contract=contract).first().pk},  # type: ignore[union-attr]
        "category": {"pk": InquiryCategory.objects.filter(contract=contract).first().pk},  # type: ignore[union-attr]
    }


def fill(route: str, kwargs: dict[str, Any]) -> str:
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(kwargs[m[1]]), route)


def subject_user(subject: str, make_user: Callable[..., User]) -> User | None:
    if subject == "anonymous":
        return None
    if subject == "admin":
        return make_user(None, superuser=True)
    return make_user(subject)


@pytest.mark.parametrize("subject", SUBJECTS)
def test_ops_matrix(
    subject: str,
    objects: dict[str, dict[str, Any]],
    make_user: Callable[..., User],
    login: Callable[[User], Client],
    client: Client,
) -> None:
    user = subject_user(subject, make_user)
    if user is not None:
        login(user)
    failures = []
    for route, (access, key) in OPS_ROUTES.items():
        url = fill(route, objects.get(key or "", {}))
        status = client.get(url, query_for(key)).status_code
        want = expected_ops(subject, access)
        if route == "" and status == 302:
            status = 200  # the site root redirects everyone to the staff home page
        if status != want:
            failures.append(f"{url}: {status} (expected {want})")
    assert failures == []


@pytest.mark.parametrize("subject", SUBJECTS)
def test_api_matrix(
    subject: str,
    objects: dict[str, dict[str, Any]],
    make_user: Callable[..., User],
    api_client: Callable[[User], Client],
) -> None:
    user = subject_user(subject, make_user)
    client = api_client(user) if user is not None else Client()
    failures = []
    for route, (access, key) in API_ROUTES.items():
        url = fill(route, objects.get(key or "", {}))
        status = client.get(url, query_for(key)).status_code
        want = expected_api(subject, access)
        if status != want:
            failures.append(f"{url}: {status} (expected {want})")
    assert failures == []
