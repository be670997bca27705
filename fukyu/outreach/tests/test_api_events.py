"""POST/GET/PATCH /api/v1/events: planning events through the API."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client, override_settings

from fukyu.accounts.models import User
from fukyu.audit.models import AuditEvent
from fukyu.core.models import Contract
from fukyu.outreach.models import Event, EventStatus, Venue
from fukyu.outreach.tests.factories import EventFactory, make_taps

BODY = {
    "title": "イオンモール名取 デジタル身分証アプリ体験会",
    "region": "senan",
    "municipality": "042081",  # 角田市 (仙南)
    "venue": {"name": "テスト商業施設", "address": "宮城県角田市テスト1-1", "kind": "commercial"},
    "starts_at": "2024-12-07T10:00:00+09:00",
    "ends_at": "2024-12-07T16:00:00+09:00",
    "status": "confirmed",
}


def post(client: Client, url: str, body: Any) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


def patch(client: Client, url: str, body: Any) -> Any:
    return client.patch(url, json.dumps(body), content_type="application/json")


@pytest.fixture
def staff_api(
    contract: Contract, make_user: Callable[..., User], api_client: Callable[[User], Client]
) -> Client:
    return api_client(make_user("outreach", username="event_staff"))


def test_create_event(staff_api: Client, contract: Contract) -> None:
    response = post(staff_api, "/api/v1/events", BODY)
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["region"] == {"code": "senan", "name": "仙南"}
    assert data["municipality"]["code"] == "042081"
    assert data["venue"]["kind"] == "commercial"
    assert data["status"] == "confirmed"
    assert data["explained_total"] == 0
    assert data["warnings"] == []
    event = Event.objects.get(pk=data["id"])
    assert event.contract == contract
    assert event.venue.name == "テスト商業施設"
    audit = AuditEvent.objects.get(action="event.create", object_id=str(event.pk))
    assert audit.actor_label == "event_staff"
    assert audit.changes["status"] == [None, "confirmed"]


def test_create_reuses_the_venue_by_name_and_address(staff_api: Client) -> None:
    assert post(staff_api, "/api/v1/events", BODY).status_code == 201
    assert post(staff_api, "/api/v1/events", {**BODY, "title": "2回目"}).status_code == 201
    assert Venue.objects.count() == 1
    assert Event.objects.count() == 2


def test_venue_other_gets_a_warning(staff_api: Client) -> None:
    body = {**BODY, "venue": {**BODY["venue"], "kind": "other"}}  # type: ignore[dict-item]
    response = post(staff_api, "/api/v1/events", body)
    assert response.status_code == 201
    assert any("不特定多数" in w for w in response.json()["warnings"])


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        ({"starts_at": "2024-11-30T10:00:00+09:00"}, "キャンペーン期間"),
        ({"ends_at": "2025-03-01T10:00:00+09:00"}, "キャンペーン期間"),
        ({"ends_at": "2024-12-07T09:00:00+09:00"}, "終了日時は開始日時より後"),
        ({"municipality": "041009"}, "仙台市は仙南圏域の市町村ではありません"),
        ({"municipality": "999999"}, "団体コード"),
        ({"region": "tokyo"}, "圏域コード"),
        ({"status": "done"}, "指定できない値"),
        ({"venue": {"name": "x", "address": "y", "kind": "park"}}, "指定できない値"),
        ({"starts_at": "12月7日"}, "ISO 8601"),
        ({"title": ""}, "title"),
        ({"staff": ["nobody"]}, "nobody"),
    ],
)
def test_bad_input_is_422_in_japanese(
    staff_api: Client, change: dict[str, Any], needle: str
) -> None:
    response = post(staff_api, "/api/v1/events", {**BODY, **change})
    assert response.status_code == 422, response.content
    assert needle in response.json()["detail"]
    assert Event.objects.count() == 0
    assert Venue.objects.count() == 0


@override_settings(FUKYU_TODAY="2024-12-01")
def test_cannot_mark_held_before_it_starts(staff_api: Client) -> None:
    response = post(staff_api, "/api/v1/events", {**BODY, "status": "held"})
    assert response.status_code == 422
    assert "開始前のイベント" in response.json()["detail"]


def test_patch_status_to_held_is_audited(staff_api: Client, contract: Contract) -> None:
    event = EventFactory(contract=contract)
    response = patch(staff_api, f"/api/v1/events/{event.pk}", {"status": "held"})
    assert response.status_code == 200, response.content
    assert response.json()["status_label"] == "開催済み"
    event.refresh_from_db()
    assert event.status == EventStatus.HELD
    audit = AuditEvent.objects.get(action="event.status", object_id=str(event.pk))
    assert audit.changes == {"status": ["confirmed", "held"]}


def test_patch_checks_municipality_against_region(staff_api: Client, contract: Contract) -> None:
    event = EventFactory(contract=contract)  # sendai / 仙台市
    response = patch(staff_api, f"/api/v1/events/{event.pk}", {"region": "tome"})
    assert response.status_code == 422
    assert "登米圏域の市町村ではありません" in response.json()["detail"]
    ok = patch(
        staff_api, f"/api/v1/events/{event.pk}", {"region": "tome", "municipality": "042129"}
    )
    assert ok.status_code == 200, ok.content
    assert ok.json()["region"]["code"] == "tome"


def test_patch_rejects_null_and_unknown_event(staff_api: Client, contract: Contract) -> None:
    event = EventFactory(contract=contract)
    bad = patch(staff_api, f"/api/v1/events/{event.pk}", {"status": None})
    assert bad.status_code == 422
    assert "null" in bad.json()["detail"]
    missing = patch(staff_api, "/api/v1/events/999999", {"status": "held"})
    assert missing.status_code == 404
    assert missing.json()["detail"] == "イベントが見つかりません"


def test_patch_staff_and_wifi(
    staff_api: Client, contract: Contract, make_user: Callable[..., User]
) -> None:
    event = EventFactory(contract=contract)
    make_user("outreach", username="sato")
    make_user("operator", username="operator_x")
    response = patch(
        staff_api,
        f"/api/v1/events/{event.pk}",
        {"staff": ["sato"], "wifi_result": "ok", "wifi_speed_mbps": "42.5"},
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["staff"] == ["sato"]
    assert data["wifi"]["result_label"] == "良好"
    bad = patch(staff_api, f"/api/v1/events/{event.pk}", {"staff": ["operator_x"]})
    assert bad.status_code == 422


def test_list_filters_and_totals(
    contract: Contract,
    make_user: Callable[..., User],
    api_client: Callable[[User], Client],
    django_assert_max_num_queries: Any,
) -> None:
    held = EventFactory(contract=contract, status=EventStatus.HELD)
    make_taps(held, explained=3, installed=2)
    for code, muni in (("tome", "042129"), ("osaki", "042153"), ("senan", "042081")):
        EventFactory(contract=contract, region_code=code, municipality_code=muni)
    client = api_client(make_user("client"))
    with django_assert_max_num_queries(8):
        everything = client.get("/api/v1/events")
    assert everything.status_code == 200
    assert len(everything.json()) == 4
    only_held = client.get("/api/v1/events", {"status": "held"}).json()
    assert [e["id"] for e in only_held] == [held.pk]
    assert only_held[0]["explained_total"] == 5
    assert only_held[0]["installed_total"] == 2
    tome = client.get("/api/v1/events", {"region": "tome"}).json()
    assert [e["region"]["code"] for e in tome] == ["tome"]
    assert client.get("/api/v1/events", {"status": "x"}).status_code == 422
    assert client.get("/api/v1/events", {"region": "x"}).status_code == 422


def test_get_one_includes_totals_and_checklist(staff_api: Client, contract: Contract) -> None:
    event = EventFactory(contract=contract)
    make_taps(event, explained=1, installed=4)
    data = staff_api.get(f"/api/v1/events/{event.pk}").json()
    assert data["explained_total"] == 5
    assert data["installed_total"] == 4
    assert [c["item"] for c in data["checklist"]] == [
        "wifi_tested_at",
        "demo_prepared_at",
        "materials_packed_at",
        "staff_confirmed_at",
    ]


def test_client_role_reads_but_cannot_write(
    contract: Contract, make_user: Callable[..., User], api_client: Callable[[User], Client]
) -> None:
    event = EventFactory(contract=contract)
    client = api_client(make_user("client"))
    assert client.get(f"/api/v1/events/{event.pk}").status_code == 200
    assert post(client, "/api/v1/events", BODY).status_code == 403
    denied = patch(client, f"/api/v1/events/{event.pk}", {"status": "held"})
    assert denied.status_code == 403
    assert denied.json()["detail"] == "この操作を行う権限がありません"
    assert api_client(make_user("operator")).get("/api/v1/events").status_code == 403
    assert Client().get("/api/v1/events").status_code == 401
