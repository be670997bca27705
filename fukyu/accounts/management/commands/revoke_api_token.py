from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from fukyu.accounts.models import ApiToken
from fukyu.accounts.services import api_token_revoke


class Command(BaseCommand):
    help = "APIトークンを失効させます（先頭文字 fky_… で指定。一覧は --list）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("prefix", nargs="?", default="", help="トークンの先頭10文字")
        parser.add_argument("--list", action="store_true", help="トークンの一覧を表示する")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            for t in ApiToken.objects.select_related("user").order_by("created_at"):
                state = "失効" if t.revoked_at else "有効"
                used = t.last_used_at.isoformat(timespec="seconds") if t.last_used_at else "未使用"
                self.stdout.write(f"{t.prefix}\t{t.user.username}\t{t.name}\t{state}\t{used}")
            return
        prefix = options["prefix"].strip()
        if not prefix:
            raise CommandError("失効させるトークンの先頭文字を指定してください（一覧は --list）")
        tokens = list(ApiToken.objects.filter(prefix=prefix, revoked_at__isnull=True)[:2])
        if not tokens:
            raise CommandError(f"有効なトークン {prefix} が見つかりません")
        if len(tokens) > 1:
            raise CommandError(
                f"先頭文字 {prefix} のトークンが複数あります。画面から失効させてください"
            )
        try:
            api_token_revoke(actor="manage.py revoke_api_token", token=tokens[0])
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(f"トークン {prefix} を失効させました")
