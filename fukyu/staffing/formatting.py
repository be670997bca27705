"""Japanese labels shared by the page, the command and the XLSX export."""

from __future__ import annotations

import datetime as dt

from fukyu.staffing.models import WEEKDAY_LABELS
from fukyu.staffing.plan import PlanInputs


def month_label(month: str) -> str:
    """'2024-11' -> '2024年11月'."""
    year, mon = month.split("-")
    return f"{int(year)}年{int(mon)}月"


def day_label(day: dt.date) -> str:
    """'11月1日（金）'."""
    return f"{day.month}月{day.day}日（{WEEKDAY_LABELS[day.weekday()]}）"


def percent(value: float, digits: int = 1) -> str:
    return f"{value * 100:.{digits}f}%"


def parameter_items(inputs: PlanInputs) -> list[tuple[str, str]]:
    """The planning assumptions, as (label, value) pairs."""
    return [
        ("平均処理時間（AHT）", f"{inputs.aht_seconds:g}秒"),
        (
            "サービスレベル目標",
            f"{inputs.service_level_target * 100:g}%を{inputs.service_level_seconds:g}秒以内に応答",
        ),
        ("シュリンケージ", f"{inputs.shrinkage * 100:g}%"),
        ("最大稼働率", f"{inputs.max_occupancy * 100:g}%"),
        ("平均待ち許容時間", f"{inputs.patience_seconds:g}秒"),
        ("回線の話中率目標", f"{inputs.blocking_target * 100:g}%"),
        ("区間", f"{inputs.interval_seconds // 60}分"),
    ]
