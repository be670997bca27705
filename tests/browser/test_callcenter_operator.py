"""An operator logs three calls from the keyboard, using the FAQ panel (Playwright, chromium)."""

from __future__ import annotations

import os
from collections.abc import Callable
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from playwright.sync_api import expect

from conftest import verified_login
from fukyu.accounts.models import User
from fukyu.callcenter.models import Caller, FaqEntry, Inquiry
from fukyu.core.services import contract_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(
    os.environ.get("FUKYU_SCREENSHOT_DIR", str(Path(settings.BASE_DIR) / "var" / "screenshots"))
)
FAQ_FILE = Path(settings.BASE_DIR) / "fukyu/callcenter/fixtures/faq_pocketsign_synthetic.csv"


def sign_in(page: Any, live_server: Any, user: User) -> None:
    client = verified_login(Client(), user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def wait_saved(page: Any, number: str) -> None:
    expect(page.locator("#saved-number")).to_contain_text(number)


def test_operator_logs_three_calls_with_the_keyboard(
    live_server: Any, page: Any, make_user: Callable[..., User]
) -> None:
    contract_load(path=settings.FUKYU_DEFAULT_CONTRACT)
    call_command("import_faq", str(FAQ_FILE), stdout=StringIO())
    operator = make_user("operator", username="sato", display_name="佐藤 オペ")
    sign_in(page, live_server, operator)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/ops/callcenter/")
    assert page.get_by_role("heading", name="電話受付").is_visible()
    expect(page.locator("#call-timer")).not_to_have_text("0:00", timeout=5000)
    assert page.locator("#caller-fields").is_hidden()  # only for callbacks and escalations

    # Call 1: the summary searches the FAQ as it is typed; Alt+1 takes the first answer.
    summary = page.locator("#id_summary")
    assert summary.evaluate("el => el === document.activeElement")
    summary.press_sequentially("ＰＩＮ4桁を忘れた")
    first = page.locator("#faq-results li").first
    expect(first).to_contain_text("利用者証明用の暗証番号（4桁）を忘れました")
    page.keyboard.press("Alt+1")
    assert "市区町村の窓口" in page.locator("#id_answer").input_value()
    assert page.locator("#faq-linked").is_visible()
    page.locator("#id_municipality").press_sequentially("いしの")
    page.locator("#municipality-list [role=option]").first.wait_for()
    page.keyboard.press("Enter")  # picks 石巻市 from the list, does not save
    assert page.locator("#id_municipality").input_value() == "石巻市"
    page.locator("#id_age_group").select_option("70s")
    summary.press("Enter")
    wait_saved(page, "R6-000001")
    SHOTS.mkdir(parents=True, exist_ok=True)

    # Call 2: search in the panel, choose the result with the arrow keys, escalate.
    page.locator("#id_summary").fill("原発のアプリが見つからない")
    page.keyboard.press("Alt+q")
    page.keyboard.type("原子力 表示されない")
    expect(page.locator("#faq-results")).to_contain_text("原子力防災のミニアプリが表示されません")
    hits = page.locator("#faq-results li").all_inner_texts()
    position = next(i for i, t in enumerate(hits) if "原子力防災のミニアプリが表示されません" in t)
    for _ in range(position):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    assert "30km" in page.locator("#id_answer").input_value()
    page.get_by_label("エスカレーション必要").check()
    assert page.locator("#caller-fields").is_visible()
    page.get_by_label("問い合わせ者の氏名").fill("女川 太郎")
    phone = page.get_by_label("折り返し先の電話番号")
    phone.fill("0225-00-1234")
    page.screenshot(path=str(SHOTS / "callcenter_operator.png"), full_page=True)
    phone.press("Enter")
    wait_saved(page, "R6-000002")

    # Call 3: no FAQ; the category is chosen from the keyboard; Enter in the answer saves.
    page.locator("#id_summary").fill("相談会で使い方を教えてほしい")
    page.locator("#id_category").select_option(label="キャンペーン・イベント")
    answer = page.locator("#id_answer")
    answer.fill("キャンペーンサイトの相談会日程を案内")
    answer.press("Shift+Enter")  # a new line, not a save
    answer.press_sequentially("（仙台会場）")
    answer.press("Enter")
    wait_saved(page, "R6-000003")

    inquiries = {i.number: i for i in Inquiry.objects.select_related("municipality", "faq")}
    assert set(inquiries) == {"R6-000001", "R6-000002", "R6-000003"}
    one, two, three = inquiries["R6-000001"], inquiries["R6-000002"], inquiries["R6-000003"]
    assert one.faq == FaqEntry.objects.get(question="利用者証明用の暗証番号（4桁）を忘れました")
    assert one.category.code == "mynumber_card"  # filled from the FAQ
    assert one.municipality is not None and one.municipality.name == "石巻市"
    assert one.age_group == "70s" and one.operator == operator
    assert one.handle_seconds is not None and one.handle_seconds >= 1
    assert two.outcome == "escalation" and two.faq is not None
    assert two.mini_app is not None and two.mini_app.code == "nuclear_evacuation"
    assert Caller.objects.get(inquiry=two).phone == "0225-00-1234"
    assert (
        three.faq is None and three.answer == "キャンペーンサイトの相談会日程を案内\n（仙台会場）"
    )
    assert page.locator(".op-recent tbody tr").count() == 3
