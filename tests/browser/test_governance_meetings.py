"""A manager drafts a meeting record in the browser (adding rows with the keyboard), submits it,
and the client confirms it; the work plan shows its Gantt chart."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import Client

from conftest import verified_login
from fukyu.accounts.models import User
from fukyu.core.services import contract_load
from fukyu.governance.models import Meeting, PlanTask, WorkItem
from fukyu.governance.services import plan_task_save, work_item_save, work_plan_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(
    os.environ.get(
        "FUKYU_SCREENSHOT_DIR", str(Path(django_settings.BASE_DIR) / "var" / "screenshots")
    )
)


def sign_in(page: Any, live_server: Any, user: User) -> None:
    client = verified_login(Client(), user)
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


def test_meeting_drafted_submitted_and_confirmed(
    live_server: Any, page: Any, make_user: Callable[..., User], tmp_path: Path, settings: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    contract = contract_load(path=settings.FUKYU_DEFAULT_CONTRACT)
    manager = make_user("manager", display_name="受注 花子")
    client = make_user("client", display_name="県職員 一郎")
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server, manager)
    page.goto(f"{live_server.url}/ops/governance/meetings/new/")
    page.get_by_label("件名").fill("業務着手時の打合せ")
    page.get_by_label("日時").fill("2024-09-10T10:00")
    page.get_by_label("場所").fill("県庁 第3会議室")
    page.get_by_label("協議内容").fill("業務実施計画書の案を説明した。")
    page.get_by_label("決定事項").fill("ポスターは案Bとする。")
    page.locator("#id_att-0-name").fill("県職員 一郎")
    page.locator("#id_att-1-name").fill("受注 花子")
    page.get_by_role("button", name="出席者の行を追加").click()
    focused = page.evaluate("document.activeElement.id")
    assert focused == "id_att-2-side"
    page.keyboard.press("Tab")
    page.keyboard.type("課長 三郎")
    page.locator("#id_act-0-description").fill("FAQ案を提出する")
    page.locator("#id_act-0-due_on").fill("2024-09-20")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url("**/ops/governance/meetings/*/")
    meeting = Meeting.objects.get()
    assert [a.name for a in meeting.attendees.all()] == ["県職員 一郎", "受注 花子", "課長 三郎"]
    page.get_by_role("button", name="発注者に提出（受注者確認）").click()
    assert page.get_by_text("発注者に提出しました").is_visible()

    sign_in(page, live_server, client)
    page.goto(f"{live_server.url}/ops/")
    page.get_by_role("link", name="打合せ記録 第1号「業務着手時の打合せ」").click()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "governance_meeting_confirm.png"), full_page=True)
    page.get_by_label("コメント（任意）").fill("確認しました")
    page.get_by_role("button", name="確認する").click()
    assert page.get_by_text("記録は確定し").is_visible()
    meeting.refresh_from_db()
    assert meeting.status == "confirmed"
    assert page.get_by_text(meeting.content_sha256).is_visible()

    plan = work_plan_create(actor=manager, contract=contract)
    item = work_item_save(actor=manager, item=WorkItem(plan=plan, title="WEBサイトの制作"))
    design = plan_task_save(
        actor=manager,
        task=PlanTask(
            plan=plan,
            work_item=item,
            name="デザイン案",
            starts_on=dt.date(2024, 9, 2),
            ends_on=dt.date(2024, 9, 20),
        ),
        depends_on=[],
    )
    plan_task_save(
        actor=manager,
        task=PlanTask(
            plan=plan,
            work_item=item,
            name="サイト開設",
            kind="milestone",
            starts_on=dt.date(2024, 10, 1),
            ends_on=dt.date(2024, 10, 1),
        ),
        depends_on=[design],
    )
    sign_in(page, live_server, manager)
    page.goto(f"{live_server.url}/ops/governance/plan/")
    assert page.locator("svg.gantt rect").count() > 3
    assert page.locator("svg.gantt polygon").count() == 1
    page.screenshot(path=str(SHOTS / "governance_plan.png"), full_page=True)


def test_roster_change_waits_for_the_notice(
    live_server: Any, page: Any, make_user: Callable[..., User], tmp_path: Path, settings: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    contract_load(path=settings.FUKYU_DEFAULT_CONTRACT)
    manager = make_user("manager", display_name="受注 花子")
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server, manager)
    page.goto(f"{live_server.url}/ops/governance/roster/")
    page.get_by_role("link", name="業務従事者を追加").click()
    page.get_by_label("氏名").fill("責任 太郎")
    page.get_by_label("所属").fill("受注者 本社")
    page.get_by_label("役割").fill("業務責任者")
    page.get_by_label("個人情報管理責任者").check()
    page.get_by_role("button", name="保存").click()
    page.wait_for_url("**/ops/governance/roster/")
    assert page.get_by_text("発注者への事前報告を記録してから反映してください").is_visible()
    assert page.get_by_role("button", name="名簿に反映").count() == 0
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "governance_roster_pending.png"), full_page=True)
    page.get_by_role("link", name="発注者への報告（届）を記録する").click()
    page.get_by_role("button", name="報告を記録する").click()
    page.wait_for_url("**/ops/governance/roster/notices/*/")
    assert page.get_by_role("heading", name="業務従事者等届（第1号）").is_visible()
    page.goto(f"{live_server.url}/ops/governance/roster/")
    page.get_by_role("button", name="名簿に反映").click()
    assert page.get_by_text("名簿に反映しました").is_visible()
    page.screenshot(path=str(SHOTS / "governance_roster.png"), full_page=True)
    page.goto(f"{live_server.url}/ops/governance/")
    page.screenshot(path=str(SHOTS / "governance_index.png"), full_page=True)
