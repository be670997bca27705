"""manage.py privacy_rotate_keys [--new-keys] [--dry-run]: rotate the data keys and the
blind-index keys (see fukyu/privacy/rotation.py)."""

from __future__ import annotations

import getpass
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fukyu.privacy.keys import KeyConfigError
from fukyu.privacy.registry import NOT_RECOMPUTABLE
from fukyu.privacy.rotation import RotationError, key_usage, keys_rotate


class Command(BaseCommand):
    help = (
        "暗号鍵と索引鍵（電話番号検索用のHMAC鍵）を更新します。--new-keys で鍵ファイルに新しい鍵を"
        "加え、すべての個人情報を新しい鍵で暗号化し直し、索引を計算し直してから古い鍵を廃棄します。"
        "鍵を環境変数で指定している場合は、新しい鍵を先頭に加えてから --new-keys なしで実行します"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--new-keys", action="store_true", help="鍵ファイルに新しいデータ鍵と索引鍵を加える"
        )
        parser.add_argument("--dry-run", action="store_true", help="対象件数を表示するだけ")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = keys_rotate(
                actor=f"manage.py（{getpass.getuser()}）",
                new_keys=options["new_keys"],
                dry_run=options["dry_run"],
            )
        except (RotationError, KeyConfigError) as exc:
            raise CommandError(str(exc)) from exc
        dry = options["dry_run"]
        verb = "再暗号化の対象" if dry else "再暗号化"
        index_verb = "索引の再計算の対象" if dry else "索引を再計算"
        if result.added:
            self.stdout.write("新しい鍵を追加: " + "、".join(result.added))
        for label, count in result.rewritten.items():
            self.stdout.write(f"{label}: {verb} {count}件")
        for label, count in result.reindexed.items():
            self.stdout.write(f"{label}: {index_verb} {count}件")
        self.stdout.write(f"現在の鍵: {result.current}、{verb} 合計 {result.total}件")
        self.stdout.write(
            f"現在の索引鍵: {result.hmac_current}、{index_verb} 合計 {result.total_reindexed}件"
        )
        usage = key_usage()
        self.stdout.write(
            "鍵ごとの使用数: " + ("、".join(f"{k}={n}" for k, n in sorted(usage.items())) or "なし")
        )
        if result.retired:
            self.stdout.write("鍵ファイルから廃棄した古い鍵: " + "、".join(result.retired))
        if result.to_remove:
            self.stdout.write(
                self.style.WARNING(
                    "環境変数から外せる古い鍵: "
                    + "、".join(result.to_remove)
                    + "（FUKYU_DATA_KEYS・FUKYU_HMAC_KEY から削除し、控えも破棄してください）"
                )
            )
        for label, text in NOT_RECOMPUTABLE.items():
            self.stdout.write(
                f"注: {text}（{label}）は元の値がないため再計算できません。"
                "更新前と更新後の値は一致しなくなります"
            )
