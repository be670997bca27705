"""Outreach datasets for the deliverables package: events and aggregated tallies (no taps,
no device IDs)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db.models import Count, Q
from django.utils import timezone

from fukyu.core.exports import DeliverableFile
from fukyu.core.models import Contract
from fukyu.outreach.models import AgeGroup, DeviceOS, Event, Tap, TapKind
from fukyu.reports.files import Dataset, dataset_files

FOLDER = "05_データ/出張サポート"
LIVE = Q(taps__voided_at__isnull=True)


def _events(contract: Contract) -> Dataset:
    ds = Dataset(
        "イベント一覧",
        "出張サポートのイベントと実績（説明人数・インストール人数）",
        [
            "番号",
            "イベント名",
            "圏域",
            "市町村",
            "開始日時",
            "終了日時",
            "状況",
            "説明",
            "インストール",
        ],
    )
    events = (
        Event.objects.filter(contract=contract)
        .select_related("region", "municipality")
        .annotate(
            explained=Count("taps", filter=LIVE),
            installed=Count("taps", filter=LIVE & Q(taps__kind=TapKind.INSTALLED)),
        )
        .order_by("starts_at", "pk")
    )
    for e in events:
        ds.rows.append(
            [
                e.pk,
                e.title,
                e.region.name,
                e.municipality.name,
                f"{timezone.localtime(e.starts_at):%Y-%m-%d %H:%M}",
                f"{timezone.localtime(e.ends_at):%Y-%m-%d %H:%M}",
                e.get_status_display(),
                e.explained,
                e.installed,
            ]
        )
    return ds


def _tallies(contract: Contract) -> Dataset:
    ages, oses = dict(AgeGroup.choices), dict(DeviceOS.choices)
    ds = Dataset(
        "集計_イベント別年代別OS別",
        "イベント別・年代別・端末のOS別の人数（集計値）",
        ["イベント番号", "イベント名", "年代", "端末のOS", "説明", "インストール"],
    )
    rows = (
        Tap.objects.filter(event__contract=contract, voided_at__isnull=True)
        .order_by()
        .values("event_id", "event__title", "age_group", "os")
        .annotate(n=Count("id"), installed=Count("id", filter=Q(kind=TapKind.INSTALLED)))
        .order_by("event_id", "age_group", "os")
    )
    for r in rows:
        ds.rows.append(
            [
                r["event_id"],
                r["event__title"],
                ages.get(r["age_group"], "未回答"),
                oses.get(r["os"], "未回答"),
                r["n"],
                r["installed"],
            ]
        )
    return ds


def files(*, contract: Contract, as_of: dt.date) -> Iterator[DeliverableFile]:
    yield from dataset_files(FOLDER, _events(contract), as_of)
    yield from dataset_files(FOLDER, _tallies(contract), as_of)
