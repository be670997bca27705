"""manage.py privacy_return_open FILE --out ZIP: decrypt a return archive with its passphrase."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fukyu.privacy.archive import ArchiveError, decrypt_archive
from fukyu.privacy.management.commands.privacy_return import read_passphrase


class Command(BaseCommand):
    help = "返還用の暗号化ファイルを復号して ZIP（CSV）に戻します"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="privacy_return で作成したファイル")
        parser.add_argument("--out", required=True, help="書き出す ZIP ファイル")
        parser.add_argument("--passphrase-env", default="", help="パスフレーズを読む環境変数名")

    def handle(self, *args: Any, **options: Any) -> None:
        source, out = Path(options["file"]), Path(options["out"])
        if out.exists():
            raise CommandError(f"{out} は既にあります")
        passphrase = read_passphrase(options["passphrase_env"], confirm=False)
        try:
            data = decrypt_archive(source.read_bytes(), passphrase=passphrase)
        except (ArchiveError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        self.stdout.write(self.style.SUCCESS(f"復号しました: {out}"))
