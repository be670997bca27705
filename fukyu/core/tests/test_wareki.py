import datetime as dt

import pytest

from fukyu.core.wareki import fiscal_year_label, wareki, wareki_with_weekday


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (dt.date(2025, 3, 31), "令和7年3月31日"),
        (dt.date(2019, 5, 1), "令和元年5月1日"),
        (dt.date(2019, 4, 30), "平成31年4月30日"),
        (dt.date(1989, 1, 8), "平成元年1月8日"),
        (dt.date(1989, 1, 7), "昭和64年1月7日"),
        (dt.date(2024, 11, 1), "令和6年11月1日"),
        (dt.date(1912, 7, 30), "大正元年7月30日"),
        (dt.date(1900, 1, 1), "明治33年1月1日"),
    ],
)
def test_wareki(day: dt.date, text: str) -> None:
    assert wareki(day) == text


def test_datetime_and_weekday_and_fiscal_year() -> None:
    assert wareki(dt.datetime(2025, 1, 6, 9, 0)) == "令和7年1月6日"
    assert wareki_with_weekday(dt.date(2025, 1, 6)) == "令和7年1月6日（月）"
    assert fiscal_year_label(2024) == "令和6年度"
    assert fiscal_year_label(2019) == "令和元年度"


def test_before_gregorian_adoption_is_refused() -> None:
    with pytest.raises(ValueError, match="和暦"):
        wareki(dt.date(1872, 12, 31))


def test_aware_moments_are_dated_in_japan_time() -> None:
    late_utc = dt.datetime(2025, 3, 30, 23, 30, tzinfo=dt.UTC)  # 2025-03-31 08:30 in Tokyo
    assert wareki(late_utc) == "令和7年3月31日"
    assert wareki_with_weekday(late_utc) == "令和7年3月31日（月）"
