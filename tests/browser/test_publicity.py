"""The publicity staff present two drafts; the client compares them side by side and picks one
with the keyboard; the staff submit a proof, the client comments on a page and approves it."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from conftest import verified_login
from fukyu.accounts.models import User
from fukyu.core.services import contract_load
from fukyu.publicity.models import DesignItem
from fukyu.publicity.tests.factories import jpeg_bytes, pdf_bytes, png_bytes, print_run

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(
    os.environ.get("FUKYU_SCREENSHOT_DIR", str(Path(settings.BASE_DIR) / "var" / "screenshots"))
)


def signed_in(browser: Any, live_server: Any, user: User) -> Any:
    """A browser page carrying the session of a verified login (the login itself is covered by
    test_login_journey)."""
    client = verified_login(Client(), user)
    context = browser.new_context(locale="ja-JP", timezone_id="Asia/Tokyo")
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    page.set_viewport_size({"width": 1280, "height": 900})
    return page


def test_drafts_side_by_side_pick_proof_and_approve(
    live_server: Any,
    browser: Any,
    make_user: Callable[..., User],
    tmp_path: Path,
    settings: Any,
) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    contract_load(path=settings.FUKYU_DEFAULT_CONTRACT)
    staff = make_user("publicity", display_name="広報 太郎")
    client = make_user("client", display_name="県 花子")
    files = {
        "a.png": png_bytes(color="navy"),
        "b.jpg": jpeg_bytes(color="orange"),
        "proof.pdf": pdf_bytes(2),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)

    page = signed_in(browser, live_server, staff)
    page.goto(f"{live_server.url}/ops/publicity/items/new/")
    page.get_by_label("種類").select_option("poster")
    page.get_by_label("名称").fill("キャンペーンポスター")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url("**/ops/publicity/items/*/")
    for name in ("a.png", "b.jpg"):
        page.get_by_label("ファイル（PDF・PNG・JPEG）").set_input_files(str(tmp_path / name))
        with page.expect_navigation():
            page.get_by_role("button", name="登録する").click()
    with page.expect_navigation():
        page.get_by_role("button", name="デザイン案を発注者に提示する").click()
    assert page.get_by_text("デザイン案を発注者に提示しました").is_visible()
    item = DesignItem.objects.get(title="キャンペーンポスター")

    client_page = signed_in(browser, live_server, client)
    client_page.goto(f"{live_server.url}/ops/publicity/items/{item.pk}/")
    figures = client_page.locator("figure.draft")
    assert figures.count() == 2
    first, second = figures.nth(0).bounding_box(), figures.nth(1).bounding_box()
    assert first["y"] == second["y"] and second["x"] > first["x"] + first["width"]  # side by side
    for img in client_page.locator("figure.draft img").all():
        assert img.evaluate("i => i.complete && i.naturalWidth > 0")
    SHOTS.mkdir(parents=True, exist_ok=True)
    client_page.screenshot(path=str(SHOTS / "publicity-drafts.png"), full_page=True)
    # Keyboard only: choose B案, move to the button, press Enter.
    client_page.get_by_label("B案").focus()
    client_page.keyboard.press("Space")
    client_page.keyboard.press("Tab")
    client_page.keyboard.press("Tab")
    assert client_page.evaluate("document.activeElement.textContent") == "この案を採用する"
    with client_page.expect_navigation():
        client_page.keyboard.press("Enter")
    assert client_page.get_by_text("「B案」を採用しました").is_visible()
    item.refresh_from_db()
    assert item.selected_draft is not None and item.selected_draft.label == "B案"

    page.goto(f"{live_server.url}/ops/publicity/items/{item.pk}/")
    page.get_by_label("ファイル（PDF・PNG・JPEG）").set_input_files(str(tmp_path / "proof.pdf"))
    page.get_by_role("button", name="発注者に提出する").click()
    page.wait_for_url("**/ops/publicity/rounds/*/")

    client_page.goto(page.url)
    client_page.get_by_role("spinbutton", name="ページ").fill("2")
    client_page.get_by_label("指摘内容").fill("電話番号の字を大きく")
    with client_page.expect_navigation():
        client_page.get_by_role("button", name="指摘を登録する").click()
    assert client_page.get_by_role("heading", name="2ページ").is_visible()
    with client_page.expect_navigation():
        client_page.get_by_role("button", name="承認する（校了）").click()
    assert client_page.get_by_text("変更・差し替えはできません").is_visible()
    client_page.screenshot(path=str(SHOTS / "publicity-proof.png"), full_page=True)
    item.refresh_from_db()
    assert item.status == DesignItem.Status.APPROVED


def test_print_run_distribution_screens(
    live_server: Any,
    browser: Any,
    make_user: Callable[..., User],
    tmp_path: Path,
    settings: Any,
) -> None:
    """Publicity staff plan copies for a municipality with the keyboard, record a shipment and
    read the regional summary."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.FUKYU_TODAY = "2024-12-10"
    contract = contract_load(path=settings.FUKYU_DEFAULT_CONTRACT)
    staff, client = make_user("publicity"), make_user("client")
    run = print_run(contract, staff, client, quantity=500)
    page = signed_in(browser, live_server, staff)
    page.goto(f"{live_server.url}/ops/publicity/print-runs/{run.pk}/plan/")
    page.get_by_label("石巻市").fill("120")
    page.get_by_label("仙台市").fill("200")
    with page.expect_navigation():
        page.get_by_label("仙台市").press("Enter")
    assert page.get_by_text("市町村への配布計画を保存しました").is_visible()
    page.get_by_label("配布先").select_option(label="石巻市")
    page.get_by_label("発送部数").fill("120")
    page.get_by_label("発送日").fill("2024-11-20")
    with page.expect_navigation():
        page.get_by_role("button", name="記録する").first.click()
    assert page.get_by_text("石巻市への発送を記録しました").is_visible()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "publicity-print-run.png"), full_page=True)
    page.goto(f"{live_server.url}/ops/publicity/distribution/")
    row = page.get_by_role("row", name="石巻")
    assert "120" in row.inner_text()
    page.screenshot(path=str(SHOTS / "publicity-distribution.png"), full_page=True)
