"""The two calendars against ../shared/reference/holidays.md."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from fukyu.core.calendar import TOKYO, ContractCalendar, holiday_name
from fukyu.core.contract_config import load_contract_file

DEFAULT = Path(__file__).resolve().parents[1] / "contracts" / "miyagi-r6.toml"


@pytest.fixture(scope="module")
def cal() -> ContractCalendar:
    return ContractCalendar(load_contract_file(DEFAULT))


# Month → (open days, client business days), from holidays.md §4.
MONTHS = {
    (2024, 11): (27, 20),
    (2024, 12): (28, 20),
    (2025, 1): (27, 19),
    (2025, 2): (25, 18),
    (2025, 3): (27, 19),
}


@pytest.mark.parametrize(("month", "expected"), MONTHS.items())
def test_month_counts_match_reference(
    cal: ContractCalendar, month: tuple[int, int], expected: tuple[int, int]
) -> None:
    year, m = month
    start = dt.date(year, m, 1)
    end = min(
        (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1), dt.date(2025, 3, 28)
    )
    assert len(cal.center_open_days(start, end)) == expected[0]
    assert len(cal.client_business_days(start, end)) == expected[1]


def test_season_totals(cal: ContractCalendar) -> None:
    start, end = dt.date(2024, 11, 1), dt.date(2025, 3, 28)
    assert len(cal.center_open_days(start, end)) == 134
    assert len(cal.client_business_days(start, end)) == 96


def test_closed_days_and_reasons(cal: ContractCalendar) -> None:
    closed = {
        d.date: d.closed_reason
        for d in cal.days(dt.date(2024, 11, 1), dt.date(2025, 3, 28))
        if not d.center_open
    }
    assert closed == {
        dt.date(2024, 11, 3): "holiday",
        dt.date(2024, 11, 4): "holiday",
        dt.date(2024, 11, 23): "holiday",
        dt.date(2024, 12, 29): "year_end",
        dt.date(2024, 12, 30): "year_end",
        dt.date(2024, 12, 31): "year_end",
        dt.date(2025, 1, 1): "year_end",
        dt.date(2025, 1, 2): "year_end",
        dt.date(2025, 1, 3): "year_end",
        dt.date(2025, 1, 13): "holiday",
        dt.date(2025, 2, 11): "holiday",
        dt.date(2025, 2, 23): "holiday",
        dt.date(2025, 2, 24): "holiday",
        dt.date(2025, 3, 20): "holiday",
    }


def test_holiday_names_in_japanese() -> None:
    assert holiday_name(dt.date(2024, 11, 3)) == "文化の日"
    assert holiday_name(dt.date(2024, 11, 4)) == "振替休日"
    assert holiday_name(dt.date(2025, 3, 20)) == "春分の日"
    assert holiday_name(dt.date(2024, 11, 5)) is None


def test_weekends_open_for_center_but_not_client(cal: ContractCalendar) -> None:
    saturday = cal.day(dt.date(2024, 12, 28))
    assert saturday.center_open and not saturday.client_business_day
    assert cal.day(dt.date(2025, 1, 4)).center_open


def test_outside_period_wins_over_holiday(cal: ContractCalendar) -> None:
    day = cal.day(dt.date(2025, 4, 29))  # 昭和の日, after the center closes
    assert day.closed_reason == "outside_period"
    assert day.holiday_name == "昭和の日"
    assert not day.client_business_day
    # The client's business days do not depend on the contract period.
    assert cal.day(dt.date(2025, 4, 1)).client_business_day
    assert cal.day(dt.date(2024, 10, 31)).closed_reason == "outside_period"


def tokyo(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=TOKYO)


@pytest.mark.parametrize(
    ("raised", "deadline"),
    [
        (tokyo(2024, 11, 6, 12, 0), tokyo(2024, 11, 6, 12, 30)),  # weekday in hours
        (tokyo(2024, 11, 8, 17, 10), tokyo(2024, 11, 11, 9, 0)),  # Friday after hours → Monday
        (tokyo(2024, 11, 9, 10, 0), tokyo(2024, 11, 11, 9, 0)),  # Saturday → Monday
        (
            tokyo(2025, 1, 11, 10, 0),
            tokyo(2025, 1, 14, 9, 0),
        ),  # Saturday, Monday 成人の日 → Tuesday
        (tokyo(2024, 12, 27, 18, 0), tokyo(2025, 1, 6, 9, 0)),  # year-end closure
        (tokyo(2024, 11, 6, 7, 30), tokyo(2024, 11, 6, 9, 0)),  # before hours: same day 9:00
        (tokyo(2024, 11, 6, 16, 59), tokyo(2024, 11, 6, 17, 29)),  # still within hours
    ],
)
def test_client_deadline(cal: ContractCalendar, raised: dt.datetime, deadline: dt.datetime) -> None:
    assert cal.client_deadline(raised, 30) == deadline


def test_report_due_next_business_morning(cal: ContractCalendar) -> None:
    for day in (dt.date(2024, 11, 8), dt.date(2024, 11, 9), dt.date(2024, 11, 10)):
        assert cal.report_due(day) == tokyo(2024, 11, 11, 9, 0)
    assert cal.report_due(dt.date(2025, 2, 21)) == tokyo(2025, 2, 25, 9, 0)  # 2/24 振替休日


def test_center_open_at_respects_hours(cal: ContractCalendar) -> None:
    assert cal.center_open_at(tokyo(2024, 11, 9, 9, 0))
    assert cal.center_open_at(tokyo(2024, 11, 9, 17, 29))
    assert not cal.center_open_at(tokyo(2024, 11, 9, 17, 30))
    assert not cal.center_open_at(tokyo(2024, 11, 9, 8, 59))
    assert not cal.center_open_at(tokyo(2024, 11, 4, 12, 0))
