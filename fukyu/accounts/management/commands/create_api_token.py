from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fukyu.accounts.models import User
from fukyu.accounts.services import api_token_create


class Command(BaseCommand):
    help = "APIトークンを発行して一度だけ表示します（保存されるのはハッシュのみ）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="用途（例: 電話システム）")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"利用者 {options['username']} が見つかりません")
        _, plain = api_token_create(
            actor="manage.py create_api_token", user=user, name=options["name"]
        )
        self.stdout.write(plain)
