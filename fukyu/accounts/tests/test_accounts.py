"""Users, roles, tokens and the two-step login, through the real views and commands."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any
from unittest import mock

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import TEST_PASSWORD
from fukyu.accounts.models import ApiToken, User
from fukyu.accounts.services import hash_token
from fukyu.audit.models import AuditEvent
from fukyu.core.models import Contract


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_add_user_command_assigns_role_and_audits(db: Any, capsys: Any) -> None:
    with mock.patch.dict(os.environ, {"FUKYU_PASSWORD": TEST_PASSWORD}):
        call_command("add_user", "sato", "--role", "supervisor", "--email", "sato@example.jp")
    user = User.objects.get(username="sato")
    assert user.role == "supervisor"
    assert user.check_password(TEST_PASSWORD)
    assert user.has_perm("accounts.callcenter_manage")
    assert not user.has_perm("accounts.privacy_manage")
    event = AuditEvent.objects.get(action="user.create", object_id=str(user.pk))
    assert event.changes["role"] == [None, "supervisor"]
    assert "スーパーバイザー" in capsys.readouterr().out


def test_add_user_refuses_weak_password_and_duplicates(db: Any) -> None:
    with mock.patch.dict(os.environ, {"FUKYU_PASSWORD": "1234"}), pytest.raises(CommandError):
        call_command("add_user", "weak", "--role", "operator")
    assert not User.objects.filter(username="weak").exists()
    with mock.patch.dict(os.environ, {"FUKYU_PASSWORD": TEST_PASSWORD}):
        call_command("add_user", "dup", "--role", "operator")
        with pytest.raises(CommandError, match="既に使われています"):
            call_command("add_user", "dup", "--role", "client")


def test_create_api_token_prints_once_and_stores_only_a_hash(
    contract: Contract, make_user: Callable[..., User], capsys: Any
) -> None:
    user = make_user("operator", username="phone")
    call_command("create_api_token", "phone", "--name", "電話システム")
    plain = capsys.readouterr().out.strip()
    token = ApiToken.objects.get(user=user)
    assert plain.startswith("fky_")
    assert token.token_hash == hash_token(plain)
    assert plain not in str(list(ApiToken.objects.values()))
    ok = Client().get("/api/v1/categories", headers={"Authorization": f"Bearer {plain}"})
    assert ok.status_code == 200
    assert {c["code"] for c in ok.json()} >= {"install", "other"}
    bad = Client().get("/api/v1/categories", headers={"Authorization": "Bearer fky_wrong"})
    assert bad.status_code == 401
    assert "認証" in bad.json()["detail"]


def test_revoked_token_and_inactive_user_are_refused(
    contract: Contract, make_user: Callable[..., User], api_client: Callable[[User], Client]
) -> None:
    user = make_user("operator")
    client = api_client(user)
    assert client.get("/api/v1/categories").status_code == 200
    user.is_active = False
    user.save()
    assert client.get("/api/v1/categories").status_code == 401


def test_two_step_login_sets_up_totp_then_verifies(
    contract: Contract, make_user: Callable[..., User]
) -> None:
    user = make_user("operator", username="tanaka")
    client = Client()
    response = client.post("/ops/login/", {"username": "tanaka", "password": TEST_PASSWORD})
    assert response.status_code == 302
    # Signed in but not verified: every page sends the user to the two-factor step.
    assert client.get("/ops/").url == "/ops/2fa/"
    page = client.get("/ops/2fa/")
    assert "QRコード" in page.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    wrong = client.post(
        "/ops/2fa/", {"code": "000000" if current_code(device) != "000000" else "111111"}
    )
    assert "確認コードが正しくありません" in wrong.content.decode()
    # django-otp throttles after a failure (1 s, doubling); clear it rather than sleep.
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=None, throttling_failure_count=0
    )
    done = client.post("/ops/2fa/", {"code": current_code(device)})
    assert done.status_code == 302
    home = client.get("/ops/")
    assert home.status_code == 200
    assert "オペレーターのホーム" in home.content.decode()
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEvent.objects.filter(action="user.totp_confirm", object_id=str(user.pk)).exists()


def test_wrong_password_shows_japanese_error(
    contract: Contract, make_user: Callable[..., User]
) -> None:
    make_user("operator", username="suzuki")
    response = Client().post("/ops/login/", {"username": "suzuki", "password": "nope"})
    assert response.status_code == 200
    assert "正しくありません" in response.content.decode()


def test_a_browser_that_prefers_english_still_reads_japanese(
    contract: Contract, make_user: Callable[..., User], login: Callable[[User], Client]
) -> None:
    # Django's own messages (here a choice field's) follow the active language: always Japanese.
    client = login(make_user(None, superuser=True))
    response = client.post(
        "/ops/users/new/",
        {"username": "kato", "role": "nobody", "password": "another-long-passphrase"},
        HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9",
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "正しく選択してください" in page
    assert "Select a valid choice" not in page


def test_admin_adds_user_through_the_screen(
    contract: Contract, make_user: Callable[..., User], login: Callable[[User], Client]
) -> None:
    admin = make_user(None, superuser=True)
    client = login(admin)
    response = client.post(
        "/ops/users/new/",
        {
            "username": "kobayashi",
            "display_name": "小林",
            "role": "client",
            "email": "k@example.jp",
            "password": "another-long-passphrase",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="kobayashi")
    assert user.role == "client"
    bad = client.post("/ops/users/new/", {"username": "x", "role": "nobody", "password": "short"})
    assert bad.status_code == 200
    body = bad.content.decode()
    assert "3文字以上" in body
    assert not User.objects.filter(username="x").exists()
    change = client.post(f"/ops/users/{user.pk}/", {"role": "manager", "is_active": "on"})
    assert change.status_code == 302
    assert User.objects.get(pk=user.pk).role == "manager"
    assert AuditEvent.objects.get(action="user.role").changes == {"role": ["client", "manager"]}
