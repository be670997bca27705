"""The meeting API: create, submit, confirm (client only), PATCH refused once confirmed."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from fukyu.accounts.models import User
from fukyu.audit.models import AuditEvent
from fukyu.core.models import Contract
from fukyu.governance.hashing import meeting_content_hash
from fukyu.governance.models import Meeting
from fukyu.governance.tests.factories import meeting_payload


def post(client: Client, url: str, body: Any = None) -> Any:
    return client.post(url, json.dumps(body or {}), content_type="application/json")


def patch(client: Client, url: str, body: Any) -> Any:
    return client.patch(url, json.dumps(body), content_type="application/json")


@pytest.fixture
def manager_api(make_user: Callable[..., User], api_client: Callable[[User], Client]) -> Client:
    return api_client(make_user("manager", display_name="受注 花子"))


@pytest.fixture
def client_api(make_user: Callable[..., User], api_client: Callable[[User], Client]) -> Client:
    return api_client(make_user("client", display_name="県職員 一郎"))


def test_create_submit_confirm_then_patch_is_409(
    contract: Contract, manager_api: Client, client_api: Client
) -> None:
    created = post(manager_api, "/api/v1/meetings", meeting_payload())
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "draft"
    assert body["content_sha256"] is None
    assert [(a["name"], a["side"]) for a in body["attendees"]] == [
        ("県職員 一郎", "client"),
        ("受注 花子", "contractor"),
    ]
    assert body["action_items"][0]["description"] == "会場の仮予約"
    assert body["action_items"][0]["due_on"] == "2024-10-10"
    meeting_id = body["id"]
    assert client_api.get(f"/api/v1/meetings/{meeting_id}").status_code == 404  # a draft

    submitted = post(manager_api, f"/api/v1/meetings/{meeting_id}/submit")
    assert submitted.status_code == 200
    assert submitted.json()["status"] == "submitted"
    assert submitted.json()["submitted_by"] == "受注 花子"

    assert post(manager_api, f"/api/v1/meetings/{meeting_id}/confirm").status_code == 403
    confirmed = post(client_api, f"/api/v1/meetings/{meeting_id}/confirm", {"comment": "了解"})
    assert confirmed.status_code == 200
    data = confirmed.json()
    assert data["status"] == "confirmed"
    assert data["confirmed_by"] == "県職員 一郎"
    meeting = Meeting.objects.get(pk=meeting_id)
    assert data["content_sha256"] == meeting.content_sha256 == meeting_content_hash(meeting)

    refused = patch(manager_api, f"/api/v1/meetings/{meeting_id}", {"title": "後から変更"})
    assert refused.status_code == 409
    assert "確認済み" in refused.json()["detail"]
    meeting.refresh_from_db()
    assert meeting.title == "第2回 定例打合せ"

    got = client_api.get(f"/api/v1/meetings/{meeting_id}").json()
    assert got["status"] == "confirmed"
    assert got["content_sha256"] == meeting.content_sha256
    assert {a["side"] for a in got["attendees"]} == {"client", "contractor"}
    assert got["action_items"][0]["owner"] == "受注 花子"
    assert [r["kind"] for r in got["reviews"]] == ["submitted", "confirmed"]


def test_patch_changes_only_given_fields(contract: Contract, manager_api: Client) -> None:
    meeting_id = post(manager_api, "/api/v1/meetings", meeting_payload()).json()["id"]
    item_id = Meeting.objects.get(pk=meeting_id).action_items.get().pk
    response = patch(
        manager_api,
        f"/api/v1/meetings/{meeting_id}",
        {
            "decisions": "初回イベントは12月8日に変更する。",
            "action_items": [
                {"id": item_id, "description": "会場の本予約", "status": "done"},
            ],
        },
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["decisions"] == "初回イベントは12月8日に変更する。"
    assert body["minutes"] == "圏域ごとのイベント日程案を説明した。"
    assert len(body["attendees"]) == 2
    assert body["action_items"][0]["id"] == item_id
    assert body["action_items"][0]["status"] == "done"
    event = AuditEvent.objects.filter(action="meeting.update", object_id=str(meeting_id)).get()
    assert event.changes["decisions"][1] == "初回イベントは12月8日に変更する。"


def test_request_changes_needs_comment_and_reopens_editing(
    contract: Contract, manager_api: Client, client_api: Client
) -> None:
    meeting_id = post(manager_api, "/api/v1/meetings", meeting_payload()).json()["id"]
    post(manager_api, f"/api/v1/meetings/{meeting_id}/submit")
    blank = post(client_api, f"/api/v1/meetings/{meeting_id}/request-changes", {"comment": ""})
    assert blank.status_code == 422
    assert "コメント" in blank.json()["detail"]
    assert patch(manager_api, f"/api/v1/meetings/{meeting_id}", {"title": "x"}).status_code == 409
    returned = post(
        client_api,
        f"/api/v1/meetings/{meeting_id}/request-changes",
        {"comment": "出席者に課長を追加してください"},
    )
    assert returned.status_code == 200
    assert returned.json()["status"] == "changes_requested"
    ok = patch(manager_api, f"/api/v1/meetings/{meeting_id}", {"title": "第2回 定例打合せ（修正）"})
    assert ok.status_code == 200
    assert post(manager_api, f"/api/v1/meetings/{meeting_id}/confirm").status_code == 403


def test_bad_input_is_422_in_japanese(contract: Contract, manager_api: Client) -> None:
    missing = post(manager_api, "/api/v1/meetings", {"title": "件名だけ"})
    assert missing.status_code == 422
    assert "held_at" in missing.json()["detail"]
    bad_side = meeting_payload(attendees=[{"name": "誰か", "side": "visitor"}])
    response = post(manager_api, "/api/v1/meetings", bad_side)
    assert response.status_code == 422
    assert "指定できない値です" in response.json()["detail"]
    bad_time = meeting_payload(ends_at="2024-10-01T13:00:00+09:00")
    response = post(manager_api, "/api/v1/meetings", bad_time)
    assert response.status_code == 422
    assert "終了時刻" in response.json()["detail"]
    assert Meeting.objects.count() == 0
    response = post(manager_api, "/api/v1/meetings", meeting_payload(held_at="2024-10-01T14:00"))
    assert response.status_code == 201  # a naive time is read as Japan time
    assert response.json()["held_at"].startswith("2024-10-01T14:00:00+09:00")


def test_submit_incomplete_is_422_and_wrong_state_is_409(
    contract: Contract, manager_api: Client
) -> None:
    meeting_id = post(
        manager_api, "/api/v1/meetings", meeting_payload(attendees=[], minutes="", decisions="")
    ).json()["id"]
    response = post(manager_api, f"/api/v1/meetings/{meeting_id}/submit")
    assert response.status_code == 422
    assert "発注者側の出席者" in response.json()["detail"]
    patch(
        manager_api,
        f"/api/v1/meetings/{meeting_id}",
        {"attendees": meeting_payload()["attendees"], "minutes": "協議した"},
    )
    assert post(manager_api, f"/api/v1/meetings/{meeting_id}/submit").status_code == 200
    again = post(manager_api, f"/api/v1/meetings/{meeting_id}/submit")
    assert again.status_code == 409
    assert "提出" in again.json()["detail"]


@pytest.mark.parametrize("role", ["operator", "outreach", "publicity", "privacy_officer"])
def test_other_roles_cannot_use_meetings(
    contract: Contract,
    role: str,
    make_user: Callable[..., User],
    api_client: Callable[[User], Client],
    manager_api: Client,
) -> None:
    meeting_id = post(manager_api, "/api/v1/meetings", meeting_payload()).json()["id"]
    post(manager_api, f"/api/v1/meetings/{meeting_id}/submit")
    other = api_client(make_user(role))
    assert other.get(f"/api/v1/meetings/{meeting_id}").status_code == 403
    assert post(other, "/api/v1/meetings", meeting_payload()).status_code == 403
    confirm = post(other, f"/api/v1/meetings/{meeting_id}/confirm")
    assert confirm.status_code == 403
    assert confirm.json()["detail"] == "この操作を行う権限がありません"
    assert Meeting.objects.get(pk=meeting_id).status == "submitted"


def test_supervisor_drafts_and_submits_but_cannot_confirm(
    contract: Contract, make_user: Callable[..., User], api_client: Callable[[User], Client]
) -> None:
    supervisor = api_client(make_user("supervisor"))
    created = post(supervisor, "/api/v1/meetings", meeting_payload())
    assert created.status_code == 201
    meeting_id = created.json()["id"]
    assert post(supervisor, f"/api/v1/meetings/{meeting_id}/submit").status_code == 200
    assert post(supervisor, f"/api/v1/meetings/{meeting_id}/confirm").status_code == 403
    assert Meeting.objects.get(pk=meeting_id).status == "submitted"


def test_unknown_meeting_is_404_and_anonymous_is_401(
    contract: Contract, manager_api: Client
) -> None:
    response = manager_api.get("/api/v1/meetings/999999")
    assert response.status_code == 404
    assert response.json()["detail"] == "見つかりません"
    assert Client().get("/api/v1/meetings/1").status_code == 401


def test_action_items_api_lists_overdue(
    contract: Contract, manager_api: Client, settings: Any
) -> None:
    settings.FUKYU_TODAY = "2024-10-15"
    post(manager_api, "/api/v1/meetings", meeting_payload())
    overdue = manager_api.get("/api/v1/action-items", {"overdue": "true"}).json()
    assert [(i["description"], i["overdue"]) for i in overdue] == [("会場の仮予約", True)]
    settings.FUKYU_TODAY = "2024-10-05"
    assert manager_api.get("/api/v1/action-items", {"overdue": "true"}).json() == []
    assert manager_api.get("/api/v1/action-items", {"status": "bogus"}).status_code == 422
