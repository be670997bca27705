"""Fixtures shared by every app's tests: the default contract, users per role, verified logins."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY

from fukyu.accounts.models import User
from fukyu.accounts.permissions import permission_cache_clear
from fukyu.accounts.services import (
    api_token_cache_clear,
    api_token_create,
    totp_device_create,
    user_create,
)
from fukyu.core.models import Contract
from fukyu.core.refcache import reference_clear
from fukyu.core.services import contract_load

TEST_PASSWORD = "correct-horse-battery-staple"  # noqa: S105 (test-only)


@pytest.fixture(autouse=True)
def _fresh_process_caches() -> Any:
    """Each test starts without the per-process snapshots an earlier test may have kept."""
    reference_clear()
    permission_cache_clear()
    api_token_cache_clear()
    yield
    reference_clear()
    permission_cache_clear()
    api_token_cache_clear()


@pytest.fixture
def contract(db: Any) -> Contract:
    return contract_load(path=settings.FUKYU_DEFAULT_CONTRACT)


@pytest.fixture
def make_user(db: Any) -> Callable[..., User]:
    counter = {"n": 0}

    def make(role: str | None, *, superuser: bool = False, **extra: Any) -> User:
        counter["n"] += 1
        username = extra.pop("username", f"{role or 'admin'}{counter['n']}")
        return user_create(
            actor=None,
            username=username,
            role=role,
            password=TEST_PASSWORD,
            is_superuser=superuser,
            **extra,
        )

    return make


def verified_login(client: Client, user: User) -> Client:
    """Sign in as `user` with a confirmed TOTP device, as the two-factor step would leave it."""
    device = totp_device_create(user=user, confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def login(client: Client) -> Callable[[User], Client]:
    def do(user: User) -> Client:
        return verified_login(client, user)

    return do


@pytest.fixture
def api_client(db: Any) -> Callable[[User], Client]:
    """A client that sends `Authorization: Bearer <token>` for `user`."""

    def make(user: User) -> Client:
        _, plain = api_token_create(actor=None, user=user)
        return Client(headers={"Authorization": f"Bearer {plain}"})

    return make
