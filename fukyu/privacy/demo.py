"""Synthetic entries of the personal-data register for `manage.py seed_demo` (サンプル).

Recorded by the demo privacy officer through the register's services: the work location (reported
as taking effect today, since a place is reported before use), two trainings and an inspection.
"""

from __future__ import annotations

import datetime as dt
import random

from fukyu.accounts.models import User
from fukyu.core import clock
from fukyu.core.models import Contract
from fukyu.privacy.models import TrainingSession
from fukyu.privacy.register_services import (
    inspection_record,
    training_record,
    work_location_notify,
)

TRAININGS = [
    ("2024-10-21", "個人情報の取扱いに関する研修（サンプル）", "特記事項の内容、問い合わせ者情報の扱い"),
    ("2024-12-16", "情報セキュリティ研修（サンプル）", "パスワード・二要素認証、画面の覗き見防止"),
]  # fmt: skip


def seed(*, contract: Contract, rng: random.Random, scale: float) -> str:
    officer = User.objects.filter(username="demo_privacy_officer").first()
    if officer is None or TrainingSession.objects.filter(contract=contract).exists():
        return "個人情報管理責任者のデモ利用者がいないか、台帳が既にあるため作成しませんでした"
    today = clock.today()
    work_location_notify(
        actor=officer,
        contract=contract,
        name="コールセンター（サンプル）",
        address="宮城県仙台市青葉区デモ町1-1 デモビル3階（架空）",
        handling="問い合わせ者の氏名・電話番号（折り返し・エスカレーション分のみ）",
        safeguards="入退室管理、施錠保管、私物端末の持込み禁止、画面のぞき見防止フィルタ",
        effective_from=today,
    )
    made = 0
    for day, title, content in TRAININGS:
        held = dt.date.fromisoformat(day)
        if held < today:
            training_record(
                actor=officer,
                contract=contract,
                held_on=held,
                title=title,
                content=content,
                instructor="サンプル 花子",
                minutes=60,
            )
            made += 1
    inspected = min(dt.date(2025, 1, 10), today)
    inspection_record(
        actor=officer,
        contract=contract,
        inspected_on=inspected,
        inspectors="宮城県 担当者（サンプル）",
        scope="作業場所の管理状況、アクセスログ",
        findings="特段の指摘なし（サンプル）",
    )
    return f"作業場所 1件、研修 {made}件、実地調査 1件（サンプル）"


seed.order = 60  # type: ignore[attr-defined]
