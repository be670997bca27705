"""The planning board, event screens, checklist, materials and the home panel."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client, override_settings

from conftest import verified_login
from fukyu.accounts.models import User
from fukyu.audit.models import AuditEvent
from fukyu.core.models import Contract, Municipality, Region
from fukyu.outreach.models import Event, EventMaterial, EventStatus
from fukyu.outreach.selectors import public_event_list
from fukyu.outreach.tests.factories import EventFactory, make_taps

REGION_CODES = ["senan", "sendai", "osaki", "kurihara", "tome", "ishinomaki", "kesennuma_motoyoshi"]
MUNI = {
    "senan": "042081",
    "sendai": "041009",
    "osaki": "042153",
    "kurihara": "042137",
    "tome": "042129",
    "ishinomaki": "042021",
}


@pytest.fixture
def staff(
    contract: Contract, make_user: Callable[..., User], login: Callable[[User], Client]
) -> Client:
    return login(make_user("outreach", username="ev_staff"))


def form_data(contract: Contract, **change: Any) -> dict[str, Any]:
    data = {
        "title": "登米市 体験会",
        "region": Region.objects.get(contract=contract, code="tome").pk,
        "municipality": Municipality.objects.get(contract=contract, code="042129").pk,
        "venue_name": "テスト商業施設 登米",
        "venue_address": "宮城県登米市テスト町1",
        "venue_kind": "commercial",
        "day": "2025-01-18",
        "start_time": "10:00",
        "end_time": "15:00",
        "status": "confirmed",
        "wifi_result": "untested",
        "disaster_demo": "on",
    }
    data.update(change)
    return data


def test_board_shows_regions_lacking_a_held_event(
    staff: Client, contract: Contract, django_assert_max_num_queries: Any
) -> None:
    for code, muni in MUNI.items():
        status = EventStatus.HELD if code != "tome" else EventStatus.CONFIRMED
        event = EventFactory(
            contract=contract, region_code=code, municipality_code=muni, status=status
        )
        make_taps(event, explained=2, installed=1)
    with django_assert_max_num_queries(25):
        response = staff.get("/ops/outreach/", {"month": "2024-12"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "まだ開催済みのイベントがない圏域が2つあります：登米、気仙沼・本吉" in body
    board = {r.region.code: r for r in response.context["regions"]}
    assert board["tome"].lacking and board["tome"].planned == 1
    assert board["kesennuma_motoyoshi"].lacking and board["kesennuma_motoyoshi"].planned == 0
    assert not board["sendai"].lacking
    assert board["sendai"].installed == 1 and board["sendai"].explained == 3
    # The calendar lists the events on their day (2024-12-07).
    day = next(d for w in response.context["weeks"] for d in w if d.date == dt.date(2024, 12, 7))
    assert len(day.events) == 6


def test_board_query_count_does_not_grow_with_events(
    staff: Client, contract: Contract, django_assert_max_num_queries: Any
) -> None:
    for i in range(12):
        EventFactory(contract=contract, day=f"2024-12-{i + 10:02d}")
    with django_assert_max_num_queries(25), override_settings(FUKYU_TODAY="2024-12-01"):
        assert staff.get("/ops/outreach/").status_code == 200


def test_create_event_through_the_form(staff: Client, contract: Contract) -> None:
    response = staff.post("/ops/outreach/events/new/", form_data(contract))
    assert response.status_code == 302
    event = Event.objects.get(title="登米市 体験会")
    assert event.starts_at == dt.datetime(2025, 1, 18, 1, 0, tzinfo=dt.UTC)
    assert event.venue.kind == "commercial"
    assert AuditEvent.objects.filter(action="event.create", object_id=str(event.pk)).exists()
    assert AuditEvent.objects.filter(action="venue.create").exists()


def test_kana_name_is_normalised_to_full_width_katakana(staff: Client, contract: Contract) -> None:
    data = form_data(contract, title_kana="とめし ﾀｲｹﾝｶｲ")
    assert staff.post("/ops/outreach/events/new/", data).status_code == 302
    event = Event.objects.get(title="登米市 体験会")
    assert event.title_kana == "トメシ タイケンカイ"
    audit = AuditEvent.objects.get(action="event.create", object_id=str(event.pk))
    assert "トメシ タイケンカイ" in str(audit.changes)


def test_kana_name_refuses_kanji_in_japanese(staff: Client, contract: Contract) -> None:
    response = staff.post(
        "/ops/outreach/events/new/", form_data(contract, title_kana="登米市タイケンカイ")
    )
    assert response.status_code == 200
    assert "全角カタカナで入力してください" in response.content.decode()
    assert Event.objects.count() == 0


def test_form_errors_are_shown_in_japanese(staff: Client, contract: Contract) -> None:
    bad = form_data(
        contract,
        day="2025-03-10",
        municipality=Municipality.objects.get(contract=contract, code="041009").pk,
    )
    response = staff.post("/ops/outreach/events/new/", bad)
    assert response.status_code == 200
    body = response.content.decode()
    assert "キャンペーン期間（令和6年12月1日〜令和7年2月28日）の中にしてください" in body
    assert "仙台市は登米圏域の市町村ではありません" in body
    assert Event.objects.count() == 0


def test_other_venue_kind_warns_after_save(staff: Client, contract: Contract) -> None:
    response = staff.post(
        "/ops/outreach/events/new/", form_data(contract, venue_kind="other"), follow=True
    )
    assert response.status_code == 200
    assert "不特定多数の県民が集まる場所" in response.content.decode()


def test_edit_event_keeps_values_and_audits(staff: Client, contract: Contract) -> None:
    event = EventFactory(contract=contract)
    page = staff.get(f"/ops/outreach/events/{event.pk}/edit/")
    assert page.status_code == 200
    assert page.context["form"].initial["venue_name"] == event.venue.name
    data = form_data(
        contract,
        title="変更後",
        region=event.region_id,
        municipality=event.municipality_id,
        venue_name=event.venue.name,
        venue_address=event.venue.address,
        day="2024-12-07",
        wifi_result="ok",
        wifi_speed_mbps="35.2",
    )
    assert staff.post(f"/ops/outreach/events/{event.pk}/edit/", data).status_code == 302
    event.refresh_from_db()
    assert event.title == "変更後"
    assert str(event.wifi_speed_mbps) == "35.20"
    audit = AuditEvent.objects.get(action="event.update", object_id=str(event.pk))
    assert audit.changes["title"][1] == "変更後"


@override_settings(FUKYU_TODAY="2025-01-17")
def test_checklist_turns_red_from_the_day_before(staff: Client, contract: Contract) -> None:
    event = EventFactory(contract=contract, day="2025-01-18")
    later = EventFactory(contract=contract, day="2025-01-25")
    staff.post(
        f"/ops/outreach/events/{event.pk}/checklist/", {"item": "wifi_tested_at", "done": "1"}
    )
    event.refresh_from_db()
    assert event.wifi_tested_at is not None
    assert AuditEvent.objects.filter(action="event.checklist").count() == 1
    page = staff.get(f"/ops/outreach/events/{event.pk}/")
    rows = {r.field: r for r in page.context["checklist"]}
    assert not rows["wifi_tested_at"].overdue
    assert rows["demo_prepared_at"].overdue
    assert page.content.decode().count('class="overdue"') == 3
    later_rows = staff.get(f"/ops/outreach/events/{later.pk}/").context["checklist"]
    assert not any(r.overdue for r in later_rows)
    staff.post(
        f"/ops/outreach/events/{event.pk}/checklist/", {"item": "wifi_tested_at", "done": "0"}
    )
    event.refresh_from_db()
    assert event.wifi_tested_at is None
    bad = staff.post(f"/ops/outreach/events/{event.pk}/checklist/", {"item": "x"}, follow=True)
    assert "チェックリストにない項目です" in bad.content.decode()


def test_status_change_from_the_detail_page(staff: Client, contract: Contract) -> None:
    event = EventFactory(contract=contract)
    staff.post(f"/ops/outreach/events/{event.pk}/status/", {"status": "held"})
    event.refresh_from_db()
    assert event.status == EventStatus.HELD
    with override_settings(FUKYU_TODAY="2024-12-01"):
        future = EventFactory(contract=contract, day="2024-12-20")
        page = staff.post(
            f"/ops/outreach/events/{future.pk}/status/", {"status": "held"}, follow=True
        )
    assert "開始前のイベントは「開催済み」にできません" in page.content.decode()
    future.refresh_from_db()
    assert future.status == EventStatus.CONFIRMED


def test_materials_are_replaced_and_checked(staff: Client, contract: Contract) -> None:
    event = EventFactory(contract=contract)
    url = f"/ops/outreach/events/{event.pk}/materials/"
    data = {
        "m-TOTAL_FORMS": "3",
        "m-INITIAL_FORMS": "0",
        "m-0-name": "パンフレット",
        "m-0-brought": "300",
        "m-0-handed_out": "215",
        "m-1-name": "ポスター",
        "m-1-brought": "5",
        "m-1-handed_out": "0",
    }
    assert staff.post(url, data).status_code == 302
    assert list(EventMaterial.objects.values_list("name", "handed_out")) == [
        ("パンフレット", 215),
        ("ポスター", 0),
    ]
    assert AuditEvent.objects.filter(action="event.materials").count() == 1
    too_many = {**data, "m-1-handed_out": "9"}
    response = staff.post(url, too_many)
    assert response.status_code == 200
    assert "配布数が持参数を超えています" in response.content.decode()
    assert EventMaterial.objects.get(name="ポスター").handed_out == 0


def test_event_list_filters(
    staff: Client, contract: Contract, django_assert_max_num_queries: Any
) -> None:
    tome = EventFactory(contract=contract, region_code="tome", municipality_code="042129")
    EventFactory(contract=contract)
    for _ in range(5):
        EventFactory(contract=contract, status=EventStatus.DRAFT)
    with django_assert_max_num_queries(16):  # fixed: session, user, contract, regions, events
        response = staff.get("/ops/outreach/events/", {"region": tome.region_id})
    assert [e.pk for e, _ in response.context["rows"]] == [tome.pk]
    drafts = staff.get("/ops/outreach/events/", {"status": "draft"}).context["rows"]
    assert len(drafts) == 5


def test_client_can_read_but_not_change(
    contract: Contract, make_user: Callable[..., User], login: Callable[[User], Client]
) -> None:
    event = EventFactory(contract=contract)
    client = login(make_user("client"))
    page = client.get(f"/ops/outreach/events/{event.pk}/")
    assert page.status_code == 200
    assert "当日の集計画面を開く" not in page.content.decode()
    denied = client.post(f"/ops/outreach/events/{event.pk}/status/", {"status": "held"})
    assert denied.status_code == 403
    event.refresh_from_db()
    assert event.status == EventStatus.CONFIRMED


@override_settings(FUKYU_TODAY="2025-01-10")
def test_home_panel_for_outreach_staff_only(
    contract: Contract, make_user: Callable[..., User], login: Callable[[User], Client]
) -> None:
    held = EventFactory(contract=contract, status=EventStatus.HELD, day="2024-12-07")
    make_taps(held, explained=4, installed=6)
    EventFactory(
        contract=contract,
        title="石巻の体験会",
        region_code="ishinomaki",
        municipality_code="042021",
        day="2025-01-11",
    )
    body = login(make_user("outreach")).get("/ops/").content.decode()
    assert "インストールまで完了 6人 / 目標 1000人" in body
    assert "まだ開催済みのイベントがない圏域：" in body
    assert "石巻の体験会" in body
    assert "準備の未完了 4件" in body
    manager_body = verified_login(Client(), make_user("manager")).get("/ops/").content.decode()
    assert "普及キャンペーン" in manager_body
    operator = verified_login(Client(), make_user("operator")).get("/ops/").content.decode()
    assert "インストールまで完了" not in operator


def test_public_event_list_is_n_plus_one_free(
    contract: Contract, django_assert_num_queries: Any
) -> None:
    for status in (
        EventStatus.DRAFT,
        EventStatus.CONFIRMED,
        EventStatus.HELD,
        EventStatus.CANCELLED,
    ):
        EventFactory(contract=contract, status=status)
    EventFactory(contract=contract, status=EventStatus.CONFIRMED, day="2024-12-01")
    with django_assert_num_queries(1):
        events = list(public_event_list(contract=contract))
        labels = [(e.region.name, e.municipality.name, e.venue.name) for e in events]
    assert [e.status for e in events] == ["confirmed", "confirmed", "held"]
    assert events[0].day == dt.date(2024, 12, 1)
    assert len(labels) == 3
