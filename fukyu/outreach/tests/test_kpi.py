"""GET /api/v1/outreach/kpi and the dashboard with its server-drawn SVG charts."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from fukyu.accounts.models import User
from fukyu.core.models import Contract
from fukyu.outreach.charts import nice_max
from fukyu.outreach.kpi import campaign_kpi, cumulative_installs
from fukyu.outreach.models import EventStatus
from fukyu.outreach.tests.factories import EventFactory, make_taps

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def season(contract: Contract) -> Contract:
    """Two held events (Sendai 300+100, Senan 100 installs), three coming, one cancelled."""
    sendai = EventFactory(contract=contract, status=EventStatus.HELD, day="2024-12-07")
    make_taps(sendai, explained=100, installed=300, age_group="70s", os="ios")
    senan = EventFactory(
        contract=contract,
        status=EventStatus.HELD,
        day="2024-12-21",
        region_code="senan",
        municipality_code="042081",
    )
    make_taps(senan, installed=100, os="android")
    for day in ("2025-01-18", "2025-02-01", "2025-02-15"):
        EventFactory(contract=contract, day=day, region_code="tome", municipality_code="042129")
    EventFactory(contract=contract, status=EventStatus.CANCELLED, day="2025-01-25")
    EventFactory(contract=contract, status=EventStatus.HELD, day="2024-12-14")  # nobody came
    return contract


@override_settings(FUKYU_TODAY="2025-01-10")
def test_kpi_api(
    season: Contract, make_user: Callable[..., User], api_client: Callable[[User], Client]
) -> None:
    response = api_client(make_user("client")).get("/api/v1/outreach/kpi")
    assert response.status_code == 200
    data = response.json()
    assert data == {
        "target": 1000,
        "installed_total": 400,
        "explained_total": 500,
        "by_region": {
            "senan": {"events_held": 1, "installed": 100},
            "sendai": {"events_held": 2, "installed": 300},
            "osaki": {"events_held": 0, "installed": 0},
            "kurihara": {"events_held": 0, "installed": 0},
            "tome": {"events_held": 0, "installed": 0},
            "ishinomaki": {"events_held": 0, "installed": 0},
            "kesennuma_motoyoshi": {"events_held": 0, "installed": 0},
        },
        "regions_without_event": [
            "osaki",
            "kurihara",
            "tome",
            "ishinomaki",
            "kesennuma_motoyoshi",
        ],
        "days_left": 50,  # 2025-01-10 .. 2025-02-28, today included
        "pace_needed_per_event": 200,  # 600 more over 3 coming events
        "pace_needed_per_day": 12,  # ceil(600 / 50)
    }


@pytest.mark.parametrize(
    ("today", "days_left", "per_day"),
    [("2024-11-15", 90, 7), ("2025-02-28", 1, 600), ("2025-03-05", 0, None)],
)
def test_days_left_and_pace_around_the_period(
    season: Contract, today: str, days_left: int, per_day: int | None
) -> None:
    kpi = campaign_kpi(contract=season, today=dt.date.fromisoformat(today))
    assert kpi.days_left == days_left
    assert kpi.pace_needed_per_day == per_day


def test_pace_when_no_event_is_left_and_when_target_is_met(contract: Contract) -> None:
    held = EventFactory(contract=contract, status=EventStatus.HELD)
    make_taps(held, installed=10)
    kpi = campaign_kpi(contract=contract, today=dt.date(2025, 1, 10))
    assert kpi.events_remaining == 0
    assert kpi.pace_needed_per_event is None
    make_taps(held, installed=990)
    done = campaign_kpi(contract=contract, today=dt.date(2025, 1, 10))
    assert (done.pace_needed_per_event, done.pace_needed_per_day, done.remaining) == (0, 0, 0)


def test_voided_taps_count_nowhere(contract: Contract) -> None:
    event = EventFactory(contract=contract, status=EventStatus.HELD)
    taps = make_taps(event, explained=2, installed=3)
    taps[-1].voided_at = timezone.now()
    taps[-1].save()
    kpi = campaign_kpi(contract=contract, today=dt.date(2025, 1, 10))
    assert (kpi.explained_total, kpi.installed_total) == (4, 2)


def test_cumulative_series_by_event_day(season: Contract) -> None:
    points = cumulative_installs(contract=season, today=dt.date(2025, 1, 10))
    by_day = {p.date: p.installed for p in points}
    assert points[0].date == dt.date(2024, 12, 1)
    assert points[-1].date == dt.date(2025, 1, 10)
    assert by_day[dt.date(2024, 12, 6)] == 0
    assert by_day[dt.date(2024, 12, 7)] == 300
    assert by_day[dt.date(2024, 12, 21)] == 400
    assert by_day[dt.date(2025, 1, 10)] == 400


@override_settings(FUKYU_TODAY="2025-01-10")
def test_dashboard_draws_svg_charts_in_japanese(
    season: Contract,
    make_user: Callable[..., User],
    login: Callable[[User], Client],
    django_assert_max_num_queries: Any,
) -> None:
    client = login(make_user("manager"))
    with django_assert_max_num_queries(25):
        response = client.get("/ops/outreach/dashboard/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "<script" not in body.split("</header>")[1]
    assert 'style="' not in body
    svgs = re.findall(r"<svg class=\"chart\".*?</svg>", body, flags=re.S)
    assert len(svgs) == 5
    trees = [ET.fromstring(svg) for svg in svgs]  # noqa: S314 (our own output: well-formed XML)
    titles = [t.find(f"{SVG}title").text for t in trees]  # type: ignore[union-attr]
    assert titles == [
        "インストールまで完了した人数の累計と目標",
        "圏域別の人数と開催状況",
        "イベント別の人数",
        "年代別の人数",
        "端末のOS別の人数",
    ]
    cumulative = svgs[0]
    assert "目標 1,000人" in cumulative
    assert "見込み" in cumulative  # the projection at the current pace
    assert 'class="series installed"' in cumulative
    assert "未開催" in svgs[1]
    assert "70代" in svgs[3]
    assert "Android" in svgs[4]
    assert "1日あたり12人" in body
    assert "1回あたり200人" in body
    # 400 installs over 41 days so far -> about 878 by the end of the 90 days.
    assert "約878人" in body


def test_dashboard_before_any_tap(
    contract: Contract, make_user: Callable[..., User], login: Callable[[User], Client]
) -> None:
    with override_settings(FUKYU_TODAY="2024-11-20"):
        response = login(make_user("client")).get("/ops/outreach/dashboard/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "キャンペーン開始前です" in body
    assert "まだ記録がありません" in body


def test_nice_max() -> None:
    values = (0, 3, 7, 11, 21, 430, 1000, 1050)
    assert [nice_max(v) for v in values] == [4, 4, 8, 12, 24, 600, 1000, 1200]
