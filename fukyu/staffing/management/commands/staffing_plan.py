from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fukyu.core.selectors import NoActiveContractError, active_contract
from fukyu.staffing.formatting import day_label, month_label, parameter_items, percent
from fukyu.staffing.planning import ContractPlan, PlanUnavailableError, contract_plan
from fukyu.staffing.texttable import render


class Command(BaseCommand):
    help = (
        "稼働中の契約の人員計画（月別・日別、--month 指定時は30分ごとの席数も）を表示します。"
        "--json で画面・APIと同じJSONを出力します。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--month", help="対象の月（YYYY-MM）。省略時は開設期間のすべての月")
        parser.add_argument("--json", action="store_true", help="JSONで出力する")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = contract_plan(contract=active_contract(), month=options["month"])
        except (NoActiveContractError, PlanUnavailableError) as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps(result.payload(), ensure_ascii=False, indent=1))
            return
        self.stdout.write(text_report(result))


def text_report(result: ContractPlan) -> str:
    plan = result.plan
    out = [f"人員計画：{result.contract.name}（{result.contract.code}）"]
    out.append("前提：" + "、".join(f"{k} {v}" for k, v in parameter_items(result.inputs)))
    out.append("席数＝電話に出ている応対席の数、必要人数＝シュリンケージ込みでシフトに入れる人数")
    out.append("")
    out.append("■ 月別")
    out.append(
        render(
            [
                "月",
                "想定件数",
                "開設日数",
                "ピーク席数",
                "ピーク必要人数",
                "ピーク回線数",
                "延べ席時間",
                "想定放棄率",
            ],
            [
                [
                    month_label(m.month),
                    f"{m.forecast_calls:,.0f}",
                    f"{m.open_days}",
                    f"{m.peak_agents}",
                    f"{m.peak_headcount}",
                    f"{m.peak_lines}",
                    f"{m.agent_hours:,.1f}",
                    percent(m.expected_abandon_rate),
                ]
                for m in plan.months
            ],
            right=[False, *[True] * 7],
        )
    )
    out.append("")
    out.append("■ 日別（開設日のみ）")
    out.append(
        render(
            ["日付", "想定件数", "ピーク席数", "ピーク必要人数", "ピーク回線数", "延べ席時間"],
            [
                [
                    f"{d.date.year}年{day_label(d.date)}",
                    f"{d.forecast_calls:,.1f}",
                    f"{d.peak_agents}",
                    f"{d.peak_headcount}",
                    f"{d.peak_lines}",
                    f"{d.agent_hours:,.1f}",
                ]
                for d in plan.days
            ],
            right=[False, *[True] * 5],
        )
    )
    if result.month is not None:
        starts = [label.split("〜")[0] for label in result.interval_labels]
        out.append("")
        out.append("■ 30分ごとの席数（行：日付、列：区間の開始時刻）")
        out.append(
            render(
                ["日付", *starts],
                [
                    [day_label(day), *(str(iv.agents) for iv in ivs)]
                    for day, ivs in result.intervals_by_date.items()
                ],
                right=[False, *[True] * len(starts)],
            )
        )
    return "\n".join(out)
