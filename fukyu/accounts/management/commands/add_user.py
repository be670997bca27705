from __future__ import annotations

import getpass
import os
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from fukyu.accounts.roles import ROLES
from fukyu.accounts.services import user_create


class Command(BaseCommand):
    help = "利用者を役割付きで追加します（パスワードは FUKYU_PASSWORD、なければ入力）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=ROLES)
        parser.add_argument("--email", default="")
        parser.add_argument("--name", default="", help="氏名")

    def handle(self, *args: Any, **options: Any) -> None:
        password = os.environ.get("FUKYU_PASSWORD") or getpass.getpass("パスワード: ")
        try:
            user = user_create(
                actor="manage.py add_user",
                username=options["username"],
                role=options["role"],
                email=options["email"],
                display_name=options["name"],
                password=password,
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(f"利用者 {user.username}（{user.role_label}）を追加しました")
