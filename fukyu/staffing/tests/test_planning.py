"""The plan from the contract and the settings, the command and the API."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
from collections import defaultdict
from collections.abc import Callable
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from fukyu.accounts.models import User
from fukyu.audit.models import AuditEvent
from fukyu.core.models import Contract
from fukyu.core.services import contract_apply
from fukyu.staffing.actuals import actuals_report
from fukyu.staffing.models import PeakDay, StaffingSettings
from fukyu.staffing.plan import DEFAULT_INTRADAY_CURVE
from fukyu.staffing.planning import PlanUnavailableError, contract_plan
from fukyu.staffing.services import staffing_settings_ensure
from fukyu.staffing.tests.factories import at, make_inquiries


def run_json(*args: str) -> dict[str, object]:
    out = StringIO()
    call_command("staffing_plan", "--json", *args, stdout=out)
    data: dict[str, object] = json.loads(out.getvalue())
    return data


def test_settings_are_created_with_defaults_on_first_use(contract: Contract) -> None:
    assert not StaffingSettings.objects.filter(contract=contract).exists()
    first = staffing_settings_ensure(contract=contract)
    again = staffing_settings_ensure(contract=contract)
    assert first.pk == again.pk
    assert first.aht_seconds == 360
    assert first.intraday_curve == list(DEFAULT_INTRADAY_CURVE)
    assert AuditEvent.objects.filter(action="staffing_settings.create").count() == 1


def test_command_json_sums_match_the_contract_forecast(contract: Contract) -> None:
    data = run_json()
    forecast = contract.settings.forecast
    months = data["months"]
    assert isinstance(months, list)
    assert [m["month"] for m in months] == sorted(forecast)
    per_month: dict[str, float] = defaultdict(float)
    intervals = data["intervals"]
    assert isinstance(intervals, list)
    for iv in intervals:
        per_month[iv["date"][:7]] += iv["forecast_calls"]
    for m in months:
        assert m["forecast_calls"] == forecast[m["month"]]
        assert math.isclose(per_month[m["month"]], forecast[m["month"]], rel_tol=1e-9)
    # Not rounded: some interval forecasts are fractional.
    assert any(iv["forecast_calls"] != round(iv["forecast_calls"]) for iv in intervals)
    assert math.isclose(sum(per_month.values()), 40000, rel_tol=1e-9)


def test_command_json_has_open_days_only(contract: Contract) -> None:
    data = run_json()
    dates = {iv["date"] for iv in data["intervals"]}  # type: ignore[union-attr]
    day_dates = {d["date"] for d in data["days"]}  # type: ignore[union-attr]
    assert dates == day_dates
    for closed in ("2024-11-04", "2025-01-01", "2024-12-29", "2025-01-03", "2025-03-29"):
        assert closed not in dates
    assert "2024-11-02" in dates  # Saturdays are open (spec 5(1)ロ)
    open_days = contract.calendar.center_open_days(
        contract.settings.center_starts_on, contract.settings.center_ends_on
    )
    assert dates == {d.isoformat() for d in open_days}
    months = data["months"]
    assert sum(m["open_days"] for m in months) == len(open_days)  # type: ignore[union-attr]
    # 17 half hours from 9:00 to 17:30 on every open day.
    assert len(data["intervals"]) == 17 * len(open_days)  # type: ignore[arg-type]
    first = data["intervals"][0]  # type: ignore[index]
    assert first["start"] == "09:00"
    assert {"agents", "lines", "expected_abandon_rate", "headcount"} <= set(first)


def test_command_month_filter(contract: Contract) -> None:
    data = run_json("--month", "2025-01")
    assert [m["month"] for m in data["months"]] == ["2025-01"]  # type: ignore[union-attr]
    dates = {iv["date"] for iv in data["intervals"]}  # type: ignore[union-attr]
    assert dates and all(d.startswith("2025-01") for d in dates)
    assert "2025-01-01" not in dates and "2025-01-13" not in dates  # 元日, 成人の日
    total = sum(iv["forecast_calls"] for iv in data["intervals"])  # type: ignore[union-attr]
    assert math.isclose(total, 12000, rel_tol=1e-9)
    assert data["month"] == "2025-01"


def test_command_month_must_be_a_forecast_month(contract: Contract) -> None:
    with pytest.raises(CommandError, match="想定件数のある月ではありません"):
        call_command("staffing_plan", "--month", "2025-04", stdout=StringIO())
    with pytest.raises(CommandError, match="YYYY-MM"):
        call_command("staffing_plan", "--month", "2025/01", stdout=StringIO())


def test_command_text_table_in_japanese(contract: Contract) -> None:
    out = StringIO()
    call_command("staffing_plan", "--month", "2024-11", stdout=out)
    text = out.getvalue()
    plan = contract_plan(contract=contract, month="2024-11").plan
    assert "■ 月別" in text and "ピーク必要人数" in text and "2024年11月" in text
    month_line = next(line for line in text.splitlines() if line.startswith("2024年11月 "))
    m = plan.months[0]
    assert month_line.split() == [
        "2024年11月",
        "8,000",
        str(m.open_days),
        str(m.peak_agents),
        str(m.peak_headcount),
        str(m.peak_lines),
        f"{m.agent_hours:,.1f}",
        f"{m.expected_abandon_rate * 100:.1f}%",
    ]
    assert "11月4日（月）" not in text  # a substitute holiday: closed
    assert "■ 30分ごとの席数" in text
    grid_line = next(line for line in text.splitlines() if line.startswith("11月18日（月）"))
    ivs = [iv for iv in plan.intervals if iv.date == dt.date(2024, 11, 18)]
    assert grid_line.split()[1:] == [str(iv.agents) for iv in ivs]


def test_settings_and_peak_days_change_the_plan(contract: Contract) -> None:
    base = contract_plan(contract=contract, month="2024-11")
    settings = staffing_settings_ensure(contract=contract)
    settings.aht_seconds = 480
    settings.save()
    PeakDay.objects.create(
        contract=contract, date=dt.date(2024, 11, 19), multiplier=3.0, note="新聞掲載の翌日"
    )
    changed = contract_plan(contract=contract, month="2024-11")
    assert changed.plan.months[0].peak_agents > base.plan.months[0].peak_agents
    days = {d.date: d for d in changed.plan.days}
    assert (
        days[dt.date(2024, 11, 19)].forecast_calls
        > 2.5 * days[dt.date(2024, 11, 12)].forecast_calls
    )
    assert math.isclose(sum(d.forecast_calls for d in changed.plan.days), 8000, rel_tol=1e-9)
    payload = changed.payload()
    assert payload["parameters"]["aht_seconds"] == 480  # type: ignore[index]
    assert payload["parameters"]["peak_days"] == {"2024-11-19": 3.0}  # type: ignore[index]


def test_curve_that_does_not_fit_the_hours_is_reported(contract: Contract) -> None:
    settings = staffing_settings_ensure(contract=contract)
    StaffingSettings.objects.filter(pk=settings.pk).update(intraday_curve=[1.0, 2.0])
    with pytest.raises(PlanUnavailableError, match="区間数"):
        contract_plan(contract=contract)


def test_api_returns_the_same_json_as_the_command(
    contract: Contract, make_user: Callable[..., User], api_client: Callable[[User], Client]
) -> None:
    client = api_client(make_user("supervisor"))
    response = client.get("/api/v1/staffing/plan", {"month": "2024-12"})
    assert response.status_code == 200
    assert response.json() == run_json("--month", "2024-12")
    whole = client.get("/api/v1/staffing/plan")
    assert whole.status_code == 200
    assert whole.json() == run_json()


@pytest.mark.parametrize(
    ("month", "message"),
    [
        ("2024-13", "YYYY-MM"),
        ("december", "YYYY-MM"),
        ("2024-10", "想定件数のある月ではありません"),
    ],
)
def test_api_bad_month_is_422_in_japanese(
    month: str,
    message: str,
    contract: Contract,
    make_user: Callable[..., User],
    api_client: Callable[[User], Client],
) -> None:
    response = api_client(make_user("manager")).get("/api/v1/staffing/plan", {"month": month})
    assert response.status_code == 422
    assert message in response.json()["detail"]


def test_api_refuses_roles_without_staffing_read(
    contract: Contract, make_user: Callable[..., User], api_client: Callable[[User], Client]
) -> None:
    response = api_client(make_user("operator")).get("/api/v1/staffing/plan")
    assert response.status_code == 403
    assert response.json()["detail"] == "この操作を行う権限がありません"


def reopen(contract: Contract, opens: dt.time, closes: dt.time) -> Contract:
    config = dataclasses.replace(contract.settings, center_opens_at=opens, center_closes_at=closes)
    contract_apply(config=config)
    return Contract.objects.get(pk=contract.pk)


def test_other_opening_hours_get_a_fitted_default_curve(contract: Contract) -> None:
    contract = reopen(contract, dt.time(8, 30), dt.time(17, 30))
    settings = staffing_settings_ensure(contract=contract)
    assert len(settings.intraday_curve) == 18
    result = contract_plan(contract=contract, month="2024-11")
    starts = [iv.start for iv in result.intervals_by_date[dt.date(2024, 11, 5)]]
    assert starts[0] == "08:30" and starts[-1] == "17:00" and len(starts) == 18
    total = sum(iv.forecast_calls for iv in result.plan.intervals)
    assert math.isclose(total, 8000, rel_tol=1e-9)


def test_quarter_past_opening_counts_actuals_in_its_own_intervals(
    contract: Contract, make_user: Callable[..., User]
) -> None:
    contract = reopen(contract, dt.time(9, 15), dt.time(17, 45))
    result = contract_plan(contract=contract)
    make_inquiries(
        contract,
        make_user("operator"),
        [at("2024-11-05", "09:20"), at("2024-11-05", "09:44"), at("2024-11-05", "09:45")],
    )
    report = actuals_report(result=result, today=dt.date(2024, 11, 6))
    rows = report.by_interval[dt.date(2024, 11, 5)]
    assert [(r.start, r.actual) for r in rows[:3]] == [("09:15", 2), ("09:45", 1), ("10:15", 0)]


def test_mismatched_curve_shows_a_message_not_an_error(
    contract: Contract,
    make_user: Callable[..., User],
    login: Callable[[User], Client],
    api_client: Callable[[User], Client],
) -> None:
    settings = staffing_settings_ensure(contract=contract)
    StaffingSettings.objects.filter(pk=settings.pk).update(intraday_curve=[1.0] * 5)
    manager = make_user("manager")
    page = login(manager).get("/ops/staffing/")
    assert page.status_code == 200
    assert "区間数（5）が開設時間" in page.content.decode()
    api = api_client(manager).get("/api/v1/staffing/plan")
    assert api.status_code == 409
    assert "区間数" in api.json()["detail"]
    # The settings form offers the right number of inputs again, and saving repairs it.
    form = login(manager).get("/ops/staffing/settings/").content.decode()
    assert 'name="curve_16"' in form and 'name="curve_17"' not in form
