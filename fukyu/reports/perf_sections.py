"""Outreach, website, printed materials, publicity, meetings and personal-information sections of
the performance report, read through each app's selectors (or a GROUP BY on its models)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from fukyu.core.models import Contract, Region
from fukyu.core.wareki import wareki
from fukyu.governance.models import Meeting
from fukyu.governance.selectors import meeting_list
from fukyu.outreach.models import AgeGroup, DeviceOS, Event, EventStatus, Tap, TapKind
from fukyu.privacy.models import AccessLogEntry, PurgeRun, TrainingAttendance, TrainingSession
from fukyu.privacy.selectors import incident_totals
from fukyu.publicity.selectors import (
    distribution_by_region,
    placement_summary_by_medium,
    print_summary,
)
from fukyu.reports.files import Dataset
from fukyu.reports.perf_model import Chart, Section, Table, month_label, percent
from fukyu.website.selectors import page_views_by_month, page_views_by_page

LIVE = Q(voided_at__isnull=True)
INSTALLED = Q(kind=TapKind.INSTALLED)


def _pairs(taps: QuerySet[Tap], key: str) -> dict[Any, tuple[int, int]]:
    """(explained, installed) per value of `key`, in one GROUP BY."""
    return {
        r[key]: (r["n"], r["installed"])
        for r in taps.order_by()
        .values(key)
        .annotate(n=Count("id"), installed=Count("id", filter=INSTALLED))
    }


def outreach_section(contract: Contract) -> Section:
    cfg = contract.settings
    taps = Tap.objects.filter(event__contract=contract).filter(LIVE)
    totals = taps.aggregate(n=Count("id"), installed=Count("id", filter=INSTALLED))
    installed = totals["installed"]
    held_by_region: dict[int, int] = {
        r["region_id"]: r["held"]
        for r in Event.objects.filter(contract=contract, status=EventStatus.HELD)
        .order_by()
        .values("region_id")
        .annotate(held=Count("id"))
    }
    tap_region = _pairs(taps, "event__region_id")
    regions = Dataset(
        "出張サポート_圏域別",
        "圏域別の開催回数・説明人数・インストール人数",
        ["圏域", "開催回数", "説明", "インストール"],
    )
    for region in Region.objects.filter(contract=contract).order_by("order", "pk"):
        n, inst = tap_region.get(region.pk, (0, 0))
        regions.rows.append([region.name, held_by_region.get(region.pk, 0), n, inst])
    events = Dataset(
        "出張サポート_イベント別",
        "イベント別の説明人数・インストール人数",
        ["開催日", "イベント名", "圏域", "説明", "インストール"],
    )
    for e in (
        Event.objects.filter(contract=contract, status=EventStatus.HELD)
        .select_related("region")
        .annotate(n=Count("taps", filter=Q(taps__voided_at__isnull=True)))
        .annotate(
            inst=Count("taps", filter=Q(taps__voided_at__isnull=True, taps__kind=TapKind.INSTALLED))
        )
        .order_by("starts_at", "pk")
    ):
        events.rows.append([wareki(e.starts_at), e.title, e.region.name, e.n, e.inst])
    ages = _pairs(taps, "age_group")
    by_age = Dataset("出張サポート_年代別", "年代別の人数", ["年代", "説明", "インストール"])
    by_age.rows = [[label, *ages.get(code, (0, 0))] for code, label in AgeGroup.choices]
    oses = _pairs(taps, "os")
    by_os = Dataset("出張サポート_OS別", "端末のOS別の人数", ["端末のOS", "説明", "インストール"])
    by_os.rows = [[label, *oses.get(code, (0, 0))] for code, label in DeviceOS.choices]
    target = cfg.campaign_target_people
    held = sum(r[1] for r in regions.rows)
    lines = [
        f"出張サポートは{held:,}回開催し、{totals['n']:,}人に説明、{installed:,}人がインストールまで"
        f"完了しました（目標{target:,}人に対し{percent(installed, target)}）。",
    ]
    lacking = [r[0] for r in regions.rows if r[1] < cfg.campaign_min_events_per_region]
    if lacking:
        lines.append(f"開催回数が目標に届いていない圏域：{'、'.join(lacking)}")
    return Section(
        "2 出張サポート",
        lines,
        [
            Table(regions, Chart("圏域別のインストール人数", (3,))),
            Table(events),
            Table(by_age, Chart("年代別の人数", (1, 2))),
            Table(by_os, Chart("端末のOS別の人数", (1, 2))),
        ],
    )


def website_section(contract: Contract, as_of: dt.date) -> Section:
    monthly = Dataset("WEB閲覧数_月別", "月別の閲覧数", ["月", "閲覧数"])
    monthly.rows = [
        [month_label(m.month), m.views] for m in page_views_by_month(contract=contract, end=as_of)
    ]
    pages = Dataset(
        "WEB閲覧数_ページ別", "ページ別の閲覧数（上位30）", ["ページ", "パス", "閲覧数"]
    )
    pages.rows = [
        [p.title or p.path, p.path, p.views]
        for p in page_views_by_page(contract=contract, end=as_of)[:30]
    ]
    total = sum(r[1] for r in monthly.rows)
    return Section(
        "3 WEBサイト",
        [f"WEBサイトの閲覧数は合計{total:,}回です。"],
        [Table(monthly, Chart("月別の閲覧数", kind="line")), Table(pages)],
    )


def printing_section(contract: Contract) -> Section:
    runs = Dataset(
        "印刷物",
        "印刷物ごとの印刷・配布部数",
        ["印刷物", "印刷部数", "配布計画", "発送", "受領", "在庫"],
    )
    for row in print_summary(contract=contract):
        t = row.totals
        runs.rows.append([row.run.item.title, t.printed, t.planned, t.shipped, t.received, t.stock])
    regions = Dataset(
        "印刷物_圏域別配布", "圏域別の配布部数", ["圏域", "配布先数", "配布計画", "発送", "受領"]
    )
    regions.rows = [
        [r.region.name, r.destinations, r.planned, r.shipped, r.received]
        for r in distribution_by_region(contract=contract)
    ]
    printed = sum(r[1] for r in runs.rows)
    shipped = sum(r[3] for r in runs.rows)
    media = Dataset(
        "広報_媒体別",
        "実施した広報の媒体別件数・到達数・費用",
        ["媒体", "件数", "到達数", "費用（円）"],
    )
    media.rows = [
        [m.label, m.count, m.reach, m.cost] for m in placement_summary_by_medium(contract=contract)
    ]
    return Section(
        "4 印刷物・広報",
        [
            f"印刷物は{len(runs.rows)}種類、合計{printed:,}部を印刷し、{shipped:,}部を発送しました。",
            f"広報は{sum(r[1] for r in media.rows):,}件を実施しました。",
        ],
        [
            Table(runs),
            Table(regions, Chart("圏域別の発送部数", (3,))),
            Table(media, Chart("媒体別の到達数", (2,))),
        ],
    )


def meetings_section(contract: Contract) -> Section:
    ds = Dataset(
        "打合せ", "開催した打合せ（発注者確認済みの記録）", ["番号", "日時", "件名", "状況"]
    )
    held = meeting_list(contract=contract).exclude(status=Meeting.Status.DRAFT).order_by("number")
    ds.rows = [[m.number, wareki(m.held_at), m.title, m.get_status_display()] for m in held]
    confirmed = sum(1 for m in held if m.status == Meeting.Status.CONFIRMED)
    return Section(
        "5 打合せ",
        [f"打合せは{len(ds.rows)}回行い、{confirmed}回分の記録について発注者の確認を得ました。"],
        [Table(ds)],
    )


def privacy_section(contract: Contract) -> Section:
    sessions = TrainingSession.objects.filter(contract=contract).aggregate(
        n=Count("id"), minutes=Sum("minutes")
    )
    attended = TrainingAttendance.objects.filter(session__contract=contract).count()
    incidents = incident_totals(contract=contract)
    labels = dict(AccessLogEntry.Action.choices)
    access = {
        r["action"]: r["n"]
        for r in AccessLogEntry.objects.order_by().values("action").annotate(n=Count("id"))
    }
    purge = PurgeRun.objects.filter(contract=contract, verified=True).order_by("-at").first()
    ds = Dataset(
        "個人情報の取扱い",
        "個人情報の取扱いに関する実績",
        ["項目", "値"],
        [
            ["研修の実施回数", sessions["n"]],
            ["研修の延べ受講者数", attended],
            ["研修の合計時間（分）", sessions["minutes"] or 0],
            ["事故等の件数", incidents["n"]],
            ["事故等で影響を受けた人数", incidents["people"]],
            *[[f"アクセス記録（{label}）", access.get(code, 0)] for code, label in labels.items()],
            ["消去証明", f"{wareki(purge.at)} 実施・残存なしを確認" if purge else "未実施"],
        ],
    )
    lines = [
        f"個人情報の取扱いに関する研修を{sessions['n']}回実施し、延べ{attended}人が受講しました。",
        "個人情報の漏えい等の事故はありませんでした。"
        if incidents["n"] == 0
        else f"個人情報の漏えい等の事故が{incidents['n']}件発生し、県へ報告しました。",
    ]
    return Section("6 個人情報の取扱い", lines, [Table(ds)])
