"""A new user signs in with a password and a TOTP code, and sees the home page for their role."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import TEST_PASSWORD
from fukyu.accounts.models import User
from fukyu.core.services import contract_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(
    os.environ.get("FUKYU_SCREENSHOT_DIR", str(Path(settings.BASE_DIR) / "var" / "screenshots"))
)


def code_for(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_first_login_sets_up_two_factor_and_lands_home(
    live_server: Any, page: Any, make_user: Callable[..., User]
) -> None:
    contract_load(path=settings.FUKYU_DEFAULT_CONTRACT)
    make_user("supervisor", username="yamada", display_name="山田 花子")
    page.goto(f"{live_server.url}/ops/")
    page.get_by_label("利用者名").fill("yamada")
    page.get_by_label("パスワード").fill(TEST_PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_url("**/ops/2fa/**")
    assert page.get_by_text("QRコードを読み取れない場合").is_visible()
    secret = page.locator("code.secret").inner_text()
    device = TOTPDevice.objects.get(user__username="yamada")
    assert len(secret) >= 32
    page.get_by_label("確認コード（6桁）").fill(code_for(device))
    page.get_by_role("button", name="確認").click()
    page.wait_for_url(f"{live_server.url}/ops/")
    assert page.get_by_role("heading", name="スーパーバイザーのホーム").is_visible()
    assert page.get_by_role("heading", name="コールセンター").is_visible()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=str(SHOTS / "home.png"), full_page=True)
