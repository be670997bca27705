"""A privacy officer reports an incident with the keyboard; the client sees it on the home page.
No page breaks the Content-Security-Policy."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from conftest import verified_login
from fukyu.accounts.models import User
from fukyu.core.services import contract_load
from fukyu.privacy.models import Incident

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(
    os.environ.get("FUKYU_SCREENSHOT_DIR", str(Path(settings.BASE_DIR) / "var" / "screenshots"))
)


def signed_in(browser: Any, live_server: Any, user: User) -> tuple[Any, list[str]]:
    client = verified_login(Client(), user)
    context = browser.new_context(locale="ja-JP", timezone_id="Asia/Tokyo")
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    violations: list[str] = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    return page, violations


def test_incident_reported_and_seen_by_the_client(
    live_server: Any, browser: Any, make_user: Callable[..., User]
) -> None:
    contract_load(path=settings.FUKYU_DEFAULT_CONTRACT)
    officer = make_user("privacy_officer", display_name="個人 情報")
    client_user = make_user("client", email="tantou@pref.example.lg.jp")
    page, violations = signed_in(browser, live_server, officer)
    page.goto(f"{live_server.url}/ops/privacy/")
    page.get_by_role("link", name="事故", exact=True).click()
    page.get_by_role("link", name="事故を報告する").click()
    page.get_by_label("件名").fill("折り返し依頼票のFAX誤送信")
    page.get_by_label("発生状況（何が起きたか）").fill("依頼票1枚を誤った番号へ送信した")
    page.get_by_label("漏えい等した個人情報の内容（項目）").fill("氏名・電話番号")
    page.get_by_label("影響を受けた人数").fill("1")
    page.get_by_label("件数（レコード数）").fill("1")
    page.get_by_label("発生場所").fill("仙台コールセンター")
    page.get_by_label("発見日時").fill("2025-01-15T10:30")
    page.get_by_role("button", name="登録して発注者に通知する").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/ops/privacy/incidents/\d+/$"))
    assert page.get_by_role("heading", name="対応の経過").is_visible()
    assert page.get_by_text("メールで通知しました（宛先: tantou@pref.example.lg.jp）").is_visible()
    incident = Incident.objects.get()
    assert incident.notified_at is not None
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "privacy_incident.png"), full_page=True)
    page.context.close()

    client_page, client_violations = signed_in(browser, live_server, client_user)
    client_page.goto(f"{live_server.url}/ops/")
    assert client_page.get_by_text("対応中の事故があります（1件）").is_visible()
    client_page.get_by_role("link", name="事故 第").first.click()
    assert client_page.get_by_role("link", name="報告書（PDF）").is_visible()
    client_page.goto(f"{live_server.url}/ops/privacy/access-log/")
    assert client_page.get_by_role("heading", name="個人情報アクセスログ").is_visible()
    client_page.context.close()
    assert violations == [] and client_violations == []
