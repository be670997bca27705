"""Publicity for the deliverables package: print runs, distribution, placements, and the
approved design files (the locked final version of each design item)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from fukyu.core.exports import DeliverableFile
from fukyu.core.models import Contract
from fukyu.publicity.selectors import (
    approved_design_files,
    distribution_by_facility,
    distribution_by_region,
    placement_list,
    print_summary,
)
from fukyu.reports.files import Dataset, dataset_files

FOLDER = "05_データ/広報"
DESIGN_FOLDER = "02_デザイン"


def _datasets(contract: Contract) -> list[Dataset]:
    runs = Dataset(
        "印刷実績",
        "印刷物ごとの印刷部数・配布計画・発送・受領・在庫",
        [
            "印刷物",
            "印刷会社",
            "納品日",
            "印刷部数",
            "配布計画",
            "発送",
            "受領",
            "イベント使用",
            "在庫",
        ],
    )
    for row in print_summary(contract=contract):
        t = row.totals
        runs.rows.append(
            [
                row.run.item.title,
                row.run.printer,
                row.run.delivery_date.isoformat(),
                t.printed,
                t.planned,
                t.shipped,
                t.received,
                t.used,
                t.stock,
            ]
        )
    regions = Dataset(
        "配布実績_圏域別",
        "圏域別の配布先数・配布計画・発送・受領部数",
        ["圏域", "配布先数", "配布計画", "発送", "受領"],
    )
    regions.rows = [
        [r.region.name, r.destinations, r.planned, r.shipped, r.received]
        for r in distribution_by_region(contract=contract)
    ]
    facilities = Dataset(
        "配布実績_施設別",
        "公共施設ごとの配布計画・発送・受領部数",
        ["施設", "市町村", "印刷物", "配布計画", "発送", "受領"],
    )
    for d in distribution_by_facility(contract=contract):
        facility = d.line.facility
        facilities.rows.append(
            [
                facility.name if facility else "",
                facility.municipality.name if facility else "",
                d.line.print_run.item.title,
                d.line.quantity,
                d.shipped,
                d.received,
            ]
        )
    placements = Dataset(
        "広報掲載実績",
        "媒体への掲載・放送の一覧",
        ["媒体の種類", "媒体名", "内容", "開始日", "終了日", "状況", "到達数", "費用（円）"],
    )
    for p in placement_list(contract=contract).order_by("starts_on", "pk"):
        placements.rows.append(
            [
                p.get_medium_display(),
                p.outlet,
                p.title,
                p.starts_on.isoformat(),
                p.ends_on.isoformat(),
                p.get_status_display(),
                p.reach if p.reach is not None else "",
                p.cost,
            ]
        )
    return [runs, regions, facilities, placements]


def files(*, contract: Contract, as_of: dt.date) -> Iterator[DeliverableFile]:
    for ds in _datasets(contract):
        yield from dataset_files(FOLDER, ds, as_of)
    used: set[str] = set()
    for f in approved_design_files(contract=contract):
        name = f.suggested_name
        if name in used:
            name = f"{f.item_id}_{name}"
        used.add(name)
        with f.file.open("rb") as handle:
            data = handle.read()
        yield DeliverableFile(
            f"{DESIGN_FOLDER}/{name}", data, f"確定デザイン（{f.kind_label}・第{f.round_number}校）"
        )
