"""manage.py privacy_return --out FILE: all personal data, encrypted for the prefecture (第10)."""

from __future__ import annotations

import getpass
import os
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fukyu.privacy.archive import ArchiveError, personal_data_return


def read_passphrase(env_name: str, *, confirm: bool) -> str:
    if env_name:
        value = os.environ.get(env_name, "")
        if not value:
            raise CommandError(f"環境変数 {env_name} にパスフレーズがありません")
        return value
    first = getpass.getpass("パスフレーズ: ")
    if confirm and getpass.getpass("もう一度: ") != first:
        raise CommandError("パスフレーズが一致しません")
    return first


class Command(BaseCommand):
    help = "すべての個人情報をCSVにまとめ、パスフレーズで暗号化したファイル（返還用）を作成します"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True, help="作成するファイル（例: return.fkyret）")
        parser.add_argument(
            "--passphrase-env",
            default="",
            help="パスフレーズを読む環境変数名（省略時は入力を求めます）",
        )
        parser.add_argument(
            "--reason",
            default="発注者の指示による個人情報の返還（特記事項第10）",
            help="記録する理由",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        out = Path(options["out"])
        if out.exists():
            raise CommandError(f"{out} は既にあります。別のファイル名を指定してください")
        passphrase = read_passphrase(options["passphrase_env"], confirm=True)
        try:
            blob, counts = personal_data_return(
                actor=f"manage.py（{getpass.getuser()}）",
                passphrase=passphrase,
                reason=options["reason"],
            )
        except ArchiveError as exc:
            raise CommandError(str(exc)) from exc
        fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(blob)
        for code, rows in counts.items():
            self.stdout.write(f"{code}: {rows}件")
        self.stdout.write(self.style.SUCCESS(f"返還用ファイル: {out}"))
