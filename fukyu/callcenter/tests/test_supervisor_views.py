"""Supervisor screens: any day's inquiries with filters, details with history, edits, reveals."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from fukyu.accounts.models import User
from fukyu.audit.models import AuditEvent
from fukyu.callcenter.models import Inquiry
from fukyu.callcenter.tests.factories import category, make_inquiry, mini_app, municipality
from fukyu.core.calendar import TOKYO
from fukyu.core.models import Contract
from fukyu.privacy.models import AccessLogEntry

pytestmark = pytest.mark.usefixtures("contract", "demo_day")


@pytest.fixture
def demo_day(settings: Any) -> None:
    settings.FUKYU_TODAY = "2024-11-06"


# Just after midnight: the demo clock keeps the real time of day, so this is never "future".
DAY = dt.datetime(2024, 11, 6, 0, 1, tzinfo=TOKYO)


@pytest.fixture
def data(contract: Contract, make_user: Callable[..., User]) -> dict[str, Any]:
    a, b = (
        make_user("operator", display_name="青葉 一"),
        make_user("operator", display_name="泉 二"),
    )
    made = {
        "pin": make_inquiry(
            contract,
            a,
            received_at=DAY,
            category=category(contract, "mynumber_card"),
            summary="署名用の暗証番号がロックされた",
            municipality=municipality(contract, "042021"),
        ),
        "nuclear": make_inquiry(
            contract,
            b,
            received_at=DAY,
            mini_app=mini_app(contract),
            summary="原子力防災のミニアプリが見当たらない",
            outcome="escalation",
            caller_name="東松島 四郎",
            caller_phone="0225-55-6666",
            municipality=municipality(contract, "041009"),
        ),
        "yesterday": make_inquiry(
            contract, a, received_at=DAY - dt.timedelta(days=1), summary="前日の登録の質問"
        ),
    }
    made["a"], made["b"] = a, b
    return made


def numbers(response: Any) -> set[str]:
    return {i.number for i in response.context["rows"]}


def test_list_defaults_to_today_and_filters(
    contract: Contract,
    data: dict[str, Any],
    make_user: Callable[..., User],
    login: Callable[[User], Client],
) -> None:
    client = login(make_user("supervisor"))
    pin, nuclear, yesterday = data["pin"].number, data["nuclear"].number, data["yesterday"].number
    assert numbers(client.get("/ops/callcenter/inquiries/")) == {pin, nuclear}
    day = {"date_from": "2024-11-05", "date_to": "2024-11-06"}
    assert numbers(client.get("/ops/callcenter/inquiries/", day)) == {pin, nuclear, yesterday}
    cases: list[tuple[dict[str, Any], set[str]]] = [
        ({"category": category(contract, "mynumber_card").pk}, {pin}),
        ({"mini_app": mini_app(contract).pk}, {nuclear}),
        ({"outcome": "escalation"}, {nuclear}),
        ({"operator": data["a"].pk}, {pin, yesterday}),
        ({"municipality": "いしのまき"}, {pin}),
        ({"region": municipality(contract, "041009").region_id}, {nuclear}),
        ({"q": "ﾛｯｸ"}, {pin}),
        ({"q": "登録"}, {yesterday}),
        ({"q": "ミニアプリ 見当たらない"}, {nuclear}),
    ]
    for extra, expected in cases:
        assert numbers(client.get("/ops/callcenter/inquiries/", {**day, **extra})) == expected, (
            extra
        )
    bad = client.get(
        "/ops/callcenter/inquiries/", {"date_from": "2024-11-06", "date_to": "2024-11-01"}
    )
    assert "終了日は開始日以降にしてください" in bad.content.decode()


def test_list_has_no_n_plus_one(
    contract: Contract,
    make_user: Callable[..., User],
    login: Callable[[User], Client],
    django_assert_num_queries: Any,
) -> None:
    client = login(make_user("supervisor"))
    op = make_user("operator")
    make_inquiry(contract, op, received_at=DAY, municipality=municipality(contract))
    client.get("/ops/callcenter/inquiries/")  # warm the session
    with CaptureQueriesContext(connection) as few:
        client.get("/ops/callcenter/inquiries/")
    for i in range(30):
        make_inquiry(
            contract,
            make_user("operator"),
            received_at=DAY,
            mini_app=mini_app(contract),
            municipality=municipality(contract),
            summary=f"質問{i}",
        )
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get("/ops/callcenter/inquiries/")
    assert len(response.context["rows"]) == 31


def test_detail_shows_history_and_masks_the_caller(
    data: dict[str, Any], make_user: Callable[..., User], login: Callable[[User], Client]
) -> None:
    inquiry = data["nuclear"]
    body = (
        login(make_user("operator"))
        .get(f"/ops/callcenter/inquiries/{inquiry.pk}/")
        .content.decode()
    )
    assert "東＊＊＊＊" in body and "022-****-6666" in body
    assert "東松島 四郎" not in body and "表示する理由" not in body  # operators cannot reveal
    assert "登録" in body and "変更履歴" in body


def test_edit_is_audited_and_shown_in_history(
    contract: Contract,
    data: dict[str, Any],
    make_user: Callable[..., User],
    login: Callable[[User], Client],
) -> None:
    sv = make_user("supervisor", display_name="監督 五")
    client = login(sv)
    inquiry: Inquiry = data["pin"]
    url = f"/ops/callcenter/inquiries/{inquiry.pk}/edit/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "received_at": "2024-11-06T00:01",
            "summary": "署名用電子証明書の暗証番号が5回間違いでロック",
            "answer": "市町村窓口で初期化が必要と案内",
            "outcome": "resolved",
            "category": category(contract, "mynumber_card").pk,
            "municipality": "石巻市",
            "channel": "phone",
        },
    )
    assert response.status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.summary.startswith("署名用電子証明書")
    event = AuditEvent.objects.get(action="inquiry.update", object_id=str(inquiry.pk))
    assert event.actor == sv and "summary" in event.changes and "answer" in event.changes
    body = client.get(f"/ops/callcenter/inquiries/{inquiry.pk}/").content.decode()
    assert "問い合わせ内容：署名用の暗証番号がロックされた → 署名用電子証明書" in body


def test_operators_cannot_edit(
    data: dict[str, Any], make_user: Callable[..., User], login: Callable[[User], Client]
) -> None:
    url = f"/ops/callcenter/inquiries/{data['pin'].pk}/edit/"
    assert login(make_user("operator")).post(url, {"summary": "x"}).status_code == 403


def test_reveal_needs_a_reason_and_is_logged(
    data: dict[str, Any], make_user: Callable[..., User], login: Callable[[User], Client]
) -> None:
    sv = make_user("supervisor")
    client = login(sv)
    url = f"/ops/callcenter/inquiries/{data['nuclear'].pk}/reveal/"
    assert "理由" in client.post(url, {"reason": ""}).content.decode()
    assert AccessLogEntry.objects.count() == 0
    body = client.post(url, {"reason": "折り返し電話のため"}).content.decode()
    assert "東松島 四郎" in body and "0225-55-6666" in body
    log = AccessLogEntry.objects.get()
    assert (log.actor, log.reason, log.object_type) == (
        sv,
        "折り返し電話のため",
        "callcenter.caller",
    )
    assert client.get(url).status_code == 405
    assert (
        client.post(
            f"/ops/callcenter/inquiries/{data['pin'].pk}/reveal/", {"reason": "x"}
        ).status_code
        == 404
    )
    assert login(make_user("operator")).post(url, {"reason": "x"}).status_code == 403
