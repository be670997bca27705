"""The call-center section of the performance report. Every count is a GROUP BY in the
database, so the section costs a handful of queries whatever the number of inquiries."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Avg, Count, F, Q, QuerySet
from django.db.models.functions import TruncDate, TruncMonth, TruncTime

from fukyu.callcenter.models import CallRecord, Escalation, FaqEntry, Inquiry
from fukyu.callcenter.models.inquiry import AgeGroup, Channel, Outcome
from fukyu.core.calendar import TOKYO
from fukyu.core.models import Contract, InquiryCategory, MiniApp, Region
from fukyu.reports.files import Dataset
from fukyu.reports.perf_model import Chart, Section, Table, month_label, percent

UNSET = "未選択"
TOTAL = "合計"


def _month(value: dt.date | dt.datetime) -> dt.date:
    if isinstance(value, dt.datetime):
        value = value.astimezone(TOKYO) if value.tzinfo else value
        return value.date().replace(day=1)
    return value.replace(day=1)


def _counts(qs: QuerySet[Inquiry], key: str) -> dict[Any, int]:
    return {r[key]: r["n"] for r in qs.order_by().values(key).annotate(n=Count("id"))}


def _labelled(found: dict[Any, int], labels: list[tuple[Any, str]], total: int) -> list[list[Any]]:
    rows = [[label, found.get(key, 0), percent(found.get(key, 0), total)] for key, label in labels]
    if found.get(None) or found.get(""):
        n = found.get(None, 0) + found.get("", 0)
        rows.append([UNSET, n, percent(n, total)])
    return rows


def _monthly(contract: Contract, qs: QuerySet[Inquiry], total: int) -> Dataset:
    cfg = contract.settings
    found = {
        _month(r["m"]): r["n"]
        for r in qs.order_by()
        .annotate(m=TruncMonth("received_at", tzinfo=TOKYO))
        .values("m")
        .annotate(n=Count("id"))
    }
    months = sorted(set(found) | {dt.date(int(k[:4]), int(k[5:7]), 1) for k in cfg.forecast})
    ds = Dataset(
        "問い合わせ_月別",
        "月別の問い合わせ件数と想定件数",
        ["月", "問い合わせ件数", "想定件数", "想定比"],
    )
    for m in months:
        forecast = cfg.forecast_for(m.year, m.month)
        ds.rows.append(
            [month_label(m), found.get(m, 0), forecast, percent(found.get(m, 0), forecast)]
        )
    forecast_total = sum(cfg.forecast.values())
    ds.rows.append([TOTAL, total, forecast_total, percent(total, forecast_total)])
    return ds


def _escalations(contract: Contract) -> tuple[list[str], Dataset]:
    qs = Escalation.objects.filter(contract=contract)
    agg = qs.aggregate(
        n=Count("id"),
        notified=Count("id", filter=Q(notified_at__isnull=False)),
        on_time=Count("id", filter=Q(notified_at__isnull=False, notified_at__lte=F("notify_by"))),
        closed=Count("id", filter=Q(closed_at__isnull=False)),
    )
    durations = list(qs.filter(notified_at__isnull=False).values_list("opened_at", "notified_at"))
    minutes = [(b - a).total_seconds() / 60 for a, b in durations if b is not None]
    closed = list(qs.filter(closed_at__isnull=False).values_list("opened_at", "closed_at"))
    hours = [(b - a).total_seconds() / 3600 for a, b in closed if b is not None]
    ds = Dataset(
        "エスカレーション",
        "エスカレーションの件数と対応時間",
        ["項目", "値"],
        [
            ["エスカレーション件数", agg["n"]],
            ["県へ連絡済み", agg["notified"]],
            ["期限内に連絡", agg["on_time"]],
            ["完了", agg["closed"]],
            [
                "起票から県への連絡まで（平均・分）",
                round(sum(minutes) / len(minutes), 1) if minutes else "—",
            ],
            ["起票から完了まで（平均・時間）", round(sum(hours) / len(hours), 1) if hours else "—"],
        ],
    )
    lines = [
        f"エスカレーションは{agg['n']:,}件で、うち{agg['on_time']:,}件は期限"
        f"（{contract.settings.escalation_target_minutes}分）内に県へ連絡しました。"
    ]
    return lines, ds


def _answer_rate(contract: Contract) -> tuple[list[str], Dataset | None]:
    """Calls offered and answered within the center's hours, per month, from the phone system's
    call records (one GROUP BY per local day; the calendar decides which days were open)."""
    cfg = contract.settings
    inside = Q(t__gte=cfg.center_opens_at, t__lt=cfg.center_closes_at)
    days = (
        CallRecord.objects.filter(contract=contract)
        .order_by()
        .annotate(d=TruncDate("start", tzinfo=TOKYO), t=TruncTime("start", tzinfo=TOKYO))
        .values("d")
        .annotate(
            n=Count("id"),
            offered=Count("id", filter=inside),
            answered=Count("id", filter=inside & Q(disposition="ANSWERED")),
        )
    )
    months: dict[dt.date, list[int]] = {}
    for r in days:
        day: dt.date = r["d"]
        counts = months.setdefault(day.replace(day=1), [0, 0, 0])
        if contract.calendar.center_open(day):
            counts[0] += r["offered"]
            counts[1] += r["answered"]
            counts[2] += r["n"] - r["offered"]
        else:
            counts[2] += r["n"]
    if not months:
        return [
            "応答率：通話記録（着信・応答）が取り込まれていないため、本報告では集計していません。"
        ], None
    ds = Dataset(
        "通話_月別",
        "月別の着信件数・応答件数と応答率（開設時間内、電話システムの通話記録から）",
        ["月", "着信件数", "応答件数", "応答率", "時間外の着信"],
    )
    for m in sorted(months):
        offered, answered, outside = months[m]
        ds.rows.append([month_label(m), offered, answered, percent(answered, offered), outside])
    offered = sum(v[0] for v in months.values())
    answered = sum(v[1] for v in months.values())
    outside = sum(v[2] for v in months.values())
    ds.rows.append([TOTAL, offered, answered, percent(answered, offered), outside])
    lines = [
        f"開設時間内の着信{offered:,}件のうち{answered:,}件に応答しました"
        f"（応答率{percent(answered, offered)}、時間外の着信{outside:,}件）。"
    ]
    return lines, ds


def _faq_growth(contract: Contract) -> Dataset:
    found = {
        _month(r["m"]): r["n"]
        for r in FaqEntry.objects.filter(contract=contract)
        .order_by()
        .annotate(m=TruncMonth("created_at", tzinfo=TOKYO))
        .values("m")
        .annotate(n=Count("id"))
    }
    ds = Dataset("FAQ_月別", "FAQの月別追加件数と累計", ["月", "追加", "累計"])
    running = 0
    for m in sorted(found):
        running += found[m]
        ds.rows.append([month_label(m), found[m], running])
    return ds


def call_center_section(contract: Contract) -> Section:
    qs = Inquiry.objects.filter(contract=contract)
    totals = qs.aggregate(
        n=Count("id"),
        resolved=Count("id", filter=Q(outcome=Outcome.RESOLVED)),
        outside=Count("id", filter=Q(outside_hours=True)),
        handle=Avg("handle_seconds"),
    )
    total = totals["n"]
    monthly = _monthly(contract, qs, total)
    by_category = Dataset(
        "問い合わせ_類型別", "問い合わせ類型別の件数", ["問い合わせ類型", "件数", "割合"]
    )
    by_category.rows = _labelled(
        _counts(qs, "category_id"),
        [
            (c.pk, c.name)
            for c in InquiryCategory.objects.filter(contract=contract).order_by("order", "pk")
        ],
        total,
    )
    by_app = Dataset(
        "問い合わせ_ミニアプリ別", "ミニアプリ別の件数", ["ミニアプリ", "件数", "割合"]
    )
    by_app.rows = _labelled(
        _counts(qs, "mini_app_id"),
        [(a.pk, a.name) for a in MiniApp.objects.filter(contract=contract).order_by("order", "pk")],
        total,
    )
    by_region = Dataset("問い合わせ_圏域別", "圏域別の件数", ["圏域", "件数", "割合"])
    by_region.rows = _labelled(
        _counts(qs, "municipality__region_id"),
        [(r.pk, r.name) for r in Region.objects.filter(contract=contract).order_by("order", "pk")],
        total,
    )
    by_age = Dataset("問い合わせ_年代別", "年代別の件数", ["年代", "件数", "割合"])
    by_age.rows = _labelled(_counts(qs, "age_group"), list(AgeGroup.choices), total)
    by_channel = Dataset("問い合わせ_受付方法別", "受付方法別の件数", ["受付方法", "件数", "割合"])
    by_channel.rows = _labelled(_counts(qs, "channel"), list(Channel.choices), total)
    esc_lines, escalations = _escalations(contract)
    answer_lines, calls = _answer_rate(contract)
    faq = _faq_growth(contract)
    handle = totals["handle"]
    lines = [
        f"問い合わせは合計{total:,}件（想定{sum(contract.settings.forecast.values()):,}件）で、"
        f"うち{totals['resolved']:,}件（{percent(totals['resolved'], total)}）をその場で解決しました。",
        f"開設時間外の受付は{totals['outside']:,}件、平均対応時間は"
        + (f"{handle / 60:.1f}分です。" if handle is not None else "記録がありません。"),
        *answer_lines,
        *esc_lines,
        f"FAQは{faq.rows[-1][2] if faq.rows else 0:,}件を整備しました。",
    ]
    return Section(
        "1 コールセンター",
        lines,
        [
            Table(monthly, Chart("月別の問い合わせ件数と想定件数", (1, 2))),
            Table(by_category, Chart("問い合わせ類型別の件数")),
            Table(by_app, Chart("ミニアプリ別の件数")),
            Table(by_region, Chart("圏域別の件数")),
            Table(by_age, Chart("年代別の件数")),
            Table(by_channel),
            *([Table(calls, Chart("月別の着信件数と応答件数", (1, 2)))] if calls else []),
            Table(escalations),
            Table(faq, Chart("FAQ件数の累計", (2,), kind="line")),
        ],
    )
