from __future__ import annotations

import base64
import random
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from config.env import VAR_DIR
from fukyu.accounts.models import User
from fukyu.accounts.roles import ROLE_LABELS
from fukyu.accounts.services import random_password, totp_device_create, user_create
from fukyu.core.discovery import app_hooks
from fukyu.core.selectors import active_contract
from fukyu.core.services import contract_load


class Command(BaseCommand):
    help = (
        "合成（架空）のデモデータを作成します。--seed が同じなら同じデータになります。"
        "--scale で件数を増やせます（ベンチマーク用）。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2024)
        parser.add_argument("--scale", type=float, default=1.0, help="問い合わせ件数の倍率")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        contract_load(path=settings.FUKYU_DEFAULT_CONTRACT, actor="manage.py seed_demo")
        contract = active_contract()
        logins = self._demo_users()
        hooks = sorted(app_hooks("demo", "seed"), key=lambda h: getattr(h[1], "order", 50))
        for label, seed in hooks:
            rng = random.Random(f"{options['seed']}:{label}")  # noqa: S311 (synthetic data)
            with transaction.atomic():
                summary = seed(contract=contract, rng=rng, scale=options["scale"])
            self.stdout.write(f"[{label}] {summary}")
        self.stdout.write(
            f"デモデータ（合成）を作成しました（{time.monotonic() - started:.1f} 秒）\n"
        )
        self.stdout.write(logins)

    def _demo_users(self) -> str:
        """One demo user per role, with a password and a TOTP secret to enter in an app."""
        lines = ["デモ用ログイン（合成データ・二要素認証あり）:"]
        for role, label in ROLE_LABELS.items():
            username = f"demo_{role}"
            password = random_password()
            user = User.objects.filter(username=username).first()
            if user is None:
                user = user_create(
                    actor="manage.py seed_demo",
                    username=username,
                    role=role,
                    password=password,
                    display_name=f"デモ {label}",
                    organisation="宮城県" if role == "client" else "受注者（デモ）",
                )
            else:
                user.set_password(password)
                user.save(update_fields=["password"])
            device = totp_device_create(user=user, confirmed=True)
            secret = base64.b32encode(device.bin_key).decode().rstrip("=")
            lines.append(f"  {label:<12} {username:<22} パスワード {password}  TOTP秘密鍵 {secret}")
        text = "\n".join(lines) + "\n"
        path = VAR_DIR / "demo_logins.txt"
        path.write_text(text, encoding="utf-8")
        path.chmod(0o600)
        return text + f"（同じ内容を {path} に保存しました）\n"
