from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fukyu.core import clock
from fukyu.core.selectors import active_contract
from fukyu.reports.completion import TemplateError, completion_report, default_template
from fukyu.reports.selectors import completion_template_bytes


class Command(BaseCommand):
    help = (
        "業務完了報告書（Word）を作成します。--template に県の指定様式（{{契約名}} などの"
        "差し込み項目を入れた .docx）を指定できます。省略時は画面で登録した様式、"
        "なければ標準の様式を使います。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True, help="出力先フォルダ")
        parser.add_argument(
            "--template", help="差し込み項目を入れた .docx（省略時は登録済みの様式か標準の様式）"
        )
        parser.add_argument("--date", help="完了日 YYYY-MM-DD（省略時は今日）")
        parser.add_argument(
            "--write-default-template",
            action="store_true",
            help="標準の様式（差し込み前）を出力先に書き出します（指定様式づくりの出発点に）",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            day = dt.date.fromisoformat(options["date"]) if options["date"] else clock.today()
        except ValueError as exc:
            raise CommandError("--date は YYYY-MM-DD 形式で指定してください") from exc
        out = Path(options["out"])
        out.mkdir(parents=True, exist_ok=True)
        if options["write_default_template"]:
            path = out / "業務完了報告書_様式.docx"
            path.write_bytes(default_template())
            self.stdout.write(str(path))
            return
        contract = active_contract()
        template = completion_template_bytes(contract=contract)
        if options["template"]:
            source = Path(options["template"])
            if not source.is_file():
                raise CommandError(f"テンプレートが見つかりません：{source}")
            template = source.read_bytes()
        try:
            data = completion_report(contract=contract, completed_on=day, template=template)
        except TemplateError as exc:
            raise CommandError(str(exc)) from exc
        path = out / f"業務完了報告書_{day:%Y%m%d}.docx"
        path.write_bytes(data)
        self.stdout.write(str(path))
