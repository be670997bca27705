"""POST /api/v1/events/{id}/tally and DELETE …/tally/{uuid}: idempotent, per-item validation,
undo, and concurrent resends from many devices."""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from fukyu.accounts.models import User
from fukyu.audit.models import AuditEvent
from fukyu.core.models import Contract
from fukyu.outreach.models import Event, EventStatus, TallyBatch, Tap
from fukyu.outreach.tests.factories import EventFactory


def tap(kind: str = "installed", **extra: Any) -> dict[str, Any]:
    return {"uuid": str(uuid.uuid4()), "kind": kind, "at": "2024-12-07T10:15:00+09:00", **extra}


def send(client: Client, event: Event, taps: list[Any]) -> Any:
    return client.post(
        f"/api/v1/events/{event.pk}/tally",
        json.dumps({"taps": taps}),
        content_type="application/json",
    )


@pytest.fixture
def event(contract: Contract) -> Event:
    return EventFactory(contract=contract)


@pytest.fixture
def device(make_user: Callable[..., User], api_client: Callable[[User], Client]) -> Client:
    return api_client(make_user("outreach", username="tablet1"))


def test_a_batch_is_accepted_and_totals_count_both_kinds(device: Client, event: Event) -> None:
    taps = [tap("explained") for _ in range(3)] + [
        tap("installed", age_group="80s+", os="ios", municipality="041009", registered=True),
        tap("installed", mini_apps=["survey", "nuclear_evacuation"]),
    ]
    response = send(device, event, taps)
    assert response.status_code == 200, response.content
    assert response.json() == {
        "accepted": 5,
        "duplicates": 0,
        "rejected": [],
        "explained_total": 5,
        "installed_total": 2,
    }
    stored = Tap.objects.get(uuid=taps[3]["uuid"])
    assert (stored.age_group, stored.os, stored.registered) == ("80s+", "ios", True)
    assert stored.municipality.name == "仙台市"  # type: ignore[union-attr]
    assert stored.region.code == "sendai"  # type: ignore[union-attr]
    assert Tap.objects.get(uuid=taps[4]["uuid"]).mini_apps == ["nuclear_evacuation", "survey"]
    detail = device.get(f"/api/v1/events/{event.pk}").json()
    assert (detail["explained_total"], detail["installed_total"]) == (5, 2)
    audit = AuditEvent.objects.get(action="tally.record")
    assert audit.changes == {"accepted": 5, "duplicates": 0, "rejected": 0}
    assert audit.actor_label == "tablet1"


def test_resending_the_same_batch_never_counts_twice(device: Client, event: Event) -> None:
    taps = [tap() for _ in range(4)]
    assert send(device, event, taps).json()["accepted"] == 4
    again = send(device, event, [*taps, taps[0]]).json()
    assert (again["accepted"], again["duplicates"]) == (0, 5)
    mixed = send(device, event, [taps[1], tap("explained")]).json()
    assert (mixed["accepted"], mixed["duplicates"]) == (1, 1)
    assert Tap.objects.filter(event=event).count() == 5
    assert mixed["explained_total"] == 5
    assert mixed["installed_total"] == 4


def test_same_uuid_at_another_event_is_another_person(
    device: Client, event: Event, contract: Contract
) -> None:
    other = EventFactory(contract=contract, day="2024-12-08")
    one = tap()
    assert send(device, event, [one]).json()["accepted"] == 1
    assert send(device, other, [one]).json()["accepted"] == 1


@pytest.mark.parametrize(
    ("item", "needle"),
    [
        ("x", "オブジェクト"),
        ({"kind": "installed", "at": "2024-12-07T10:00:00"}, "uuid は必須"),
        ({**tap(), "uuid": "not-a-uuid"}, "UUID の形式"),
        ({**tap(), "kind": "helped"}, "kind は explained"),
        ({**tap(), "at": None}, "at（記録日時）は必須"),
        ({**tap(), "at": "昨日"}, "ISO 8601"),
        ({**tap(), "age_group": "30代"}, "age_group"),
        ({**tap(), "os": "windows"}, "os は ios"),
        ({**tap(), "municipality": "123456"}, "団体コード 123456"),
        ({**tap(), "region": "tokyo"}, "region（tokyo）"),
        ({**tap(), "municipality": "041009", "region": "tome"}, "仙台市は region（登米）"),
        ({**tap(), "mini_apps": "survey"}, "配列"),
        ({**tap(), "mini_apps": ["unknown_app"]}, "unknown_app"),
        ({**tap(), "registered": "yes"}, "registered"),
        ({**tap(), "name": "宮城 太郎", "phone": "090"}, "個人情報は記録しません"),
    ],
)
def test_malformed_items_are_rejected_one_by_one(
    device: Client, event: Event, item: Any, needle: str
) -> None:
    good = [tap(), tap("explained")]
    response = send(device, event, [good[0], item, good[1]])
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["accepted"] == 2
    assert data["duplicates"] == 0
    assert len(data["rejected"]) == 1
    assert data["rejected"][0]["index"] == 1
    assert needle in data["rejected"][0]["reason"]
    assert Tap.objects.filter(event=event).count() == 2
    assert TallyBatch.objects.get().rejected == 1


def test_whole_batch_errors(device: Client, event: Event, contract: Contract) -> None:
    no_taps = device.post(f"/api/v1/events/{event.pk}/tally", "{}", content_type="application/json")
    assert no_taps.status_code == 422
    assert "taps" in no_taps.json()["detail"]
    not_list = device.post(
        f"/api/v1/events/{event.pk}/tally",
        json.dumps({"taps": "many"}),
        content_type="application/json",
    )
    assert not_list.status_code == 422
    broken = device.post(
        f"/api/v1/events/{event.pk}/tally", "{not json", content_type="application/json"
    )
    assert broken.status_code in (400, 422)
    assert send(device, event, []).json()["accepted"] == 0
    draft = EventFactory(contract=contract, status=EventStatus.DRAFT)
    refused = send(device, draft, [tap()])
    assert refused.status_code == 422
    assert "「下書き」のイベントには記録できません" in refused.json()["detail"]
    assert send(device, event, [tap() for _ in range(5001)]).status_code == 422
    assert Tap.objects.count() == 0
    assert send(device, Event(pk=999999), [tap()]).status_code == 404


def test_client_and_operator_cannot_tally(
    event: Event, make_user: Callable[..., User], api_client: Callable[[User], Client]
) -> None:
    assert send(api_client(make_user("client")), event, [tap()]).status_code == 403
    assert send(api_client(make_user("operator")), event, [tap()]).status_code == 403
    assert send(Client(), event, [tap()]).status_code == 401
    assert Tap.objects.count() == 0


def test_undo_a_sent_tap(device: Client, event: Event) -> None:
    taps = [tap(), tap("explained")]
    send(device, event, taps)
    url = f"/api/v1/events/{event.pk}/tally/{taps[0]['uuid']}"
    response = device.delete(url)
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["already_voided"] is False
    assert (data["explained_total"], data["installed_total"]) == (1, 0)
    assert Tap.objects.get(uuid=taps[0]["uuid"]).voided_at is not None
    audit = AuditEvent.objects.get(action="tally.void")
    assert audit.object_id == str(event.pk)
    assert device.delete(url).json()["already_voided"] is True
    assert AuditEvent.objects.filter(action="tally.void").count() == 1
    # A resend of an undone tap does not bring it back.
    again = send(device, event, taps).json()
    assert (again["accepted"], again["duplicates"], again["explained_total"]) == (0, 2, 1)
    unknown = device.delete(f"/api/v1/events/{event.pk}/tally/{uuid.uuid4()}")
    assert unknown.status_code == 404
    assert unknown.json()["detail"] == "この記録はまだ届いていません"


def test_session_callers_need_the_csrf_token(
    event: Event, make_user: Callable[..., User], login: Callable[[User], Client]
) -> None:
    client = login(make_user("outreach"))
    client.handler.enforce_csrf_checks = True
    assert send(client, event, [tap()]).status_code == 403
    page = client.get(f"/ops/outreach/events/{event.pk}/tally/")
    token = page.cookies["csrftoken"].value
    ok = client.post(
        f"/api/v1/events/{event.pk}/tally",
        json.dumps({"taps": [tap()]}),
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert ok.status_code == 200, ok.content
    assert ok.json()["accepted"] == 1


def _devices_resend(
    event: Event, clients: list[Client], batches: list[list[dict[str, Any]]]
) -> list[Any]:
    """Every device sends every batch at the same moment; returns the parsed answers."""
    results: list[Any] = []
    lock = threading.Lock()
    start = threading.Barrier(len(clients))

    def run(client: Client, offset: int) -> None:
        try:
            start.wait()
            for i in range(len(batches)):
                answer = send(client, event, batches[(i + offset) % len(batches)])
                with lock:
                    results.append((answer.status_code, answer.json()))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(c, i)) for i, c in enumerate(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


@pytest.mark.django_db(transaction=True)
def test_many_devices_resending_at_once_count_each_person_once(
    contract: Contract, make_user: Callable[..., User], api_client: Callable[[User], Client]
) -> None:
    """Runs on both engines: PostgreSQL races the inserts for real; SQLite must not error."""
    event = EventFactory(contract=contract)
    devices = [api_client(make_user("outreach")) for _ in range(12)]
    people = [tap("installed" if i % 3 else "explained") for i in range(150)]
    # Overlapping batches, as devices that lost the answer resend and merge their queues.
    batches = [people[0:60], people[40:110], people[90:150], people[::7]]
    results = _devices_resend(event, devices, batches)
    assert [status for status, _ in results] == [200] * (len(devices) * len(batches))
    accepted = sum(r["accepted"] for _, r in results)
    duplicates = sum(r["duplicates"] for _, r in results)
    submitted = len(devices) * sum(len(b) for b in batches)
    assert accepted == len(people)
    assert accepted + duplicates == submitted
    assert Tap.objects.filter(event=event).count() == len(people)
    assert sum(TallyBatch.objects.values_list("accepted", flat=True)) == len(people)
    final = devices[0].get(f"/api/v1/events/{event.pk}").json()
    assert final["explained_total"] == 150
    assert final["installed_total"] == 100
    assert connection.vendor in ("postgresql", "sqlite")


def test_tally_page_for_event_staff(
    event: Event, make_user: Callable[..., User], login: Callable[[User], Client]
) -> None:
    client = login(make_user("outreach"))
    response = client.get(f"/ops/outreach/events/{event.pk}/tally/")
    assert response.status_code == 200
    body = response.content.decode()
    assert f'data-api="/api/v1/events/{event.pk}/tally"' in body
    assert 'data-csrf="' in body
    assert ">説明した</button>" in body
    assert ">インストールまで完了</button>" in body
    assert "80代以上" in body and "Android" in body and "仙台市（仙台）" in body
    assert "tally.js" in body
    assert "<script>" not in body  # scripts only from static files
    assert 'style="' not in body


def test_tally_page_of_a_cancelled_event_refuses_taps(
    contract: Contract, make_user: Callable[..., User], login: Callable[[User], Client]
) -> None:
    cancelled = EventFactory(contract=contract, status=EventStatus.CANCELLED)
    body = login(make_user("manager")).get(f"/ops/outreach/events/{cancelled.pk}/tally/")
    text = body.content.decode()
    assert "「中止」のため記録できません" in text
    assert 'id="tap-installed" data-kind="installed" disabled' in text


def test_service_worker_is_served_with_its_scope(client: Client, contract: Contract) -> None:
    response = client.get("/ops/outreach/tally-sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/ops/outreach/"
    body = response.content.decode()
    assert "/static/outreach/tally.js" in body
    assert 'addEventListener("fetch"' in body
