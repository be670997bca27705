from __future__ import annotations

import os
from typing import Any

from django.core.management.base import BaseCommand

from fukyu.accounts.models import User
from fukyu.accounts.services import random_password, roles_sync, user_create


class Command(BaseCommand):
    help = "管理者がいなければ作成し、初期パスワードを表示します（FUKYU_ADMIN_PASSWORD で指定可）。"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--username", default="admin")

    def handle(self, *args: Any, **options: Any) -> None:
        roles_sync()
        username = options["username"]
        if User.objects.filter(username=username).exists():
            self.stdout.write(f"管理者 {username} は作成済みです")
            return
        password = os.environ.get("FUKYU_ADMIN_PASSWORD") or random_password()
        user_create(
            actor="manage.py bootstrap_admin",
            username=username,
            role=None,
            password=password,
            display_name="システム管理者",
            is_superuser=True,
        )
        shown = (
            "（FUKYU_ADMIN_PASSWORD の値）" if os.environ.get("FUKYU_ADMIN_PASSWORD") else password
        )
        self.stdout.write(
            f"管理者を作成しました: 利用者名 {username} / 初期パスワード {shown}\n"
            "初回ログイン時に認証アプリで二要素認証を設定してください。"
        )
