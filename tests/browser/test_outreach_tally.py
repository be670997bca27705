"""Event staff tap on a phone while the venue's link is down: the taps wait on the device,
go out when the link returns, and count exactly once, even when the same batch is resent."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from conftest import TEST_PASSWORD
from fukyu.accounts.models import User
from fukyu.accounts.services import totp_device_create
from fukyu.core.services import contract_load
from fukyu.outreach.models import Tap
from fukyu.outreach.tests.factories import EventFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(
    os.environ.get("FUKYU_SCREENSHOT_DIR", str(Path(settings.BASE_DIR) / "var" / "screenshots"))
)
RESEND = """
async ([url, taps]) => {
  const csrf = document.getElementById("tally").dataset.csrf;
  const response = await fetch(url, {
    method: "POST",
    credentials: "same-origin",
    headers: {"Content-Type": "application/json", "X-CSRFToken": csrf},
    body: JSON.stringify({taps: taps}),
  });
  return [response.status, await response.json()];
}
"""


def sign_in(page: Any, base: str, user: User) -> None:
    device = totp_device_create(user=user, confirmed=True)
    assert isinstance(device, TOTPDevice)
    page.goto(f"{base}/ops/login/")
    page.get_by_label("利用者名").fill(user.username)
    page.get_by_label("パスワード").fill(TEST_PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_url("**/ops/2fa/**")
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    page.get_by_label("確認コード（6桁）").fill(f"{code:06d}")
    page.get_by_role("button", name="確認").click()
    page.wait_for_url(f"{base}/ops/")


def test_taps_queue_offline_and_count_once(
    live_server: Any, page: Any, make_user: Callable[..., User]
) -> None:
    contract = contract_load(path=settings.FUKYU_DEFAULT_CONTRACT)
    event = EventFactory(contract=contract, title="テスト体験会")
    sign_in(page, live_server.url, make_user("outreach", username="tanaka"))
    page.set_viewport_size({"width": 390, "height": 844})
    url = f"{live_server.url}/ops/outreach/events/{event.pk}/tally/"
    page.goto(url)
    page.wait_for_selector("#tally[data-ready='1']")
    expect(page.locator("#net")).to_have_text("オンライン")
    # The service worker takes over and keeps a copy of the page for reloads without a link.
    page.wait_for_function(
        "() => navigator.serviceWorker.controller !== null"
        " && caches.match(location.href).then((hit) => !!hit)"
    )

    context = page.context
    context.set_offline(True)
    page.locator("label", has_text="70代").click()
    page.locator("label", has_text="Android").click()
    page.get_by_role("button", name="インストールまで完了").click()
    page.get_by_role("button", name="説明した").click()
    page.get_by_role("button", name="説明した").click()
    expect(page.locator("#pending")).to_have_text("3")
    expect(page.locator("#net")).to_contain_text("オフライン")
    # Undo the last tap while it is still on the device, then tap once more.
    page.get_by_role("button", name="直前の記録を取り消す").click()
    expect(page.locator("#pending")).to_have_text("2")
    page.get_by_role("button", name="インストールまで完了").click()
    expect(page.locator("#pending")).to_have_text("3")
    assert Tap.objects.count() == 0

    # A reload without a link: the page comes from the service worker, the queue from IndexedDB.
    page.reload()
    page.wait_for_selector("#tally[data-ready='1']")
    expect(page.locator("#pending")).to_have_text("3")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "outreach-tally-offline.png"), full_page=True)

    context.set_offline(False)
    expect(page.locator("#pending")).to_have_text("0", timeout=20000)
    expect(page.locator("#total-explained")).to_have_text("3")
    expect(page.locator("#total-installed")).to_have_text("2")
    taps = list(Tap.objects.filter(event=event).order_by("at"))
    assert len(taps) == 3
    assert sorted(t.kind for t in taps) == ["explained", "installed", "installed"]
    assert (taps[0].kind, taps[0].age_group, taps[0].os) == ("installed", "70s", "android")
    assert taps[1].age_group == ""  # attributes reset after each tap

    # The same batch sent again (a device that never saw the answer) counts nobody twice.
    batch = [{"uuid": str(t.uuid), "kind": t.kind, "at": t.at.isoformat()} for t in taps]
    status, answer = page.evaluate(RESEND, [f"/api/v1/events/{event.pk}/tally", batch])
    assert status == 200
    assert (answer["accepted"], answer["duplicates"]) == (0, 3)
    assert Tap.objects.filter(event=event).count() == 3

    # Undo of a tap that already reached the server voids it there.
    page.get_by_role("button", name="直前の記録を取り消す").click()
    expect(page.locator("#total-installed")).to_have_text("1", timeout=20000)
    expect(page.locator("#pending")).to_have_text("0")
    voided = Tap.objects.get(event=event, voided_at__isnull=False)
    assert voided.kind == "installed"
    assert Tap.objects.filter(event=event, voided_at__isnull=True).count() == 2
    page.screenshot(path=str(SHOTS / "outreach-tally.png"), full_page=True)
