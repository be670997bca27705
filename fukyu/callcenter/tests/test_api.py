"""The inquiry API for phone systems, and the FAQ search API."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client, override_settings

from fukyu.accounts.models import User
from fukyu.audit.models import AuditEvent
from fukyu.callcenter.api import InquiryOut, _out
from fukyu.callcenter.models import Caller, Inquiry
from fukyu.callcenter.tests.factories import make_faq, make_inquiry
from fukyu.core.calendar import TOKYO
from fukyu.core.models import Contract

pytestmark = pytest.mark.usefixtures("contract")
BASE = {
    "received_at": "2024-11-05T10:15:00+09:00",
    "channel": "phone",
    "mini_app": "nuclear_evacuation",
    "category": "registration",
    "summary": "原子力防災のミニアプリが表示されない",
    "answer": "住所が対象地域の場合のみ表示されることを案内",
    "outcome": "resolved",
    "municipality": "042021",
    "age_group": "60s",
    "handle_seconds": 240,
}
BASE_DAY_BEFORE = dt.datetime(2024, 11, 4, 12, 0, tzinfo=TOKYO)


def assert_as_validated(sent: dict[str, Any]) -> None:
    """The API builds InquiryOut without validating it (for speed): what it sent fits the
    schema, and validating what it builds changes nothing (no value of the wrong type)."""
    InquiryOut.model_validate(sent)
    built = _out(Inquiry.objects.get(pk=sent["id"]))
    assert InquiryOut.model_validate(built.model_dump()) == built
    assert built.model_dump(mode="json")["number"] == sent["number"]


def post(client: Client, body: dict[str, Any], **headers: str) -> Any:
    return client.post(
        "/api/v1/inquiries", json.dumps(body), content_type="application/json", headers=headers
    )


@pytest.fixture
def operator_api(make_user: Callable[..., User], api_client: Callable[[User], Client]) -> Client:
    return api_client(make_user("operator", username="softphone"))


@override_settings(FUKYU_TODAY="2024-11-06")
def test_create_returns_201_with_number_and_stored_fields(operator_api: Client) -> None:
    response = post(operator_api, BASE)
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["number"] == "R6-000001"
    assert data["category"] == "registration"
    assert data["municipality"] == "042021" and data["region"] == "ishinomaki"
    assert data["outside_hours"] is False
    assert data["operator"] == "softphone"
    assert data["caller"] is None
    assert_as_validated(data)
    inquiry = Inquiry.objects.get(pk=data["id"])
    assert inquiry.summary == BASE["summary"] and inquiry.handle_seconds == 240
    assert AuditEvent.objects.filter(action="inquiry.create", object_id=str(inquiry.pk)).exists()


@override_settings(FUKYU_TODAY="2024-11-06")
def test_callback_needs_caller_and_shows_it_masked(operator_api: Client) -> None:
    body = {**BASE, "outcome": "callback"}
    missing = post(operator_api, body)
    assert missing.status_code == 422
    assert "caller.name" in missing.json()["detail"]
    body["caller"] = {"name": "石巻 一郎", "phone": "0225-11-2233"}
    response = post(operator_api, body)
    assert response.status_code == 201
    assert response.json()["caller"] == {"name": "石＊＊＊＊", "phone": "022-****-2233"}
    assert_as_validated(response.json())
    assert Caller.objects.get().name == "石巻 一郎"


@override_settings(FUKYU_TODAY="2024-11-06")
def test_email_on_a_holiday_is_accepted_and_marked(operator_api: Client) -> None:
    response = post(
        operator_api, {**BASE, "channel": "email", "received_at": "2024-11-04T20:00:00+09:00"}
    )
    assert response.status_code == 201
    assert response.json()["outside_hours"] is True


@override_settings(FUKYU_TODAY="2024-11-06")
def test_received_at_defaults_to_now(operator_api: Client) -> None:
    body = {k: v for k, v in BASE.items() if k != "received_at"}
    response = post(operator_api, body)
    assert response.status_code == 201
    assert response.json()["received_at"].startswith("2024-11-06T")


@override_settings(FUKYU_TODAY="2024-11-06")
def test_idempotency_key_replays_the_first_result(operator_api: Client) -> None:
    first = post(operator_api, BASE, **{"Idempotency-Key": "pbx-call-778"})
    again = post(operator_api, BASE, **{"Idempotency-Key": "pbx-call-778"})
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert Inquiry.objects.count() == 1
    other = post(operator_api, BASE, **{"Idempotency-Key": "pbx-call-779"})
    assert other.json()["number"] == "R6-000002"


@override_settings(FUKYU_TODAY="2024-11-06")
def test_idempotency_key_reused_for_another_inquiry_is_refused(operator_api: Client) -> None:
    first = post(operator_api, BASE, **{"Idempotency-Key": "pbx-call-900"})
    assert first.status_code == 201
    reused = post(
        operator_api, {**BASE, "summary": "別の相談"}, **{"Idempotency-Key": "pbx-call-900"}
    )
    assert reused.status_code == 422
    assert "Idempotency-Key" in reused.json()["detail"]
    assert "使用済み" in reused.json()["detail"]
    assert Inquiry.objects.count() == 1
    assert Inquiry.objects.get().summary == first.json()["summary"]


@override_settings(FUKYU_TODAY="2024-11-06")
@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"category": "nope"}, "category"),
        ({"mini_app": "nope"}, "mini_app"),
        ({"municipality": "999999"}, "municipality"),
        ({"summary": ""}, "summary"),
        ({"summary": "長" * 501}, "summary"),
        ({"answer": "長" * 4001}, "answer"),
        ({"received_at": "2024-11-07T10:00:00+09:00"}, "received_at"),
        ({"received_at": "きのう"}, "received_at"),
        ({"outcome": "done"}, "outcome"),
        ({"channel": "fax"}, "channel"),
        ({"age_group": "teen"}, "age_group"),
        ({"handle_seconds": -5}, "handle_seconds"),
        ({"handle_seconds": 10**30}, "handle_seconds"),
        ({"faq_id": 999999}, "faq_id"),
        ({"faq_id": 10**30}, "faq_id"),
        ({"caller": {"name": "宮城 花子", "phone": "0223334444"}}, "caller.name"),
    ],
)
def test_bad_input_is_422_in_japanese_naming_the_field(
    operator_api: Client, change: dict[str, Any], field: str
) -> None:
    response = post(operator_api, {**BASE, **change})
    assert response.status_code == 422, response.content
    detail = response.json()["detail"]
    assert detail.startswith(field) or f"{field}:" in detail
    assert any("\u3040" <= c <= "\u9fff" for c in detail)  # Japanese
    assert Inquiry.objects.count() == 0


def test_missing_fields_and_bad_json_are_422(operator_api: Client) -> None:
    response = post(operator_api, {"summary": "x"})
    assert response.status_code == 422
    assert "category" in response.json()["detail"] and "outcome" in response.json()["detail"]
    broken = operator_api.post("/api/v1/inquiries", "{", content_type="application/json")
    assert broken.status_code in (400, 422)


def test_roles_without_inquiry_log_cannot_create(
    make_user: Callable[..., User], api_client: Callable[[User], Client]
) -> None:
    response = post(api_client(make_user("manager")), BASE)
    assert response.status_code == 403
    assert (
        Client().post("/api/v1/inquiries", BASE, content_type="application/json").status_code == 401
    )


@override_settings(FUKYU_TODAY="2024-11-06")
def test_list_and_detail(
    contract: Contract, make_user: Callable[..., User], api_client: Callable[[User], Client]
) -> None:
    op = make_user("operator")
    for _ in range(3):
        make_inquiry(contract, op)
    other_day = make_inquiry(contract, op, received_at=BASE_DAY_BEFORE)
    client = api_client(make_user("manager"))
    data = client.get("/api/v1/inquiries", {"date": "2024-11-05"}).json()
    assert data["count"] == 3 and data["pages"] == 1 and len(data["items"]) == 3
    assert [i["number"] for i in data["items"]] == ["R6-000003", "R6-000002", "R6-000001"]
    assert client.get("/api/v1/inquiries", {"category": "install"}).json()["count"] == 0
    assert client.get("/api/v1/inquiries", {"date": "11/5"}).status_code == 422
    assert client.get("/api/v1/inquiries", {"category": "nope"}).status_code == 422
    assert client.get("/api/v1/inquiries", {"page": "9"}).status_code == 422
    assert client.get("/api/v1/inquiries", {"page": "0"}).status_code == 422
    detail = client.get(f"/api/v1/inquiries/{other_day.pk}")
    assert detail.status_code == 200 and detail.json()["number"] == other_day.number
    assert client.get("/api/v1/inquiries/999999").status_code == 404


def test_list_pages_without_n_plus_one(
    contract: Contract,
    make_user: Callable[..., User],
    api_client: Callable[[User], Client],
    django_assert_max_num_queries: Any,
) -> None:
    with override_settings(FUKYU_TODAY="2024-11-06"):
        op = make_user("operator")
        for i in range(60):
            make_inquiry(
                contract,
                op,
                outcome="callback" if i % 2 else "resolved",
                caller_name="名取 次郎" if i % 2 else "",
                caller_phone="0223334444" if i % 2 else "",
            )
    client = api_client(make_user("supervisor"))
    with django_assert_max_num_queries(8):
        data = client.get("/api/v1/inquiries", {"page": "1"}).json()
    assert data["count"] == 60 and data["pages"] == 2 and len(data["items"]) == 50
    assert data["items"][0]["caller"]["phone"] == "022-****-4444"
    for item in data["items"]:
        assert_as_validated(item)


def test_faq_search_api(
    contract: Contract, make_user: Callable[..., User], api_client: Callable[[User], Client]
) -> None:
    pin = make_faq(contract)
    make_faq(
        contract,
        question="対応している機種を知りたい",
        answer="NFC対応のスマートフォンが必要です。",
        keywords="機種 端末",
        is_public=False,
    )
    client = api_client(make_user("operator"))
    hits = client.get("/api/v1/faq/search", {"q": "ＰＩＮを忘れた"}).json()
    assert hits[0]["id"] == pin.pk
    assert set(hits[0]) == {
        "id",
        "question",
        "answer",
        "category",
        "category_name",
        "mini_app",
        "mini_app_name",
        "score",
    }
    assert hits[0]["category"] == "mynumber_card"
    private = client.get("/api/v1/faq/search", {"q": "機種", "limit": "1"}).json()
    assert len(private) == 1 and private[0]["question"] == "対応している機種を知りたい"
    empty = client.get("/api/v1/faq/search", {"q": "  "})
    assert empty.status_code == 422 and "検索語" in empty.json()["detail"]
    assert client.get("/api/v1/faq/search", {"q": "あ" * 201}).status_code == 422
    assert client.get("/api/v1/faq/search", {"q": "pin", "limit": "0"}).status_code == 422
    assert client.get("/api/v1/faq/search", {"q": "pin"}).status_code == 200


def test_the_documented_example_creates_an_inquiry(operator_api: Client) -> None:
    schema = operator_api.get("/api/v1/openapi.json").json()
    example = schema["components"]["schemas"]["InquiryIn"]["examples"][0]
    response = post(operator_api, example)
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["category"], body["mini_app"], body["municipality"]) == (
        "registration",
        "nuclear_evacuation",
        "042021",
    )
    assert Inquiry.objects.filter(pk=body["id"], summary=example["summary"]).exists()
