"""Hardening: lockout after failed logins, security headers, idle sessions, production checks."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

from conftest import TEST_PASSWORD
from fukyu.privacy.middleware import LAST_SEEN

pytestmark = pytest.mark.django_db
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@override_settings(AXES_ENABLED=True)
def test_five_failed_logins_lock_the_account_with_a_japanese_page(make_user: Any) -> None:
    make_user("operator", username="yamada")
    client = Client(REMOTE_ADDR="127.0.0.1")
    url = reverse("accounts:login")
    for _ in range(4):
        response = client.post(url, {"username": "yamada", "password": "wrong-password-1"})
        assert response.status_code == 200  # the form again, not locked yet
    locked = client.post(url, {"username": "yamada", "password": "wrong-password-1"})
    assert locked.status_code == 429
    assert "ログインを一時的に停止しています" in locked.content.decode()
    # Even the right password is refused while locked.
    again = client.post(url, {"username": "yamada", "password": TEST_PASSWORD})
    assert again.status_code == 429 and "_auth_user_id" not in client.session


@override_settings(AXES_ENABLED=True)
def test_a_correct_login_before_the_limit_is_accepted(make_user: Any) -> None:
    make_user("operator", username="sato")
    client = Client(REMOTE_ADDR="127.0.0.1")
    url = reverse("accounts:login")
    for _ in range(3):
        client.post(url, {"username": "sato", "password": "wrong-password-1"})
    response = client.post(url, {"username": "sato", "password": TEST_PASSWORD})
    assert response.status_code == 302 and "_auth_user_id" in client.session


def test_staff_pages_send_a_strict_content_security_policy(
    contract: Any, make_user: Any, login: Any
) -> None:
    client = login(make_user("privacy_officer"))
    response = client.get(reverse("privacy:overview"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert "camera=()" in response["Permissions-Policy"]
    login_page = Client().get(reverse("accounts:login"))
    assert "unsafe-inline" not in login_page["Content-Security-Policy"]


def test_privacy_templates_have_no_inline_script_or_style() -> None:
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), path
        assert not re.search(r"\sstyle=|<style", text), path
        assert not re.search(r"\son[a-z]+=", text), path  # no inline event handlers


def test_an_idle_session_ends(contract: Any, make_user: Any, login: Any) -> None:
    client = login(make_user("privacy_officer"))
    assert client.get(reverse("privacy:overview")).status_code == 200
    session = client.session
    session[LAST_SEEN] = int(time.time()) - settings.FUKYU_SESSION_IDLE_SECONDS - 5
    session.save()
    response = client.get(reverse("privacy:overview"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_session_settings() -> None:
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert 0 < settings.SESSION_COOKIE_AGE <= 12 * 3600
    assert settings.SESSION_COOKIE_HTTPONLY is True
    assert settings.AXES_FAILURE_LIMIT == 5
    names = {v["NAME"].rsplit(".", 1)[-1] for v in settings.AUTH_PASSWORD_VALIDATORS}
    assert {"MinimumLengthValidator", "CommonPasswordValidator"} <= names


def test_production_settings_pass_the_deploy_check() -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.prod"}
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests, never in production
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django;django.setup();from django.conf import settings as s;"
            "print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    hsts, session_secure, csrf_secure = probe.stdout.split()
    assert int(hsts) >= 31536000 and session_secure == "True" and csrf_secure == "True"
