"""Actual calls against the plan: the aggregate selector, short days, the re-forecast,
the page and the home panel."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client, override_settings

from fukyu.accounts.models import User
from fukyu.callcenter.models import Inquiry
from fukyu.core.calendar import TOKYO
from fukyu.core.models import Contract
from fukyu.staffing import selectors
from fukyu.staffing.actuals import WINDOW_DAYS, actuals_report, interval_capacity
from fukyu.staffing.erlang import service_level
from fukyu.staffing.planning import contract_plan
from fukyu.staffing.selectors import IntervalCount, inquiry_counts_by_interval
from fukyu.staffing.tests.factories import at, make_inquiries

Login = Callable[[User], Client]
MakeUser = Callable[..., User]


@pytest.fixture
def operator(make_user: MakeUser) -> User:
    return make_user("operator")


def test_selector_counts_by_tokyo_date_and_half_hour(contract: Contract, operator: User) -> None:
    make_inquiries(
        contract,
        operator,
        [
            at("2024-11-05", "09:00"),
            at("2024-11-05", "09:29"),
            at("2024-11-05", "09:30"),
            at("2024-11-05", "17:29"),
            at("2024-11-05", "23:59"),  # 14:59 UTC: still the 5th in Tokyo
            at("2024-11-06", "00:10"),  # 15:10 UTC on the 5th: the 6th in Tokyo
        ],
    )
    make_inquiries(contract, operator, [at("2024-11-05", "09:10")], channel="email")
    rows = inquiry_counts_by_interval(
        contract=contract, start=dt.date(2024, 11, 5), end=dt.date(2024, 11, 6)
    )
    assert rows == [
        IntervalCount(dt.date(2024, 11, 5), 9 * 60, 2),
        IntervalCount(dt.date(2024, 11, 5), 9 * 60 + 30, 1),
        IntervalCount(dt.date(2024, 11, 5), 17 * 60, 1),
        IntervalCount(dt.date(2024, 11, 5), 23 * 60 + 30, 1),
        IntervalCount(dt.date(2024, 11, 6), 0, 1),
    ]
    every_channel = inquiry_counts_by_interval(
        contract=contract, start=dt.date(2024, 11, 5), end=dt.date(2024, 11, 5), channels=None
    )
    assert every_channel[0] == IntervalCount(dt.date(2024, 11, 5), 9 * 60, 3)
    only_6th = inquiry_counts_by_interval(
        contract=contract, start=dt.date(2024, 11, 6), end=dt.date(2024, 11, 6)
    )
    assert only_6th == [IntervalCount(dt.date(2024, 11, 6), 0, 1)]


def test_epoch_path_and_extract_fallback_agree(contract: Contract, operator: User) -> None:
    moments = [
        at("2024-11-05", "00:00"),
        at("2024-11-05", "08:59"),
        at("2024-11-05", "09:15"),
        at("2024-11-05", "13:44"),
        at("2024-11-05", "13:45"),
        at("2024-11-30", "23:59"),
        at("2024-12-01", "00:00"),
    ]
    make_inquiries(contract, operator, moments)
    make_inquiries(contract, operator, [at("2024-11-05", "13:50")], channel="web")
    qs = Inquiry.objects.filter(contract=contract, channel="phone").order_by()
    start, end = dt.date(2024, 11, 5), dt.date(2024, 12, 1)
    lo = dt.datetime.combine(start, dt.time.min, tzinfo=TOKYO)
    hi = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=TOKYO)
    for shift in (0, 15):
        by_epoch = selectors._counts_by_epoch(qs, "received_at", 9 * 3600, shift)
        by_extract = selectors._counts_by_extract(qs, "received_at", shift)
        assert by_epoch == by_extract
        assert sum(r.count for r in by_epoch) == len(moments)
        public = inquiry_counts_by_interval(
            contract=contract, start=start, end=end, offset_minutes=shift
        )
        if connection.vendor == "sqlite":
            ranges = selectors._counts_by_ranges_sqlite(
                Inquiry, "received_at", contract, lo, hi, {"channel": ["phone"]}, shift
            )
            assert ranges == by_epoch
        else:
            assert selectors._counts_by_date_bin(qs, "received_at", 9 * 3600, shift) == by_epoch
        # With a 15-minute shift the 00:00 call is counted in the interval starting 11-04
        # 23:45; every call of the range is counted exactly once.
        assert sum(r.count for r in public) == len(moments)


def test_selector_offset_for_quarter_past_opening(contract: Contract, operator: User) -> None:
    make_inquiries(contract, operator, [at("2024-11-05", "09:14"), at("2024-11-05", "09:15")])
    rows = inquiry_counts_by_interval(
        contract=contract, start=dt.date(2024, 11, 5), end=dt.date(2024, 11, 5), offset_minutes=15
    )
    assert rows == [
        IntervalCount(dt.date(2024, 11, 5), 8 * 60 + 45, 1),
        IntervalCount(dt.date(2024, 11, 5), 9 * 60 + 15, 1),
    ]


def test_selector_is_one_aggregate_query(
    contract: Contract, operator: User, django_assert_num_queries: Any
) -> None:
    make_inquiries(contract, operator, [at("2024-11-05", "10:00")] * 50)
    with django_assert_num_queries(1):
        rows = inquiry_counts_by_interval(
            contract=contract, start=dt.date(2024, 11, 1), end=dt.date(2025, 3, 28)
        )
    assert rows == [IntervalCount(dt.date(2024, 11, 5), 600, 50)]


def test_capacity_is_the_service_level_boundary() -> None:
    for agents in (1, 5, 9, 30):
        cap = interval_capacity(agents, 360.0, 0.8, 20.0, 1800.0)
        a = cap * 360 / 1800
        assert service_level(a, agents, 360, 20) >= 0.8
        assert service_level(a * 1.001 + 1e-6, agents, 360, 20) < 0.8
    assert interval_capacity(0, 360.0, 0.8, 20.0, 1800.0) == 0.0


def test_short_day_flag_and_reforecast(contract: Contract, operator: User) -> None:
    result = contract_plan(contract=contract)
    ivs = result.intervals_by_date[dt.date(2024, 11, 5)]
    cap = interval_capacity(ivs[3].agents, 360.0, 0.8, 20.0, 1800.0)
    # 11-05 10:30-11:00: more calls than the planned agents can answer at 80/20.
    burst = math.floor(cap) + 3
    make_inquiries(contract, operator, [at("2024-11-05", "10:35")] * burst)
    # 11-06: exactly the capacity (rounded down) in the same interval: not short.
    ivs6 = result.intervals_by_date[dt.date(2024, 11, 6)]
    cap6 = interval_capacity(ivs6[3].agents, 360.0, 0.8, 20.0, 1800.0)
    make_inquiries(contract, operator, [at("2024-11-06", "10:40")] * math.floor(cap6))
    make_inquiries(contract, operator, [at("2024-11-06", "19:00")] * 2)  # outside hours
    report = actuals_report(result=result, today=dt.date(2024, 11, 7))
    d5, d6, d7 = (
        report.day(dt.date(2024, 11, 5)),
        report.day(dt.date(2024, 11, 6)),
        report.day(dt.date(2024, 11, 7)),
    )
    assert d5 is not None and d6 is not None and d7 is not None
    assert d5.short and d5.short_intervals == 1 and d5.actual == burst
    assert not d6.short and d6.outside_hours == 2 and d6.actual == math.floor(cap6)
    assert report.by_interval[dt.date(2024, 11, 5)][3].short
    assert not d7.completed and d7.actual == 0
    # Re-forecast: the ratio over the completed open days from the first day with a recorded
    # call (11-05; 11-01 and 11-02 had none: not recording yet) up to yesterday (11-06).
    window = [d for d in report.days if d.completed and d.date >= dt.date(2024, 11, 5)]
    assert [d.date for d in window] == [dt.date(2024, 11, 5), dt.date(2024, 11, 6)]
    assert report.window == [d.date for d in window][-WINDOW_DAYS:]
    expected = sum(d.actual for d in window) / sum(d.forecast for d in window)
    assert report.ratio is not None and math.isclose(report.ratio, expected)
    nov = report.months[0]
    assert nov.actual_to_date == burst + math.floor(cap6)
    remaining = sum(d.forecast for d in report.days if d.date.month == 11 and not d.completed)
    assert math.isclose(nov.reforecast, nov.actual_to_date + expected * remaining)
    dec = report.months[1]
    assert math.isclose(dec.reforecast, 12000 * expected)
    assert dec.status == "これから" and nov.status == "実施中"
    # Far fewer calls than forecast: the re-planned peaks are lower.
    assert dec.reforecast_peak_headcount is not None
    assert dec.reforecast_peak_headcount < dec.peak_headcount


def test_no_data_no_reforecast(contract: Contract) -> None:
    report = actuals_report(result=contract_plan(contract=contract), today=dt.date(2024, 12, 1))
    assert report.ratio is None and not report.has_data
    assert [m.reforecast for m in report.months] == pytest.approx([8000, 12000, 12000, 5000, 3000])
    assert all(m.reforecast_peak_headcount is None for m in report.months)


def test_window_is_the_last_two_weeks(contract: Contract, operator: User) -> None:
    result = contract_plan(contract=contract)
    days = [d for d in result.plan.days if d.date < dt.date(2024, 12, 10)]
    # Before the window: twice the forecast; inside it: exactly the forecast.
    moments = []
    for i, dp in enumerate(days):
        n = round(dp.forecast_calls * (2 if i < len(days) - WINDOW_DAYS else 1))
        moments += [at(dp.date.isoformat(), "11:00")] * n
    make_inquiries(contract, operator, moments)
    report = actuals_report(result=result, today=dt.date(2024, 12, 10))
    assert len(report.window) == WINDOW_DAYS
    assert report.ratio is not None and abs(report.ratio - 1.0) < 0.01


@override_settings(FUKYU_TODAY="2024-11-07")
def test_actuals_page(
    contract: Contract,
    operator: User,
    make_user: MakeUser,
    login: Login,
    django_assert_max_num_queries: Any,
) -> None:
    result = contract_plan(contract=contract)
    cap = interval_capacity(
        result.intervals_by_date[dt.date(2024, 11, 5)][3].agents, 360.0, 0.8, 20.0, 1800.0
    )
    make_inquiries(contract, operator, [at("2024-11-05", "10:35")] * (math.floor(cap) + 2))
    make_inquiries(contract, operator, [at("2024-11-06", "09:05")] * 4)
    client = login(make_user("supervisor"))
    client.get("/ops/staffing/actuals/")
    with django_assert_max_num_queries(12):
        response = client.get("/ops/staffing/actuals/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "2024年11月の日別" in body
    assert "計画不足 1区間" in body
    assert "直近 2 開設日" in body  # 11-05, 11-06: nothing was recorded on 11-01 and 11-02
    assert body.count("<svg") == 2
    # The last completed day is shown by interval; 11-05 on request.
    assert "令和6年11月6日（水）の30分ごとの実績" in body
    day = client.get(
        "/ops/staffing/actuals/", {"month": "2024-11", "date": "2024-11-05"}
    ).content.decode()
    assert "令和6年11月5日（火）の30分ごとの実績" in day
    assert "1区間で計画不足" in day
    future = client.get(
        "/ops/staffing/actuals/", {"month": "2024-11", "date": "2024-11-20"}
    ).content.decode()
    assert "この表示の対象日ではありません" in future
    other = client.get("/ops/staffing/actuals/", {"month": "2025-02"}).content.decode()
    assert "2025年2月の日別" in other and "これから" in other


@override_settings(FUKYU_TODAY="2024-11-06")
def test_home_panel_for_supervisors(
    contract: Contract, operator: User, make_user: MakeUser, login: Login
) -> None:
    plan = contract_plan(contract=contract)
    today = plan.days_by_date[dt.date(2024, 11, 6)]
    lines = max(iv.lines for iv in plan.intervals_by_date[dt.date(2024, 11, 6)])
    client = login(make_user("supervisor"))
    body = client.get("/ops/").content.decode()
    assert (
        f"本日のピーク：席数 {today.peak_agents}席・必要人数 {today.peak_headcount}人・回線 {lines}回線"
        in body
    )
    assert "前の開設日（令和6年11月5日（火））の実績はまだ記録されていません" in body
    cap = interval_capacity(
        plan.intervals_by_date[dt.date(2024, 11, 5)][0].agents, 360.0, 0.8, 20.0, 1800.0
    )
    make_inquiries(contract, operator, [at("2024-11-05", "09:01")] * (math.floor(cap) + 1))
    body = client.get("/ops/").content.decode()
    assert "計画不足" in body and "1 区間で実績が計画の対応可能件数を上回りました" in body
    operator_home = Client()
    assert "本日のピーク" not in login(operator).get("/ops/").content.decode()
    del operator_home


@override_settings(FUKYU_TODAY="2024-11-04")
def test_home_panel_on_a_closed_day(contract: Contract, make_user: MakeUser, login: Login) -> None:
    body = login(make_user("manager")).get("/ops/").content.decode()
    assert "本日は計画の対象日（開設日）ではありません" in body
