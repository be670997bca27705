"""The season plan of a contract: its inputs from the database and the contract, its JSON.

The page, the XLSX export, ``manage.py staffing_plan`` and ``GET /api/v1/staffing/plan`` all
take their numbers from :func:`contract_plan`, so they always agree.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

from fukyu.core.calendar import ContractCalendar
from fukyu.core.contract_config import ContractConfig
from fukyu.core.models import Contract
from fukyu.staffing.models import (
    INTERVAL_MINUTES,
    PeakDay,
    StaffingSettings,
    interval_count,
    interval_labels,
)
from fukyu.staffing.plan import DayPlan, IntervalPlan, PlanInputs, SeasonPlan, build_season_plan
from fukyu.staffing.selectors import peak_day_list
from fukyu.staffing.services import staffing_settings_ensure

_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


class PlanUnavailableError(ValueError):
    """The plan cannot be computed; the message says why, in Japanese."""


class MonthError(PlanUnavailableError):
    """The requested month is malformed or not a forecast month."""


def parse_month(value: str, *, config: ContractConfig) -> str:
    """A 'YYYY-MM' that is one of the forecast months, or PlanUnavailableError."""
    m = _MONTH_RE.match(value.strip())
    if not m or not 1 <= int(m[2]) <= 12:
        raise MonthError(f"月は YYYY-MM 形式で指定してください（{value!r}）")
    month = f"{m[1]}-{m[2]}"
    if month not in config.forecast:
        months = "、".join(sorted(config.forecast))
        raise MonthError(f"{month} は想定件数のある月ではありません（指定できる月：{months}）")
    return month


def season_open_days(config: ContractConfig, calendar: ContractCalendar) -> list[dt.date]:
    return calendar.center_open_days(config.center_starts_on, config.center_ends_on)


def build_inputs(
    *,
    config: ContractConfig,
    calendar: ContractCalendar,
    settings: StaffingSettings,
    peaks: Mapping[dt.date, float],
    forecast: Mapping[str, float] | None = None,
) -> PlanInputs:
    """PlanInputs from the contract (forecast, open days, hours) and the staffing settings.

    ``forecast`` replaces the contract's monthly forecast (the re-forecast uses it).
    """
    expected = interval_count(config)
    curve = [float(v) for v in settings.intraday_curve]
    if len(curve) != expected:
        raise PlanUnavailableError(
            f"時間帯別の比率の区間数（{len(curve)}）が開設時間"
            f"（{config.center_opens_at:%H:%M}〜{config.center_closes_at:%H:%M}、"
            f"{expected}区間）と一致しません。人員計画の設定で見直してください"
        )
    months = []
    for key, calls in sorted((forecast if forecast is not None else config.forecast).items()):
        year, month = (int(p) for p in key.split("-"))
        months.append((year, month, float(calls)))
    return PlanInputs(
        months=months,
        open_days=season_open_days(config, calendar),
        aht_seconds=float(settings.aht_seconds),
        day_of_week_weights=[float(v) for v in settings.day_of_week_weights],
        intraday_curve=curve,
        service_level_target=settings.service_level_percent / 100.0,
        service_level_seconds=float(settings.service_level_seconds),
        shrinkage=settings.shrinkage_percent / 100.0,
        max_occupancy=settings.max_occupancy_percent / 100.0,
        patience_seconds=float(settings.patience_seconds),
        blocking_target=settings.blocking_percent / 100.0,
        peak_multipliers=dict(peaks),
        opening_time=config.center_opens_at,
        interval_seconds=INTERVAL_MINUTES * 60,
    )


def run_plan(inputs: PlanInputs, month: str | None = None) -> SeasonPlan:
    try:
        return build_season_plan(inputs, month)
    except ValueError as exc:
        text = str(exc)
        if "no open day" in text:
            raise PlanUnavailableError(
                f"{text.split(' ')[0]} は想定件数がありますが開設日がありません"
                "（契約の設定を確認してください）"
            ) from exc
        raise PlanUnavailableError(f"人員計画を計算できません：{text}") from exc


@dataclass(frozen=True)
class ContractPlan:
    """A computed plan and everything needed to show or export it."""

    contract: Contract
    settings: StaffingSettings
    inputs: PlanInputs
    plan: SeasonPlan
    month: str | None
    peaks: list[PeakDay]

    @property
    def config(self) -> ContractConfig:
        return self.contract.settings

    @cached_property
    def interval_labels(self) -> list[str]:
        return interval_labels(self.config)

    @cached_property
    def intervals_by_date(self) -> dict[dt.date, list[IntervalPlan]]:
        out: dict[dt.date, list[IntervalPlan]] = {}
        for iv in self.plan.intervals:
            out.setdefault(iv.date, []).append(iv)
        return out

    @cached_property
    def days_by_date(self) -> dict[dt.date, DayPlan]:
        return {d.date: d for d in self.plan.days}

    def parameters(self) -> dict[str, object]:
        s, p = self.settings, self.inputs
        return {
            "aht_seconds": p.aht_seconds,
            "service_level_target": p.service_level_target,
            "service_level_seconds": p.service_level_seconds,
            "shrinkage": p.shrinkage,
            "max_occupancy": p.max_occupancy,
            "patience_seconds": p.patience_seconds,
            "blocking_target": p.blocking_target,
            "interval_minutes": INTERVAL_MINUTES,
            "opens_at": self.config.center_opens_at.strftime("%H:%M"),
            "closes_at": self.config.center_closes_at.strftime("%H:%M"),
            "day_of_week_weights": list(p.day_of_week_weights),
            "intraday_curve": list(p.intraday_curve),
            "peak_days": {d.isoformat(): f for d, f in sorted(p.peak_multipliers.items())},
            "settings_updated_at": s.updated_at.isoformat() if s.updated_at else None,
        }

    def payload(self) -> dict[str, object]:
        """The JSON of the command and the API: parameters, months, days and intervals."""
        data = self.plan.to_dict()
        return {
            "contract": self.contract.code,
            "month": self.month,
            "parameters": self.parameters(),
            "months": data["months"],
            "days": data["days"],
            "intervals": data["intervals"],
        }


def contract_plan(
    *, contract: Contract, month: str | None = None, settings: StaffingSettings | None = None
) -> ContractPlan:
    """The season plan of ``contract`` (or one month of it) from its current settings."""
    config = contract.settings
    if month is not None:
        month = parse_month(month, config=config)
    if settings is None:
        settings = staffing_settings_ensure(contract=contract)
    peaks = list(peak_day_list(contract=contract))
    inputs = build_inputs(
        config=config,
        calendar=contract.calendar,
        settings=settings,
        peaks={p.date: p.multiplier for p in peaks},
    )
    return ContractPlan(
        contract=contract,
        settings=settings,
        inputs=inputs,
        plan=run_plan(inputs, month),
        month=month,
        peaks=peaks,
    )
