"""The website's role-matrix rows, checked on their own (the shared matrix stops at the first
app whose page fails, so this keeps the website's rows verified whatever other apps do)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from fukyu.accounts.models import User
from fukyu.core.models import Contract
from fukyu.website.tests import role_matrix
from tests.test_role_matrix import SUBJECTS, all_routes, check, request, subject_user


def test_every_website_row_is_a_route() -> None:
    routes = all_routes()
    rows = {**role_matrix.OPS_ROUTES, **role_matrix.API_ROUTES}
    assert sorted(r for r in rows if r not in routes) == []
    mine = {
        r
        for r in routes
        if r.startswith(("ops/website/", "<sitepath"))
        or r in ("api/v1/pageviews", "api/v1/website/status")
    }
    assert mine == set(rows)


@pytest.mark.parametrize("subject", SUBJECTS)
def test_website_rows(
    subject: str,
    contract: Contract,
    make_user: Callable[..., User],
    login: Callable[[User], Client],
    api_client: Callable[[User], Client],
    client: Client,
) -> None:
    objects: dict[str, dict[str, Any]] = role_matrix.make_objects(contract, make_user)
    user = subject_user(subject, make_user)
    if user is not None:
        login(user)
    failures = []
    for route, row in role_matrix.OPS_ROUTES.items():
        status = request(client, route, row, objects)
        problem = check(subject, row, status, api=False)
        if problem:
            failures.append(f"{route}: {status} ({problem})")
    api = api_client(user) if user is not None else Client()
    for route, row in role_matrix.API_ROUTES.items():
        status = request(api, route, row, objects)
        problem = check(subject, row, status, api=True)
        if problem:
            failures.append(f"{route}: {status} ({problem})")
    assert failures == []
