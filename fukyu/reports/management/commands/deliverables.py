from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fukyu.core import clock
from fukyu.core.selectors import active_contract
from fukyu.reports.deliverables import build_package, package_name


class Command(BaseCommand):
    help = "成果品の電子データ（ZIP）を作成します。同じデータと --date で同じバイト列になります。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True, help="出力先フォルダ")
        parser.add_argument("--date", help="作成日 YYYY-MM-DD（省略時は今日）")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            as_of = dt.date.fromisoformat(options["date"]) if options["date"] else clock.today()
        except ValueError as exc:
            raise CommandError("--date は YYYY-MM-DD 形式で指定してください") from exc
        contract = active_contract()
        out = Path(options["out"])
        out.mkdir(parents=True, exist_ok=True)
        path = out / package_name(contract, as_of)
        path.write_bytes(build_package(contract=contract, as_of=as_of))
        self.stdout.write(str(path))
