"""manage.py privacy_rotate_keys: re-encrypt every personal value with the current data key."""

from __future__ import annotations

import getpass
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from fukyu.privacy.rotation import data_keys_rotate, key_usage


class Command(BaseCommand):
    help = (
        "暗号化された個人情報をすべて現在の鍵（FUKYU_DATA_KEYS の先頭）で暗号化し直します。"
        "完了後は古い鍵を FUKYU_DATA_KEYS から外せます"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="対象件数を表示するだけ")

    def handle(self, *args: Any, **options: Any) -> None:
        result = data_keys_rotate(
            actor=f"manage.py（{getpass.getuser()}）", dry_run=options["dry_run"]
        )
        verb = "再暗号化の対象" if options["dry_run"] else "再暗号化"
        for label, count in result.rewritten.items():
            self.stdout.write(f"{label}: {verb} {count}件")
        self.stdout.write(f"現在の鍵: {result.current}、{verb} 合計 {result.total}件")
        usage = key_usage()
        self.stdout.write(
            "鍵ごとの使用数: " + ("、".join(f"{k}={n}" for k, n in sorted(usage.items())) or "なし")
        )
