"""Japanese-era (和暦) formatting for every document the system produces."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

# (first Gregorian day the era covers, name, the Gregorian year of its first year); newest first.
# Japan adopted the Gregorian calendar on Meiji 6-01-01 (1873).
_ERAS: tuple[tuple[dt.date, str, int], ...] = (
    (dt.date(2019, 5, 1), "令和", 2019),
    (dt.date(1989, 1, 8), "平成", 1989),
    (dt.date(1926, 12, 25), "昭和", 1926),
    (dt.date(1912, 7, 30), "大正", 1912),
    (dt.date(1873, 1, 1), "明治", 1868),
)


def era_year(day: dt.date) -> tuple[str, int]:
    """The era name and the year within it (1 for the first year)."""
    for start, name, first_year in _ERAS:
        if day >= start:
            return name, day.year - first_year + 1
    raise ValueError(f"和暦に変換できない日付です: {day.isoformat()}")


def era_year_label(day: dt.date) -> str:
    name, year = era_year(day)
    return f"{name}{'元' if year == 1 else year}年"


def wareki(day: dt.date | dt.datetime) -> str:
    """令和7年3月31日; 令和元年5月1日 for the first year."""
    if isinstance(day, dt.datetime):
        day = _local(day).date()
    return f"{era_year_label(day)}{day.month}月{day.day}日"


_WEEKDAYS = "月火水木金土日"
_TOKYO = ZoneInfo("Asia/Tokyo")


def _local(moment: dt.datetime) -> dt.datetime:
    """Aware moments are dated in Japan time (a UTC 23:00 is already the next day in Tokyo)."""
    return moment.astimezone(_TOKYO) if moment.tzinfo is not None else moment


def wareki_with_weekday(day: dt.date) -> str:
    if isinstance(day, dt.datetime):
        day = _local(day).date()
    return f"{wareki(day)}（{_WEEKDAYS[day.weekday()]}）"


def fiscal_year_label(fiscal_year: int) -> str:
    """令和6年度 for fiscal year 2024 (April to March); a fiscal year takes the era in force at
    its end, so fiscal 2019 is 令和元年度."""
    name, year_at_end = era_year(dt.date(fiscal_year + 1, 3, 31))
    year = year_at_end - 1
    return f"{name}{'元' if year == 1 else year}年度"
