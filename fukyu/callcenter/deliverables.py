"""The call center's datasets for the deliverables package (no caller data)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.utils import timezone

from fukyu.callcenter.models import FaqEntry, Inquiry
from fukyu.callcenter.models.inquiry import AgeGroup, Channel, DeviceOS, Outcome
from fukyu.core.exports import DeliverableFile
from fukyu.core.models import Contract
from fukyu.reports.files import Dataset, dataset_files

FOLDER = "05_データ/コールセンター"


def _inquiries(contract: Contract) -> Dataset:
    channels, outcomes = dict(Channel.choices), dict(Outcome.choices)
    ages, oses = dict(AgeGroup.choices), dict(DeviceOS.choices)
    rows = (
        Inquiry.objects.filter(contract=contract)
        .order_by("seq")
        .values_list(
            "number",
            "received_at",
            "channel",
            "mini_app__name",
            "category__name",
            "municipality__region__name",
            "municipality__name",
            "age_group",
            "device_os",
            "summary",
            "answer",
            "outcome",
            "handle_seconds",
            "outside_hours",
        )
    )
    ds = Dataset(
        "問い合わせ一覧",
        "問い合わせの記録（相談者の個人情報を含まない）",
        [
            "受付番号",
            "受付日時",
            "受付方法",
            "ミニアプリ",
            "問い合わせ類型",
            "圏域",
            "市町村",
            "年代",
            "端末のOS",
            "問い合わせ内容（要旨）",
            "回答内容",
            "対応結果",
            "対応時間（秒）",
            "開設時間外",
        ],
    )
    for r in rows.iterator(chunk_size=5000):
        received = timezone.localtime(r[1])
        ds.rows.append(
            [
                r[0],
                f"{received:%Y-%m-%d %H:%M}",
                channels.get(r[2], r[2]),
                r[3] or "",
                r[4] or "",
                r[5] or "",
                r[6] or "",
                ages.get(r[7], r[7] or ""),
                oses.get(r[8], r[8] or ""),
                r[9],
                r[10],
                outcomes.get(r[11], r[11]),
                "" if r[12] is None else r[12],
                "時間外" if r[13] else "",
            ]
        )
    return ds


def _faq(contract: Contract) -> Dataset:
    ds = Dataset(
        "FAQ",
        "FAQ（よくある質問と回答）",
        ["番号", "質問", "回答", "ミニアプリ", "問い合わせ類型", "WEB公開", "有効", "作成日"],
    )
    entries = (
        FaqEntry.objects.filter(contract=contract)
        .select_related("mini_app", "category")
        .order_by("pk")
    )
    for e in entries:
        ds.rows.append(
            [
                e.pk,
                e.question,
                e.answer,
                e.mini_app.name if e.mini_app else "",
                e.category.name if e.category else "",
                "公開" if e.is_public else "",
                "有効" if e.is_active else "廃止",
                f"{timezone.localtime(e.created_at):%Y-%m-%d}",
            ]
        )
    return ds


def files(*, contract: Contract, as_of: dt.date) -> Iterator[DeliverableFile]:
    yield from dataset_files(FOLDER, _inquiries(contract), as_of)
    yield from dataset_files(FOLDER, _faq(contract), as_of)
