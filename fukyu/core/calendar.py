"""The two calendars of a contract: the call center's open days and the client's business days.

National and substitute holidays come from the `holidays` package; the year-end closure and the
periods come from the contract configuration. Every moment is aware, in Asia/Tokyo.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Literal
from zoneinfo import ZoneInfo

import holidays

from fukyu.core.contract_config import ContractConfig

TOKYO = ZoneInfo("Asia/Tokyo")
ClosedReason = Literal["holiday", "year_end", "outside_period", "weekday"]


@cache
def _japan_holidays(year: int) -> dict[dt.date, str]:
    return dict(holidays.country_holidays("JP", years=year, language="ja").items())


def holiday_name(day: dt.date) -> str | None:
    """The national holiday (祝日 or 振替休日) on this date, in Japanese, or None."""
    return _japan_holidays(day.year).get(day)


@dataclass(frozen=True)
class DayInfo:
    date: dt.date
    center_open: bool
    client_business_day: bool
    holiday_name: str | None
    closed_reason: ClosedReason | None

    @property
    def closed_label(self) -> str:
        if self.closed_reason == "holiday":
            return f"祝日（{self.holiday_name}）"
        if self.closed_reason == "year_end":
            return "年末年始"
        if self.closed_reason == "outside_period":
            return "開設期間外"
        if self.closed_reason == "weekday":
            return "休業日"
        return ""


class ContractCalendar:
    def __init__(self, config: ContractConfig) -> None:
        self.config = config

    def is_year_end(self, day: dt.date) -> bool:
        start, end = self.config.year_end_from, self.config.year_end_to
        key = (day.month, day.day)
        lo, hi = (start.month, start.day), (end.month, end.day)
        if lo <= hi:
            return lo <= key <= hi
        return key >= lo or key <= hi

    def in_center_period(self, day: dt.date) -> bool:
        return self.config.center_starts_on <= day <= self.config.center_ends_on

    def day(self, day: dt.date) -> DayInfo:
        name = holiday_name(day)
        cfg = self.config
        reason: ClosedReason | None = None
        if not self.in_center_period(day):
            reason = "outside_period"
        elif self.is_year_end(day):
            reason = "year_end"
        elif name is not None and cfg.center_closed_on_holidays:
            reason = "holiday"
        elif day.weekday() not in cfg.center_open_weekdays:
            reason = "weekday"
        return DayInfo(
            date=day,
            center_open=reason is None,
            client_business_day=self.is_client_business_day(day),
            holiday_name=name,
            closed_reason=reason,
        )

    def days(self, start: dt.date, end: dt.date) -> Iterator[DayInfo]:
        current = start
        while current <= end:
            yield self.day(current)
            current += dt.timedelta(days=1)

    def center_open(self, day: dt.date) -> bool:
        return self.day(day).center_open

    def center_open_days(self, start: dt.date, end: dt.date) -> list[dt.date]:
        return [info.date for info in self.days(start, end) if info.center_open]

    def is_client_business_day(self, day: dt.date) -> bool:
        cfg = self.config
        if day.weekday() not in cfg.client_business_weekdays or self.is_year_end(day):
            return False
        return not (cfg.client_closed_on_holidays and holiday_name(day) is not None)

    def client_business_days(self, start: dt.date, end: dt.date) -> list[dt.date]:
        return [info.date for info in self.days(start, end) if info.client_business_day]

    def next_client_business_day(self, day: dt.date) -> dt.date:
        """The first client business day strictly after `day`."""
        current = day + dt.timedelta(days=1)
        while not self.is_client_business_day(current):
            current += dt.timedelta(days=1)
        return current

    def at(self, day: dt.date, time: dt.time) -> dt.datetime:
        return dt.datetime.combine(day, time, tzinfo=TOKYO)

    def center_open_at(self, moment: dt.datetime) -> bool:
        local = moment.astimezone(TOKYO)
        cfg = self.config
        return (
            self.center_open(local.date())
            and cfg.center_opens_at <= local.time() < cfg.center_closes_at
        )

    def within_client_hours(self, moment: dt.datetime) -> bool:
        local = moment.astimezone(TOKYO)
        cfg = self.config
        return (
            self.is_client_business_day(local.date())
            and cfg.client_opens_at <= local.time() < cfg.client_closes_at
        )

    def next_client_business_moment(self, moment: dt.datetime) -> dt.datetime:
        """`moment` itself when the client is at work, else the opening of its next business day."""
        local = moment.astimezone(TOKYO)
        if self.within_client_hours(local):
            return local
        day = local.date()
        if self.is_client_business_day(day) and local.time() < self.config.client_opens_at:
            return self.at(day, self.config.client_opens_at)
        return self.at(self.next_client_business_day(day), self.config.client_opens_at)

    def client_deadline(self, moment: dt.datetime, minutes: int) -> dt.datetime:
        """The deadline for telling the client: within its hours, `minutes` later; otherwise the
        opening of its next business day (the same day's opening before hours)."""
        local = moment.astimezone(TOKYO)
        if self.within_client_hours(local):
            return local + dt.timedelta(minutes=minutes)
        return self.next_client_business_moment(local)

    def report_due(self, day: dt.date) -> dt.datetime:
        """A day's report is due at the opening of the client's next business day."""
        return self.at(self.next_client_business_day(day), self.config.client_opens_at)
