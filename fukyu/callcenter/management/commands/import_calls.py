"""manage.py import_calls FILE --format asterisk|generic [--mapping col=field,...]"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fukyu.callcenter.calls_import import calls_import, parse_mapping
from fukyu.core.selectors import active_contract


class Command(BaseCommand):
    help = "電話システムの通話記録（Asterisk cdr-csv または汎用CSV）を取り込みます"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="CSVファイル（UTF-8）")
        parser.add_argument("--format", choices=["asterisk", "generic"], required=True)
        parser.add_argument(
            "--mapping",
            default="",
            help="汎用CSVの列の対応付け（例: 発信番号=src,開始=start,結果=disposition）",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"ファイルが見つかりません（{path}）")
        try:
            mapping = parse_mapping(options["mapping"])
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        try:
            with path.open(encoding="utf-8-sig", newline="") as stream:
                result = calls_import(
                    contract=active_contract(),
                    stream=stream,
                    fmt=options["format"],
                    mapping=mapping,
                )
        except UnicodeDecodeError:
            raise CommandError("UTF-8 で読み取れないファイルです") from None
        for line in result.errors:
            self.stderr.write(line)
        if result.error_count > len(result.errors):
            self.stderr.write(f"ほか {result.error_count - len(result.errors)}件の誤りがあります")
        self.stdout.write(
            f"{result.read}行を読み、{result.added}件を追加しました"
            f"（重複 {result.read - result.added - result.error_count}件、誤り {result.error_count}件）"
        )
