"""The charts of the staffing pages, built from a plan, a comparison or an actuals report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.utils.safestring import SafeString

from fukyu.staffing.actuals import ActualsReport, DayActual
from fukyu.staffing.charts import PALETTE, Chart, Series, render
from fukyu.staffing.compare import Comparison
from fukyu.staffing.formatting import day_label, month_label
from fukyu.staffing.planning import ContractPlan


def _starts(result: ContractPlan) -> list[str]:
    return [label.split("〜")[0] for label in result.interval_labels]


def day_agents(result: ContractPlan, day: dt.date) -> SafeString:
    ivs = result.intervals_by_date[day]
    return render(
        Chart(
            chart_id="chart-day",
            title=f"{day_label(day)}の30分ごとの席数・必要人数・回線数",
            desc=(
                "棒は電話に出ている席数と、シュリンケージを含めてシフトに入れる必要人数。"
                "線は必要な電話回線数。"
            ),
            x_labels=_starts(result),
            series=[
                Series("席数", [iv.agents for iv in ivs], "bar", PALETTE["agents"]),
                Series("必要人数", [iv.headcount for iv in ivs], "bar", PALETTE["headcount"]),
                Series("回線数", [iv.lines for iv in ivs], "step", PALETTE["lines"]),
            ],
            y_label="人・回線",
            x_label="時間帯（開始時刻）",
            integer=True,
        )
    )


def _season_axis(days: Sequence[dt.date]) -> tuple[list[str], list[int]]:
    labels, separators = [], []
    previous = None
    for i, d in enumerate(days):
        if (d.year, d.month) != previous:
            labels.append(month_label(f"{d:%Y-%m}"))
            if i:
                separators.append(i)
            previous = (d.year, d.month)
        else:
            labels.append("")
    return labels, separators


def season_headcount(result: ContractPlan) -> SafeString:
    days = result.plan.days
    labels, seps = _season_axis([d.date for d in days])
    return render(
        Chart(
            chart_id="chart-season",
            title="開設日ごとのピーク必要人数（シーズン全体）",
            desc="棒は各開設日のピーク時の必要人数（シュリンケージ込み）。線はピーク時の席数。",
            x_labels=labels,
            series=[
                Series(
                    "ピーク必要人数", [d.peak_headcount for d in days], "bar", PALETTE["headcount"]
                ),
                Series("ピーク席数", [d.peak_agents for d in days], "step", PALETTE["agents"]),
            ],
            y_label="人",
            x_label="開設日（休業日を除く）",
            separators=seps,
            integer=True,
        )
    )


def season_lines(result: ContractPlan) -> SafeString:
    days = result.plan.days
    labels, seps = _season_axis([d.date for d in days])
    return render(
        Chart(
            chart_id="chart-lines",
            title="開設日ごとに必要な電話回線数（ピーク時）",
            desc="各開設日のピーク時に、話中率の目標を満たすのに必要な回線数（待ち呼を含む）。",
            x_labels=labels,
            series=[Series("必要回線数", [d.peak_lines for d in days], "bar", PALETTE["lines"])],
            y_label="回線",
            x_label="開設日（休業日を除く）",
            separators=seps,
            integer=True,
        )
    )


def simulation_service_level(result: ContractPlan, comparison: Comparison) -> SafeString:
    rows = comparison.intervals
    return render(
        Chart(
            chart_id="chart-sim",
            title="30分ごとのサービスレベル：アーランの計算とシミュレーション",
            desc="目標秒数以内に応答した割合。アーランCは放棄なし、アーランAは放棄あり（放棄は未達として数える）。",
            x_labels=_starts(result),
            series=[
                Series(
                    "アーランC",
                    [r.erlang_c.service_level * 100 for r in rows],
                    "line",
                    PALETTE["erlang_c"],
                ),
                Series(
                    "アーランA",
                    [r.erlang_a.service_level * 100 for r in rows],
                    "line",
                    PALETTE["erlang_a"],
                ),
                Series(
                    "シミュレーション",
                    [r.simulated.service_level * 100 for r in rows],
                    "line",
                    PALETTE["simulation"],
                ),
                Series(
                    "目標",
                    [result.inputs.service_level_target * 100] * len(rows),
                    "step",
                    PALETTE["capacity"],
                    dashed=True,
                ),
            ],
            y_label="サービスレベル（%）",
            x_label="時間帯（開始時刻）",
            y_max=100.0,
            y_format="{:g}%",
        )
    )


def month_actuals(report: ActualsReport, days: Sequence[DayActual], month: str) -> SafeString:
    completed_or_today = [d.date in report.by_interval for d in days]
    return render(
        Chart(
            chart_id="chart-month",
            title=f"{month_label(month)}の日別の実績と予測",
            desc="棒は開設時間内の実績件数、線は計画の予測件数。",
            x_labels=[f"{d.date.day}日" for d in days],
            series=[
                Series(
                    "実績",
                    [
                        d.actual if has else None
                        for d, has in zip(days, completed_or_today, strict=True)
                    ],
                    "bar",
                    PALETTE["actual"],
                ),
                Series("予測", [d.forecast for d in days], "line", PALETTE["forecast"]),
            ],
            y_label="件",
            x_label="開設日",
        )
    )


def day_actuals(result: ContractPlan, report: ActualsReport, day: dt.date) -> SafeString:
    rows = report.by_interval[day]
    return render(
        Chart(
            chart_id="chart-day-actual",
            title=f"{day_label(day)}の30分ごとの実績・予測・対応可能件数",
            desc=(
                "棒は実績件数、実線は予測件数、破線は計画の席数でサービスレベル目標を"
                "満たせる最大の件数（超えた区間が計画不足）。"
            ),
            x_labels=_starts(result),
            series=[
                Series("実績", [r.actual for r in rows], "bar", PALETTE["actual"]),
                Series("予測", [r.forecast for r in rows], "line", PALETTE["forecast"]),
                Series(
                    "対応可能件数",
                    [r.capacity for r in rows],
                    "step",
                    PALETTE["capacity"],
                    dashed=True,
                ),
            ],
            y_label="件（30分あたり）",
            x_label="時間帯（開始時刻）",
        )
    )
