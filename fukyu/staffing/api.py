"""The staffing API router, mounted at /api/v1/ by config/api.py."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from fukyu.accounts.api_auth import API_AUTH
from fukyu.accounts.permissions import api_require
from fukyu.core.selectors import active_contract
from fukyu.staffing.planning import MonthError, PlanUnavailableError, contract_plan

router = Router(tags=["人員計画"])


class ParametersOut(Schema):
    aht_seconds: float
    service_level_target: float
    service_level_seconds: float
    shrinkage: float
    max_occupancy: float
    patience_seconds: float
    blocking_target: float
    interval_minutes: int
    opens_at: str
    closes_at: str
    day_of_week_weights: list[float]
    intraday_curve: list[float]
    peak_days: dict[str, float]
    settings_updated_at: str | None


class MonthOut(Schema):
    month: str
    forecast_calls: float
    open_days: int
    peak_agents: int
    peak_headcount: int
    peak_lines: int
    agent_hours: float
    expected_abandon_rate: float


class DayOut(Schema):
    date: str
    forecast_calls: float
    peak_agents: int
    peak_headcount: int
    peak_lines: int
    agent_hours: float


class IntervalOut(Schema):
    date: str
    start: str
    forecast_calls: float
    traffic: float
    agents: int
    headcount: int
    lines: int
    service_level: float
    expected_abandon_rate: float
    occupancy: float


class PlanOut(Schema):
    contract: str
    month: str | None
    parameters: ParametersOut
    months: list[MonthOut]
    days: list[DayOut]
    intervals: list[IntervalOut]


@router.get("/staffing/plan", response=PlanOut, auth=API_AUTH)
def staffing_plan(request: HttpRequest, month: str | None = None) -> dict[str, Any]:
    """The season plan (open days only), or one month of it with `month=YYYY-MM`.

    The same JSON as `manage.py staffing_plan --json`. Interval forecasts are not rounded, so
    they add up to the month's forecast.
    """
    api_require(request, "staffing_read")
    try:
        return contract_plan(contract=active_contract(), month=month).payload()
    except MonthError as exc:
        raise HttpError(422, str(exc)) from exc
    except PlanUnavailableError as exc:
        raise HttpError(409, str(exc)) from exc
