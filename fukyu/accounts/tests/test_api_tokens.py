"""API tokens: issued and revoked from the users page or manage.py, and the per-process cache
that spares a query per request without outliving a revocation in this process."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from conftest import verified_login
from fukyu.accounts.models import ApiToken, User
from fukyu.accounts.services import api_token_create, api_token_revoke
from fukyu.audit.models import AuditEvent
from fukyu.core.models import Contract

pytestmark = pytest.mark.django_db


def _bearer(plain: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {plain}"})


@pytest.mark.django_db(transaction=True)  # the cache keeps only rows read outside a transaction
def test_a_token_is_read_once_per_cache_period_and_revocation_is_immediate_here(
    contract: Contract, make_user: Callable[..., User]
) -> None:
    user = make_user("operator")
    token, plain = api_token_create(actor=None, user=user, name="電話システム")
    client = _bearer(plain)
    assert client.get("/api/v1/categories").status_code == 200  # loads and stamps last_used_at
    token.refresh_from_db()
    assert token.last_used_at is not None
    # Cached now: the token, the user and their permissions cost no query; only the list does.
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/v1/categories").status_code == 200
    read = " ".join(q["sql"] for q in queries.captured_queries)
    assert queries.captured_queries and "accounts_apitoken" not in read
    assert "accounts_user" not in read and "auth_permission" not in read
    api_token_revoke(actor=None, token=token)
    refused = client.get("/api/v1/categories")
    assert refused.status_code == 401 and "認証" in refused.json()["detail"]
    assert AuditEvent.objects.filter(action="api_token.revoke", object_id=str(token.pk)).exists()


@pytest.mark.django_db(transaction=True)
def test_deactivating_the_user_refuses_a_cached_token(
    contract: Contract, make_user: Callable[..., User]
) -> None:
    # (test_accounts checks the uncached refusal; this one deactivates while the token is cached.)
    user = make_user("operator")
    _, plain = api_token_create(actor=None, user=user)
    client = _bearer(plain)
    client.get("/api/v1/categories")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/v1/categories").status_code == 200
    assert "accounts_apitoken" not in " ".join(q["sql"] for q in queries.captured_queries)
    user.is_active = False
    user.save()
    assert client.get("/api/v1/categories").status_code == 401


def test_last_used_is_written_at_most_once_a_minute(
    contract: Contract, make_user: Callable[..., User], settings: Any
) -> None:
    settings.FUKYU_API_TOKEN_CACHE_SECONDS = 0  # read the row every time
    user = make_user("operator")
    token, plain = api_token_create(actor=None, user=user)
    client = _bearer(plain)
    client.get("/api/v1/categories")
    token.refresh_from_db()
    first = token.last_used_at
    client.get("/api/v1/categories")
    token.refresh_from_db()
    assert token.last_used_at == first
    old = first - dt.timedelta(minutes=5)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=old)
    client.get("/api/v1/categories")
    token.refresh_from_db()
    assert token.last_used_at > old


def test_the_users_page_issues_a_token_once_and_revokes_it(
    contract: Contract, make_user: Callable[..., User]
) -> None:
    admin = make_user(None, superuser=True)
    operator = make_user("operator", username="softphone")
    browser = verified_login(Client(), admin)
    page = browser.post(f"/ops/users/{operator.pk}/tokens/new/", {"name": "電話システム"})
    assert page.status_code == 200 and page["Cache-Control"] == "no-store"
    html = page.content.decode()
    plain = html.split('data-testid="plain-token">')[1].split("<")[0]
    assert plain.startswith("fky_") and "電話システム" in html
    assert _bearer(plain).get("/api/v1/categories").status_code == 200
    # Shown once: the page afterwards lists the token by its prefix only.
    again = browser.get(f"/ops/users/{operator.pk}/").content.decode()
    assert plain not in again and plain[:10] in again
    token = ApiToken.objects.get(user=operator)
    done = browser.post(f"/ops/users/{operator.pk}/tokens/{token.pk}/revoke/", follow=True)
    assert "失効させました" in done.content.decode()
    assert _bearer(plain).get("/api/v1/categories").status_code == 401
    twice = browser.post(f"/ops/users/{operator.pk}/tokens/{token.pk}/revoke/", follow=True)
    assert "失効済み" in twice.content.decode()
    # Only a superuser manages tokens; GET never issues one.
    assert verified_login(Client(), make_user("supervisor")).post(
        f"/ops/users/{operator.pk}/tokens/new/", {"name": "x"}
    ).status_code in (302, 403)
    assert browser.get(f"/ops/users/{operator.pk}/tokens/new/").status_code == 405
    assert ApiToken.objects.filter(user=operator).count() == 1


def test_manage_py_lists_and_revokes_by_prefix(
    contract: Contract, make_user: Callable[..., User], capsys: Any
) -> None:
    user = make_user("operator", username="phone")
    token, plain = api_token_create(actor=None, user=user, name="電話システム")
    call_command("revoke_api_token", "--list")
    listing = capsys.readouterr().out
    assert token.prefix in listing and "phone" in listing and "有効" in listing
    assert plain not in listing
    call_command("revoke_api_token", token.prefix)
    assert "失効させました" in capsys.readouterr().out
    assert _bearer(plain).get("/api/v1/categories").status_code == 401
    with pytest.raises(CommandError, match="見つかりません"):
        call_command("revoke_api_token", token.prefix)
