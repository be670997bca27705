"""manage.py daily_report --date YYYY-MM-DD --out DIR [--kind daily|weekly|monthly]"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fukyu.callcenter.daily_report import daily_report, monthly_report, weekly_report
from fukyu.callcenter.report_files import report_pdf, report_xlsx
from fukyu.core.selectors import active_contract


class Command(BaseCommand):
    help = "コールセンター日報（週報・月報）を XLSX と PDF で書き出します"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", required=True, help="対象日（YYYY-MM-DD）")
        parser.add_argument("--out", required=True, help="出力先ディレクトリ")
        parser.add_argument("--kind", choices=["daily", "weekly", "monthly"], default="daily")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            day = dt.date.fromisoformat(options["date"])
        except ValueError:
            raise CommandError(
                f"--date は YYYY-MM-DD 形式で指定してください（{options['date']}）"
            ) from None
        contract = active_contract()
        kind = options["kind"]
        if kind == "weekly":
            report = weekly_report(contract=contract, day=day)
            stem = f"callcenter_weekly_{report.start:%Y%m%d}"
        elif kind == "monthly":
            report = monthly_report(contract=contract, year=day.year, month=day.month)
            stem = f"callcenter_monthly_{day:%Y%m}"
        else:
            report = daily_report(contract=contract, day=day)
            stem = f"callcenter_daily_{day:%Y%m%d}"
        out = Path(options["out"])
        out.mkdir(parents=True, exist_ok=True)
        xlsx = out / f"{stem}.xlsx"
        pdf = out / f"{stem}.pdf"
        xlsx.write_bytes(report_xlsx(contract=contract, report=report))
        pdf.write_bytes(report_pdf(contract=contract, report=report))
        self.stdout.write(f"{xlsx} と {pdf} を書き出しました（{report.total}件）")
