"""Journeys through a small synthetic demo season, taking the README's screenshots on the way.

Covered elsewhere (not repeated here): an operator logging calls with the FAQ
(test_callcenter_operator), offline tallying (test_outreach_tally), confirming minutes
(test_governance_meetings). Here: a supervisor reviews a day's inquiries, opens one, corrects
it and sees the correction in its history; the manager looks over the events of all regions; the client sees the minutes waiting
for confirmation on the home page.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.test import Client
from django.utils.timezone import localdate

from conftest import verified_login
from fukyu.accounts.models import User
from fukyu.callcenter.models import Inquiry
from fukyu.core import clock
from fukyu.core.management.commands import seed_demo
from fukyu.outreach.models import Event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# The README shows these; they are small viewport PNGs, overwritten on every run.
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture
def season(tmp_path: Path, monkeypatch: Any, settings: Any) -> None:
    """A mid-season state, as `make demo` shows it (the demo clock reads 2025-01-15)."""
    settings.FUKYU_TODAY = "2025-01-15"
    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setattr(seed_demo, "VAR_DIR", tmp_path)
    call_command("seed_demo", "--seed", "11", "--scale", "0.005")


def sign_in(page: Any, live_server: Any, username: str) -> None:
    client = verified_login(Client(), User.objects.get(username=username))
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    page.context.clear_cookies()
    page.context.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": cookie.value,
                "url": live_server.url,
            }
        ]
    )


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / name))


def test_supervisor_reviews_the_season_and_opens_an_inquiry(
    live_server: Any, page: Any, season: None
) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(page, live_server, "demo_supervisor")
    page.goto(f"{live_server.url}/ops/")
    assert page.get_by_role("heading", name="スーパーバイザーのホーム").is_visible()
    shot(page, "home_supervisor.png")

    # The season ends yesterday (by the demo clock): review that day's inquiries.
    newest = Inquiry.objects.order_by("-received_at", "-id").first()
    assert newest is not None
    day = localdate(newest.received_at)
    assert day == clock.today() - dt.timedelta(days=1)
    page.goto(f"{live_server.url}/ops/callcenter/inquiries/?date_from={day}&date_to={day}")
    assert page.get_by_role("heading", name="受付一覧").is_visible()
    link = page.get_by_role("link", name=newest.number, exact=True)
    assert link.is_visible()
    assert page.get_by_text("（合成）").first.is_visible()
    shot(page, "inquiry_list.png")

    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/ops/callcenter/inquiries/{newest.pk}/")
    assert page.get_by_role("heading", name=f"受付 {newest.number}").is_visible()
    assert page.get_by_role("heading", name="変更履歴").is_visible()
    assert page.get_by_text(newest.summary).first.is_visible()

    # The supervisor corrects the answer; the change shows in the inquiry's history.
    page.get_by_role("link", name="編集").click()
    page.wait_for_url(f"**/ops/callcenter/inquiries/{newest.pk}/edit/")
    page.get_by_label("回答内容").fill("市町村窓口での暗証番号の再設定を案内した。（合成・SV修正）")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url(f"**/ops/callcenter/inquiries/{newest.pk}/")
    history = page.locator("ol.history")
    assert "修正" in history.inner_text()
    assert "SV修正" in history.inner_text()
    newest.refresh_from_db()
    assert newest.answer.endswith("（合成・SV修正）")
    shot(page, "inquiry_detail.png")


def test_manager_sees_events_in_every_region(live_server: Any, page: Any, season: None) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(page, live_server, "demo_manager")
    page.goto(f"{live_server.url}/ops/outreach/")
    first = Event.objects.order_by("starts_at").first()
    assert first is not None
    assert page.get_by_text(first.title).first.is_visible()
    shot(page, "outreach_events.png")


def test_client_home_shows_minutes_awaiting_confirmation(
    live_server: Any, page: Any, season: None
) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(page, live_server, "demo_client")
    page.goto(f"{live_server.url}/ops/")
    assert page.get_by_role("heading", name="発注者（県）のホーム").is_visible()
    assert page.get_by_text("第4回定例打合せ（サンプル）").first.is_visible()
    shot(page, "home_client.png")
