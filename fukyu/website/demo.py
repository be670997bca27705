"""Synthetic news items of the campaign site for `manage.py seed_demo` (サンプル), published
without rebuilding the static site (run `manage.py build_site` to write it)."""

from __future__ import annotations

import datetime as dt
import random

from fukyu.core import clock
from fukyu.core.models import Contract
from fukyu.website.models import Page, PageKind
from fukyu.website.services import news_create, page_publish

ACTOR = "manage.py seed_demo"
NEWS = [
    ("call-center-open", "2024-11-01", "コールセンターを開設しました（サンプル）",
     "ポケットサインの使い方をお電話でご案内します。", "受付時間は9時から17時30分まで、土日も受け付けます（年末年始・祝日を除く）。"),
    ("events-december", "2024-11-25", "12月の体験会の日程（サンプル）",
     "県内各地の商業施設で体験会を開きます。", "スマートフォンとマイナンバーカードをお持ちください。予約は不要です。"),
    ("year-end", "2024-12-20", "年末年始の休業について（サンプル）",
     "12月29日から1月3日まで休業します。", "1月4日から通常どおり受け付けます。"),
    ("events-february", "2025-01-27", "2月の体験会の日程（サンプル）",
     "2月も各圏域で体験会を開きます。", "日程はイベント一覧をご覧ください。"),
]  # fmt: skip


def seed(*, contract: Contract, rng: random.Random, scale: float) -> str:
    if Page.objects.filter(contract=contract, kind=PageKind.NEWS).exists():
        return "お知らせが既にあるため作成しませんでした"
    today, made = clock.today(), 0
    for slug, day, title, summary, body in NEWS:
        news_date = dt.date.fromisoformat(day)
        if news_date > today:
            continue
        version = news_create(
            actor=ACTOR,
            contract=contract,
            slug=slug,
            news_date=news_date,
            title=title,
            summary=summary,
            body=body,
            note="合成デモデータ",
        )
        page_publish(actor=ACTOR, version=version, rebuild=False)
        made += 1
    return f"お知らせ {made}件を公開（サンプル。静的サイトは manage.py build_site で作成）"


seed.order = 70  # type: ignore[attr-defined]
