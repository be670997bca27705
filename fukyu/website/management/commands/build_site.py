"""`manage.py build_site [--out DIR] [--if-stale]`: render the public site to static files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fukyu.core.selectors import NoActiveContractError, active_contract
from fukyu.website.selectors import site_status
from fukyu.website.services import SiteBuildError, site_rebuild
from fukyu.website.sitedata import site_dir


class Command(BaseCommand):
    help = "公開WEBサイトを静的ファイル（HTML・CSS・フィード）として書き出します"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", type=Path, help="出力先のフォルダ（既定: var/site）")
        parser.add_argument(
            "--base-url",
            help="サイトの公開URL（既定: 設定 FUKYU_SITE_URL）。sitemap・OGPに使います",
        )
        parser.add_argument(
            "--if-stale",
            action="store_true",
            help="前回の構築からデータが変わっていなければ何もしません（cron向け）",
        )
        parser.add_argument("--reason", default="manage.py build_site", help="記録する理由")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            contract = active_contract()
        except NoActiveContractError as exc:
            raise CommandError(str(exc)) from exc
        out: Path = options["out"] or site_dir()
        if options["if_stale"] and options["base_url"] is None and options["out"] is None:
            status = site_status(contract=contract)
            if not status.is_stale:
                self.stdout.write("公開サイトは最新です（構築しませんでした）")
                return
        try:
            build = site_rebuild(
                reason=options["reason"],
                out=out,
                contract=contract,
                base_url=options["base_url"],
            )
        except SiteBuildError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"{build.page_count}ページ・{build.file_count}ファイル"
            f"（{build.total_bytes:,}バイト）を {build.out_dir} に書き出しました"
            f"（{build.seconds:.2f}秒）"
        )
