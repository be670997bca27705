"""The bounded comparison behind the simulation page."""

from __future__ import annotations

import datetime as dt

from fukyu.core.models import Contract
from fukyu.staffing.compare import MAX_REPLICATIONS, compare_day
from fukyu.staffing.planning import contract_plan


def test_time_cap_and_replication_bound(contract: Contract) -> None:
    result = contract_plan(contract=contract, month="2024-12")
    day = result.intervals_by_date[dt.date(2024, 12, 2)]
    capped = compare_day(day, inputs=result.inputs, replications=10, time_cap_seconds=0.0)
    assert capped.replications == 1 and capped.capped
    bounded = compare_day(day, inputs=result.inputs, replications=500, time_cap_seconds=60.0)
    assert bounded.requested == MAX_REPLICATIONS == bounded.replications


def test_same_seed_same_numbers_and_erlang_columns(contract: Contract) -> None:
    result = contract_plan(contract=contract, month="2024-12")
    day = result.intervals_by_date[dt.date(2024, 12, 2)]
    a = compare_day(day, inputs=result.inputs, handle_time="lognormal", cv=1.5, seed=7)
    b = compare_day(day, inputs=result.inputs, handle_time="lognormal", cv=1.5, seed=7)
    assert a.intervals == b.intervals and a.simulated == b.simulated
    for row, iv in zip(a.intervals, day, strict=True):
        assert row.erlang_c.service_level == iv.service_level
        assert row.erlang_a.abandon_rate == iv.expected_abandon_rate
    # Over a whole day the simulated offered calls are close to the forecast.
    forecast = sum(iv.forecast_calls for iv in day)
    assert abs(a.simulated_offered - forecast) < 4 * forecast**0.5
    # The plan meets the target under its own (Erlang C) assumptions, in every interval.
    assert all(r.erlang_c.service_level >= 0.8 for r in a.intervals)
