"""manage.py import_facilities FILE — import a 公共施設一覧 CSV (all or nothing)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from fukyu.core.selectors import NoActiveContractError, active_contract
from fukyu.publicity.facility_csv import MAX_BYTES
from fukyu.publicity.services import facilities_import


class Command(BaseCommand):
    help = "公共施設一覧（推奨データセット）のCSVを取り込みます。誤りが1行でもあれば何も取り込みません。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="CSVファイル（UTF-8 または Shift_JIS）")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            if path.stat().st_size > MAX_BYTES:
                raise CommandError(
                    f"ファイルが大きすぎます（上限 {MAX_BYTES // (1024 * 1024)} MB）"
                )
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"ファイルを読めません: {path}（{exc.strerror}）") from None
        try:
            contract = active_contract()
            result = facilities_import(
                actor="manage.py import_facilities",
                contract=contract,
                data=data,
                filename=path.name,
            )
        except NoActiveContractError as exc:
            raise CommandError(str(exc)) from None
        except ValidationError as exc:
            raise CommandError(
                "取り込めませんでした（何も変更していません）:\n" + "\n".join(exc.messages)
            ) from None
        self.stdout.write(
            f"{result.total}施設を取り込みました（新規 {result.created}件・更新 {result.updated}件・"
            f"変更なし {result.unchanged}件）"
        )
