"""`manage.py import_faq FILE`: load FAQ entries from CSV or XLSX, all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fukyu.callcenter.faq_import import FaqImportError, faq_import
from fukyu.core.selectors import NoActiveContractError, active_contract


class Command(BaseCommand):
    help = (
        "FAQをCSV（UTF-8/BOM付き/Shift_JIS）またはXLSXから取り込みます。見出し: "
        "question,answer,category,mini_app,public,keywords。同じ質問は更新します。"
        "エラーが1件でもあれば何も取り込みません。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="CSV または XLSX ファイル")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            contract = active_contract()
            result = faq_import(actor="import_faq", contract=contract, path=path)
        except NoActiveContractError as exc:
            raise CommandError(str(exc)) from exc
        except FaqImportError as exc:
            raise CommandError("\n".join(exc.errors)) from exc
        self.stdout.write(
            f"FAQを取り込みました（{path.name}）：新規 {result.created}件、"
            f"更新 {result.updated}件、変更なし {result.unchanged}件"
        )
        for question in result.reactivated:
            self.stdout.write(f"  廃止済みのFAQを再び有効にしました：{question}")
