"""Call records (imported CDRs) as the source of actual calls: counted per Tokyo date and
half hour, preferred over the logged inquiries on every day that has them."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client, override_settings

from fukyu.accounts.models import User
from fukyu.callcenter.models import CallRecord
from fukyu.core.calendar import TOKYO
from fukyu.core.models import Contract
from fukyu.staffing import selectors
from fukyu.staffing.actuals import (
    SOURCES,
    _spans_without,
    actuals_report,
    day_actual,
    interval_capacity,
)
from fukyu.staffing.planning import contract_plan
from fukyu.staffing.selectors import IntervalCount, call_counts_by_interval
from fukyu.staffing.tests.factories import at, make_calls, make_inquiries

pytestmark = pytest.mark.django_db

Login = Callable[[User], Client]
MakeUser = Callable[..., User]
NOV5, NOV6, NOV7 = dt.date(2024, 11, 5), dt.date(2024, 11, 6), dt.date(2024, 11, 7)


@pytest.fixture
def operator(make_user: MakeUser) -> User:
    return make_user("operator")


def test_call_counts_include_every_outcome(contract: Contract) -> None:
    make_calls(contract, [at("2024-11-05", "09:00"), at("2024-11-05", "09:29")])
    make_calls(contract, [at("2024-11-05", "09:10")], disposition="NO ANSWER", prefix="na")
    make_calls(contract, [at("2024-11-05", "09:45")], disposition="BUSY", prefix="busy")
    make_calls(contract, [at("2024-11-05", "23:59"), at("2024-11-06", "00:10")], prefix="late")
    rows = call_counts_by_interval(contract=contract, start=NOV5, end=NOV6)
    assert rows == [
        IntervalCount(NOV5, 9 * 60, 3),
        IntervalCount(NOV5, 9 * 60 + 30, 1),
        IntervalCount(NOV5, 23 * 60 + 30, 1),
        IntervalCount(NOV6, 0, 1),
    ]
    assert call_counts_by_interval(contract=contract, start=NOV6, end=NOV6) == [
        IntervalCount(NOV6, 0, 1)
    ]


def test_call_count_paths_agree(contract: Contract) -> None:
    moments = [
        at("2024-11-05", "00:00"),
        at("2024-11-05", "09:15"),
        at("2024-11-05", "13:44"),
        at("2024-11-05", "13:45"),
        at("2024-11-30", "23:59"),
        at("2024-12-01", "00:00"),
    ]
    make_calls(contract, moments)
    qs = CallRecord.objects.filter(contract=contract).order_by()
    start, end = NOV5, dt.date(2024, 12, 1)
    lo = dt.datetime.combine(start, dt.time.min, tzinfo=TOKYO)
    hi = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=TOKYO)
    for shift in (0, 15):
        by_epoch = selectors._counts_by_epoch(qs, "start", 9 * 3600, shift)
        assert by_epoch == selectors._counts_by_extract(qs, "start", shift)
        assert sum(r.count for r in by_epoch) == len(moments)
        if connection.vendor == "sqlite":
            ranges = selectors._counts_by_ranges_sqlite(
                CallRecord, "start", contract, lo, hi, {}, shift
            )
            assert ranges == by_epoch
        else:
            assert selectors._counts_by_date_bin(qs, "start", 9 * 3600, shift) == by_epoch
        public = call_counts_by_interval(
            contract=contract, start=start, end=end, offset_minutes=shift
        )
        assert sum(r.count for r in public) == len(moments)


def test_call_records_win_on_their_days_inquiries_elsewhere(
    contract: Contract, operator: User
) -> None:
    # 11-05: the phone system saw 7 calls (2 unanswered); operators logged only 4.
    make_calls(contract, [at("2024-11-05", "10:05")] * 5)
    make_calls(contract, [at("2024-11-05", "10:20")] * 2, disposition="NO ANSWER", prefix="na")
    make_inquiries(contract, operator, [at("2024-11-05", "10:10")] * 4)
    # 11-06: no call records imported yet: the inquiries count.
    make_inquiries(contract, operator, [at("2024-11-06", "11:00")] * 3)
    result = contract_plan(contract=contract)
    report = actuals_report(result=result, today=NOV7)
    d5, d6 = report.day(NOV5), report.day(NOV6)
    assert d5 is not None and d6 is not None
    assert (d5.actual, d5.source, d5.source_label) == (7, "calls", "通話記録")
    assert (d6.actual, d6.source, d6.source_label) == (3, "inquiries", "問い合わせ記録")
    assert report.months[0].actual_to_date == 10
    assert "通話記録" in report.source_label
    # Each source on its own.
    only_calls = actuals_report(result=result, today=NOV7, source="calls")
    only_inquiries = actuals_report(result=result, today=NOV7, source="inquiries")
    assert [only_calls.day(d).actual for d in (NOV5, NOV6)] == [7, 0]  # type: ignore[union-attr]
    assert [only_inquiries.day(d).actual for d in (NOV5, NOV6)] == [4, 3]  # type: ignore[union-attr]
    # One day, as the home panel asks.
    found = day_actual(result=result, day=NOV5, today=NOV7)
    assert found is not None and found[0].actual == 7 and found[2]
    rows = SOURCES["auto"].interval_counts(contract=contract, start=NOV5, end=NOV6)
    assert {(r.date, r.source) for r in rows} == {(NOV5, "calls"), (NOV6, "inquiries")}


def test_unanswered_calls_reveal_a_short_day_the_inquiries_hide(
    contract: Contract, operator: User
) -> None:
    result = contract_plan(contract=contract)
    agents = result.intervals_by_date[NOV5][3].agents  # 10:30-11:00
    cap = interval_capacity(agents, 360.0, 0.8, 20.0, 1800.0)
    answered = math.floor(cap) - 1
    make_inquiries(contract, operator, [at("2024-11-05", "10:40")] * answered)
    make_calls(contract, [at("2024-11-05", "10:40")] * answered)
    make_calls(contract, [at("2024-11-05", "10:50")] * 4, disposition="NO ANSWER", prefix="na")
    by_inquiries = actuals_report(result=result, today=NOV6, source="inquiries").day(NOV5)
    by_default = actuals_report(result=result, today=NOV6).day(NOV5)
    assert by_inquiries is not None and not by_inquiries.short
    assert by_default is not None and by_default.short and by_default.short_intervals == 1
    assert by_default.actual == answered + 4


@override_settings(FUKYU_TODAY="2024-11-07")
def test_actuals_page_names_the_source_of_each_day(
    contract: Contract,
    operator: User,
    make_user: MakeUser,
    login: Login,
    django_assert_max_num_queries: Any,
) -> None:
    make_calls(contract, [at("2024-11-05", "09:05")] * 6)
    make_inquiries(contract, operator, [at("2024-11-06", "09:05")] * 4)
    client = login(make_user("supervisor"))
    client.get("/ops/staffing/actuals/")
    # Bounded whatever the number of days: the inquiries are read per run of days without
    # call records (here 11-01…11-04 and 11-06…11-07), at most MAX_SPANS runs.
    with django_assert_max_num_queries(14):
        body = client.get("/ops/staffing/actuals/", {"month": "2024-11"}).content.decode()
    assert '<th scope="col">データ元</th>' in body
    row5 = body.split("令和6年11月5日（火）</a>")[1].split("</tr>")[0]
    row6 = body.split("令和6年11月6日（水）</a>")[1].split("</tr>")[0]
    assert '<td class="n">6</td>' in row5 and "<td>通話記録</td>" in row5
    assert '<td class="n">4</td>' in row6 and "<td>問い合わせ記録</td>" in row6
    day = client.get("/ops/staffing/actuals/", {"month": "2024-11", "date": "2024-11-05"})
    assert "実績 6件（通話記録）" in day.content.decode()


def test_inquiries_are_read_only_for_days_without_call_records(
    contract: Contract, operator: User, django_assert_num_queries: Any
) -> None:
    make_calls(contract, [at("2024-11-05", "10:00"), at("2024-11-06", "10:00")])
    make_inquiries(contract, operator, [at("2024-11-06", "10:00")] * 9)
    auto = SOURCES["auto"]
    with django_assert_num_queries(2):  # call records exist? + their counts; no inquiries
        rows = auto.interval_counts(contract=contract, start=NOV5, end=NOV6)
    assert [(r.date, r.count, r.source) for r in rows] == [(NOV5, 1, "calls"), (NOV6, 1, "calls")]
    assert _spans_without({NOV5, NOV7}, dt.date(2024, 11, 4), dt.date(2024, 11, 9)) == [
        (dt.date(2024, 11, 4), dt.date(2024, 11, 4)),
        (NOV6, NOV6),
        (dt.date(2024, 11, 8), dt.date(2024, 11, 9)),
    ]
    every_other = {dt.date(2024, 11, 1) + dt.timedelta(days=2 * i) for i in range(15)}
    assert _spans_without(every_other, dt.date(2024, 11, 1), dt.date(2024, 11, 30)) == [
        (dt.date(2024, 11, 2), dt.date(2024, 11, 30))
    ]
