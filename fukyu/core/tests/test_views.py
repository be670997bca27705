"""The staff home page and the administrator's settings screens."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client, override_settings

from fukyu.accounts.models import User
from fukyu.audit.models import AuditEvent
from fukyu.core.models import Contract, InquiryCategory, MiniApp


@override_settings(FUKYU_TODAY="2024-11-04")
def test_home_says_why_the_center_is_closed(
    contract: Contract, make_user: Callable[..., User], login: Callable[[User], Client]
) -> None:
    body = login(make_user("supervisor")).get("/ops/").content.decode()
    assert "本日は休業です：祝日（振替休日）" in body
    assert "次の開設日：令和6年11月5日（火）" in body
    assert "令和7年3月31日" in body  # contract end, in 和暦


@override_settings(FUKYU_TODAY="2024-12-30")
def test_home_year_end(
    contract: Contract, make_user: Callable[..., User], login: Callable[[User], Client]
) -> None:
    body = login(make_user("operator")).get("/ops/").content.decode()
    assert "本日は休業です：年末年始" in body
    assert "次の開設日：令和7年1月4日（土）" in body


@override_settings(FUKYU_TODAY="2024-11-09")
def test_home_open_saturday_and_next_due(
    contract: Contract, make_user: Callable[..., User], login: Callable[[User], Client]
) -> None:
    body = login(make_user("client")).get("/ops/").content.decode()
    assert "本日は開設日です" in body
    assert "本日は県の閉庁日です" in body
    assert "普及キャンペーン開始" in body
    assert "あと22日" in body  # 2024-12-01


def test_manager_adds_a_mini_app_mid_year(
    contract: Contract, make_user: Callable[..., User], login: Callable[[User], Client]
) -> None:
    client = login(make_user("manager"))
    response = client.post(
        "/ops/settings/mini-apps/new/",
        {
            "code": "miyagi_bosai",
            "name": "みやぎ防災",
            "short_name": "みやぎ防災",
            "description": "自然災害時の避難支援",
            "available_from": "2024-11-18",
            "order": "4",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    app = MiniApp.objects.get(contract=contract, code="miyagi_bosai")
    assert str(app.available_from) == "2024-11-18"
    assert AuditEvent.objects.filter(action="mini_app.create", object_id=str(app.pk)).exists()
    # It is immediately offered by the API.
    assert "miyagi_bosai" in client.get("/api/v1/mini-apps").content.decode()
    duplicate = client.post(
        "/ops/settings/mini-apps/new/", {"code": "miyagi_bosai", "name": "重複", "order": "5"}
    )
    assert duplicate.status_code == 200
    assert MiniApp.objects.filter(code="miyagi_bosai").count() == 1


def test_category_rename_keeps_code_and_is_audited(
    contract: Contract, make_user: Callable[..., User], login: Callable[[User], Client]
) -> None:
    client = login(make_user("manager"))
    category = InquiryCategory.objects.get(contract=contract, code="install")
    response = client.post(
        f"/ops/settings/categories/{category.pk}/",
        {"code": "changed", "name": "アプリの入手方法", "order": "0", "is_active": "on"},
    )
    assert response.status_code == 302
    category.refresh_from_db()
    assert (category.code, category.name) == ("install", "アプリの入手方法")
    event = AuditEvent.objects.get(action="category.update")
    assert event.changes == {"name": ["インストール・アプリの入手", "アプリの入手方法"]}
    assert "アプリの入手方法" in client.get("/ops/audit/").content.decode()
