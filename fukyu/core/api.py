"""The contract's public calendar and reference lists."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from fukyu.accounts.api_auth import API_AUTH
from fukyu.core.selectors import (
    active_contract,
    category_list,
    mini_app_list,
    municipality_list,
    region_list,
)

router = Router(tags=["契約・カレンダー"])
MAX_CALENDAR_DAYS = 400


class CalendarDayOut(Schema):
    date: dt.date
    center_open: bool
    client_business_day: bool
    holiday_name: str | None
    closed_reason: str | None


def _parse_date(value: str, name: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise HttpError(
            422, f"{name} は YYYY-MM-DD 形式の日付で指定してください（{value!r}）"
        ) from None


@router.get("/calendar", response=list[CalendarDayOut], auth=None)
def calendar(
    request: HttpRequest,
    from_: str = Query("", alias="from"),  # type: ignore[type-arg]
    to: str = "",
) -> list[CalendarDayOut]:
    """Open days of the call center and business days of the client, one object per date."""
    raw_from = from_
    if not raw_from or not to:
        raise HttpError(422, "from と to の両方を YYYY-MM-DD 形式で指定してください")
    start, end = _parse_date(raw_from, "from"), _parse_date(to, "to")
    if end < start:
        raise HttpError(422, "to は from 以降の日付を指定してください")
    if (end - start).days + 1 > MAX_CALENDAR_DAYS:
        raise HttpError(422, f"期間は{MAX_CALENDAR_DAYS}日以内で指定してください")
    cal = active_contract().calendar
    return [
        CalendarDayOut(
            date=d.date,
            center_open=d.center_open,
            client_business_day=d.client_business_day,
            holiday_name=d.holiday_name,
            closed_reason=d.closed_reason,
        )
        for d in cal.days(start, end)
    ]


class CodeNameOut(Schema):
    code: str
    name: str
    is_active: bool


class MiniAppOut(CodeNameOut):
    short_name: str
    description: str


class RegionOut(Schema):
    code: str
    name: str


class MunicipalityOut(Schema):
    code: str
    name: str
    kana: str
    region: RegionOut


@router.get("/categories", response=list[CodeNameOut], auth=API_AUTH)
def categories(request: HttpRequest) -> list[CodeNameOut]:
    return [
        CodeNameOut(code=c.code, name=c.name, is_active=c.is_active)
        for c in category_list(contract=active_contract())
    ]


@router.get("/mini-apps", response=list[MiniAppOut], auth=API_AUTH)
def mini_apps(request: HttpRequest) -> list[MiniAppOut]:
    return [
        MiniAppOut(
            code=a.code,
            name=a.name,
            short_name=a.short_name,
            description=a.description,
            is_active=a.is_active,
        )
        for a in mini_app_list(contract=active_contract())
    ]


@router.get("/regions", response=list[RegionOut], auth=API_AUTH)
def regions(request: HttpRequest) -> list[RegionOut]:
    return [RegionOut(code=r.code, name=r.name) for r in region_list(contract=active_contract())]


@router.get("/municipalities", response=list[MunicipalityOut], auth=API_AUTH)
def municipalities(request: HttpRequest) -> list[MunicipalityOut]:
    return [
        MunicipalityOut(
            code=m.code,
            name=m.name,
            kana=m.kana,
            region=RegionOut(code=m.region.code, name=m.region.name),
        )
        for m in municipality_list(contract=active_contract())
    ]
