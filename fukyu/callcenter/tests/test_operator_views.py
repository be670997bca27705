"""The operator's screen, saving with and without JavaScript, and the home panel."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client, override_settings

from fukyu.accounts.models import User
from fukyu.audit.models import AuditEvent
from fukyu.callcenter.models import Caller, Inquiry
from fukyu.callcenter.tests.factories import category, make_faq, mini_app
from fukyu.core.models import Contract

pytestmark = pytest.mark.usefixtures("contract")


def form_data(contract: Contract, **extra: Any) -> dict[str, Any]:
    data = {
        "summary": "ポケットサインのインストール方法を知りたい",
        "answer": "App Store または Google Play で「ポケットサイン」と検索するよう案内",
        "outcome": "resolved",
        "category": category(contract, "install").pk,
        "mini_app": "",
        "municipality": "いしの",
        "age_group": "70s",
        "device_os": "android",
        "channel": "phone",
        "form_key": "0" * 32,
        "handle_seconds": "185",
    }
    data.update(extra)
    return data


@override_settings(FUKYU_TODAY="2024-11-06")
def test_operator_page_has_the_form_timer_and_faq_panel(
    make_user: Callable[..., User], login: Callable[[User], Client]
) -> None:
    response = login(make_user("operator")).get("/ops/callcenter/")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="call-timer"' in body and "callcenter/operator.js" in body
    assert 'data-url="/api/v1/faq/search"' in body
    data = re.search(r'id="municipality-data" type="application/json">(.*?)</script>', body)
    assert data is not None
    assert {"code": "042021", "name": "石巻市", "kana": "いしのまきし", "region": "石巻"} in (
        json.loads(data[1])
    )
    assert "<script>" not in body and "style=" not in body  # CSP: no inline script or style


@override_settings(FUKYU_TODAY="2024-11-06")
def test_save_redirects_to_a_blank_form_showing_the_number(
    contract: Contract, make_user: Callable[..., User], login: Callable[[User], Client]
) -> None:
    op = make_user("operator")
    client = login(op)
    faq = make_faq(contract)
    response = client.post("/ops/callcenter/", form_data(contract, faq=faq.pk), follow=True)
    assert response.status_code == 200
    inquiry = Inquiry.objects.get()
    assert inquiry.municipality is not None and inquiry.municipality.name == "石巻市"
    assert (inquiry.operator, inquiry.handle_seconds, inquiry.faq) == (op, 185, faq)
    body = response.content.decode()
    saved = re.search(r'id="saved-number">(.*?)</p>', body, re.S)
    assert saved is not None and inquiry.number in saved[1] and inquiry.number == "R6-000001"
    assert 'value="ポケットサイン' not in body  # the form is blank again
    assert AuditEvent.objects.filter(action="inquiry.create").count() == 1


@override_settings(FUKYU_TODAY="2024-11-06")
def test_double_submit_saves_once(
    contract: Contract, make_user: Callable[..., User], login: Callable[[User], Client]
) -> None:
    client = login(make_user("operator"))
    key = "ab" * 16
    client.post("/ops/callcenter/", form_data(contract, form_key=key))
    client.post("/ops/callcenter/", form_data(contract, form_key=key))
    assert Inquiry.objects.count() == 1


@override_settings(FUKYU_TODAY="2024-11-06")
def test_without_javascript_the_time_comes_from_the_form(
    contract: Contract, make_user: Callable[..., User], login: Callable[[User], Client]
) -> None:
    client = login(make_user("operator"))
    data = form_data(contract, handle_seconds="", opened_at=str(time.time() - 95))
    client.post("/ops/callcenter/", data)
    seconds = Inquiry.objects.get().handle_seconds
    assert seconds is not None and 94 <= seconds <= 100


@override_settings(FUKYU_TODAY="2024-11-06")
def test_callback_keeps_the_caller_apart(
    contract: Contract, make_user: Callable[..., User], login: Callable[[User], Client]
) -> None:
    client = login(make_user("operator"))
    missing = client.post("/ops/callcenter/", form_data(contract, outcome="callback"))
    assert missing.status_code == 200
    assert "問い合わせ者の氏名が必要です" in missing.content.decode()
    assert Inquiry.objects.count() == 0
    client.post(
        "/ops/callcenter/",
        form_data(
            contract,
            outcome="escalation",
            caller_name="涌谷 三郎",
            caller_phone="0229-11-2222",
            mini_app=mini_app(contract).pk,
        ),
    )
    caller = Caller.objects.get()
    assert caller.name == "涌谷 三郎" and caller.inquiry.outcome == "escalation"


@override_settings(FUKYU_TODAY="2024-11-06")
@pytest.mark.parametrize(
    ("typed", "error"),
    [("東京", "当てはまる市町村がありません"), ("し", "候補が複数あります")],
)
def test_municipality_must_be_found(
    contract: Contract,
    make_user: Callable[..., User],
    login: Callable[[User], Client],
    typed: str,
    error: str,
) -> None:
    response = login(make_user("operator")).post(
        "/ops/callcenter/", form_data(contract, municipality=typed)
    )
    assert error in response.content.decode()
    assert Inquiry.objects.count() == 0


@override_settings(FUKYU_TODAY="2024-11-06")
def test_home_panels(
    contract: Contract, make_user: Callable[..., User], login: Callable[[User], Client]
) -> None:
    op = make_user("operator")
    client = login(op)
    client.post("/ops/callcenter/", form_data(contract, outcome="resolved"))
    body = client.get("/ops/").content.decode()
    assert "本日の受付" in body and "1件（あなた 1件）" in body and "電話受付を開く" in body
    assert "折り返し必要：" not in body
    sv_body = login(make_user("supervisor")).get("/ops/").content.decode()
    assert "解決：1件" in sv_body and "折り返し必要：0件" in sv_body
    assert "本日の受付" not in login(make_user("outreach")).get("/ops/").content.decode()
