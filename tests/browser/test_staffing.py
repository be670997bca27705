"""A supervisor reads the staffing plan, edits its settings with the keyboard, runs the
simulation and looks at actual against forecast."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.test import Client, override_settings

from conftest import verified_login
from fukyu.accounts.models import User
from fukyu.core.services import contract_load
from fukyu.staffing.models import StaffingSettings
from fukyu.staffing.tests.factories import at, make_inquiries

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(
    os.environ.get("FUKYU_SCREENSHOT_DIR", str(Path(settings.BASE_DIR) / "var" / "screenshots"))
)


def sign_in(page: Any, live_server: Any, user: User) -> None:
    client = verified_login(Client(), user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "domain": urlparse(live_server.url).hostname,
                "path": "/",
            }
        ]
    )


@override_settings(FUKYU_TODAY="2024-11-07")
def test_supervisor_staffing_journey(
    live_server: Any, page: Any, make_user: Callable[..., User]
) -> None:
    contract = contract_load(path=settings.FUKYU_DEFAULT_CONTRACT)
    supervisor = make_user("supervisor", username="sato", display_name="佐藤 一郎")
    make_inquiries(
        contract,
        make_user("operator"),
        [at("2024-11-05", "10:35")] * 60 + [at("2024-11-06", "11:10")] * 20,
    )
    sign_in(page, live_server, supervisor)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto(f"{live_server.url}/ops/")
    panel = page.locator("section", has=page.get_by_role("heading", name="人員計画", exact=True))
    assert panel.get_by_text("本日のピーク：席数").is_visible()
    assert panel.get_by_text("計画内").is_visible()  # 11-06 had 20 calls in one interval
    panel.screenshot(path=str(SHOTS / "staffing_home_panel.png"))
    panel.get_by_role("link", name="人員計画を開く").click()
    assert page.get_by_role("heading", name="人員計画（コールセンター）").is_visible()
    assert page.get_by_role("heading", name="令和6年11月7日（木）の30分ごとの計画").is_visible()
    assert page.locator("svg.chart").count() == 3
    assert page.get_by_role("img", name="開設日ごとのピーク必要人数（シーズン全体）").is_visible()
    page.screenshot(path=str(SHOTS / "staffing_plan.png"), full_page=True)

    # Choose another day with the keyboard only.
    day = page.get_by_label("表示する日")
    day.focus()
    day.fill("2025-01-14")
    page.keyboard.press("Enter")
    page.wait_for_url("**/ops/staffing/?date=2025-01-14")
    assert page.get_by_role("heading", name="令和7年1月14日（火）の30分ごとの計画").is_visible()

    # Settings: change the AHT and save with the keyboard.
    page.get_by_role("link", name="設定・繁忙日", exact=True).click()
    aht = page.get_by_label("平均処理時間（秒）")
    aht.fill("420")
    aht.press("Enter")
    assert page.get_by_text("人員計画の設定を保存しました").is_visible()
    assert StaffingSettings.objects.get(contract=contract).aht_seconds == 420
    page.screenshot(path=str(SHOTS / "staffing_settings.png"), full_page=True)

    # Simulation of the default day.
    page.get_by_role("link", name="シミュレーション", exact=True).click()
    page.get_by_role("button", name="実行").click()
    assert page.get_by_role("heading", name="令和6年11月7日（木）の結果").is_visible()
    assert page.get_by_role("rowheader", name="アーランC（計画の前提）").is_visible()
    page.screenshot(path=str(SHOTS / "staffing_simulation.png"), full_page=True)

    # Actual against forecast: 11-05 was short.
    page.get_by_role("link", name="実績と予測", exact=True).click()
    assert page.get_by_role("heading", name="月別の再予測").is_visible()
    assert page.get_by_text("計画不足", exact=False).first.is_visible()
    page.get_by_role("link", name="令和6年11月5日（火）").click()
    assert page.get_by_role("heading", name="令和6年11月5日（火）の30分ごとの実績").is_visible()
    page.screenshot(path=str(SHOTS / "staffing_actuals.png"), full_page=True)
