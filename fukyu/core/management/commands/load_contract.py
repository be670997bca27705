from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from fukyu.core.contract_config import ContractConfigError
from fukyu.core.services import contract_load


class Command(BaseCommand):
    help = "契約設定ファイル（TOML）を読み込み、稼働中の契約にします（再読込は更新のみ）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", help="TOMLファイル（省略時は既定の契約）")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"] or settings.FUKYU_DEFAULT_CONTRACT)
        try:
            contract = contract_load(path=path, actor="manage.py load_contract")
        except ContractConfigError as exc:
            raise CommandError(f"設定の誤り: {exc}") from exc
        self.stdout.write(
            f"契約「{contract.name}」（{contract.code}）を読み込みました: "
            f"圏域 {contract.regions.count()}、市町村 {contract.municipalities.count()}、"
            f"ミニアプリ {contract.mini_apps.count()}、類型 {contract.categories.count()}"
        )
