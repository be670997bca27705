"""Charts for the dashboard, drawn on the server as inline SVG (no JavaScript, no CDN).

Every text is escaped; colours come from classes in outreach.css. Each chart carries a <title>
and <desc> for screen readers, and the dashboard shows the same figures as tables."""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from fukyu.core.contract_config import ContractConfig
from fukyu.outreach.kpi import Breakdown, CumulativePoint, EventBar, Kpi
from fukyu.outreach.selectors import RegionRow

_ids = itertools.count(1)


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _text(x: float, y: float, text: str, cls: str = "", anchor: str = "start") -> str:
    return (
        f'<text x="{_num(x)}" y="{_num(y)}" class="{cls}" text-anchor="{anchor}">'
        f"{escape(text)}</text>"
    )


def _line(x1: float, y1: float, x2: float, y2: float, cls: str) -> str:
    return f'<line x1="{_num(x1)}" y1="{_num(y1)}" x2="{_num(x2)}" y2="{_num(y2)}" class="{cls}"/>'


def _svg(width: int, height: int, title: str, desc: str, body: list[str]) -> SafeString:
    n = next(_ids)
    return mark_safe(  # noqa: S308 (every text above went through escape())
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="chart{n}-t chart{n}-d" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="chart{n}-t">{escape(title)}</title><desc id="chart{n}-d">{escape(desc)}</desc>'
        + "".join(body)
        + "</svg>"
    )


def nice_max(value: float) -> int:
    """A round axis maximum at or above `value` whose quarters (the grid lines) are whole,
    readable numbers: 4, 8, 12, 16, 20, then 1, 1.2, 1.6, 2, 2.4, 3.2, 4, 6 or 8 × 10^n."""
    for small in (4, 8, 12, 16, 20):
        if value <= small:
            return small
    power: int = 10 ** math.floor(math.log10(value))
    for step in (1, 1.2, 1.6, 2, 2.4, 3.2, 4, 6, 8, 10):
        top = round(step * power)
        if value <= top:
            return top
    return 10 * power


def cumulative_chart(
    *, points: Sequence[CumulativePoint], kpi: Kpi, cfg: ContractConfig
) -> SafeString:
    """Cumulative installs by day against the target, with the projection at current pace."""
    width, height, left, right, top, bottom = 760, 320, 56, 120, 24, 40
    start, end = cfg.campaign_starts_on, cfg.campaign_ends_on
    days = (end - start).days or 1
    top_value = nice_max(max(kpi.target, kpi.installed_total, kpi.projected_total or 0) * 1.05)
    plot_w, plot_h = width - left - right, height - top - bottom

    def x(day: dt.date) -> float:
        return left + plot_w * (day - start).days / days

    def y(value: float) -> float:
        return top + plot_h * (1 - value / top_value)

    body: list[str] = []
    for i in range(5):
        value = top_value * i / 4
        body.append(_line(left, y(value), left + plot_w, y(value), "grid"))
        body.append(_text(left - 6, y(value) + 4, f"{value:,.0f}", "tick", "end"))
    month = start.replace(day=1)
    while month <= end:
        if month >= start:
            body.append(_line(x(month), top, x(month), top + plot_h, "grid"))
        label_day = max(month, start)
        body.append(_text(x(label_day) + 4, top + plot_h + 18, f"{month.month}月", "tick"))
        month = (month + dt.timedelta(days=32)).replace(day=1)
    body.append(_line(left, top + plot_h, left + plot_w, top + plot_h, "axis"))
    body.append(_line(left, top, left, top + plot_h, "axis"))
    body.append(_line(x(start), y(0), x(end), y(kpi.target), "pace"))
    pace_at = start + dt.timedelta(days=round(days * 0.8))
    body.append(_text(x(pace_at) + 6, y(kpi.target * 0.8) + 16, "目標ペース", "label pace-label"))
    body.append(_line(left, y(kpi.target), left + plot_w, y(kpi.target), "target"))
    body.append(
        _text(x(end) + 6, y(kpi.target) + 4, f"目標 {kpi.target:,}人", "label target-label")
    )
    if points:
        coords = " ".join(f"{_num(x(p.date))},{_num(y(p.installed))}" for p in points)
        body.append(f'<polyline points="{coords}" class="series installed"/>')
        last = points[-1]
        if kpi.projected_total is not None and last.date < end:
            body.append(
                _line(x(last.date), y(last.installed), x(end), y(kpi.projected_total), "projection")
            )
            body.append(
                _text(
                    x(end) + 6,
                    y(kpi.projected_total) + 4,
                    f"見込み {kpi.projected_total:,}人",
                    "label projection-label",
                )
            )
        body.append(
            _text(
                x(last.date),
                y(last.installed) - 8,
                f"{last.installed:,}人",
                "label installed-label",
                "middle",
            )
        )
    desc = (
        f"期間 {start:%Y-%m-%d}〜{end:%Y-%m-%d}。インストールまで完了 累計{kpi.installed_total:,}人、"
        f"目標{kpi.target:,}人"
        + (f"、現在のペースでの見込み{kpi.projected_total:,}人" if kpi.projected_total else "")
    )
    return _svg(width, height, "インストールまで完了した人数の累計と目標", desc, body)


@dataclass(frozen=True)
class Bar:
    label: str
    values: tuple[tuple[int, str], ...]  # (value, css class), drawn over each other
    note: str = ""
    note_cls: str = ""


def hbar_chart(*, title: str, bars: Sequence[Bar], legend: Sequence[tuple[str, str]]) -> SafeString:
    """Horizontal bars, one row per item; values of a row overlap (largest drawn first)."""
    label_w, row_h, width, note_w = 220, 28, 760, 150
    top = 30
    height = top + row_h * max(len(bars), 1) + 24
    plot_w = width - label_w - note_w
    top_value = nice_max(max((v for b in bars for v, _ in b.values), default=0))
    body: list[str] = []
    lx = label_w
    for text, cls in legend:
        body.append(f'<rect x="{lx}" y="8" width="12" height="12" class="{cls}"/>')
        body.append(_text(lx + 16, 19, text, "tick"))
        lx += 20 + 14 * len(text)
    for i in range(5):
        gx = label_w + plot_w * i / 4
        body.append(_line(gx, top, gx, height - 20, "grid"))
        body.append(_text(gx, height - 6, f"{top_value * i / 4:,.0f}", "tick", "middle"))
    if not bars:
        body.append(_text(label_w + 8, top + 18, "まだ記録がありません", "tick"))
    for row, bar in enumerate(bars):
        y0 = top + row * row_h
        label = bar.label if len(bar.label) <= 17 else bar.label[:16] + "…"
        body.append(_text(label_w - 8, y0 + 18, label, "tick", "end"))
        for value, cls in sorted(bar.values, key=lambda v: -v[0]):
            w = plot_w * value / top_value
            body.append(
                f'<rect x="{label_w}" y="{y0 + 5}" width="{_num(w)}" height="{row_h - 10}" '
                f'class="{cls}"><title>{escape(bar.label)}: {value:,}人</title></rect>'
            )
        shown = " / ".join(f"{v:,}" for v, _ in bar.values)
        body.append(
            _text(
                label_w + plot_w + 8,
                y0 + 18,
                f"{shown}人 {bar.note}".strip(),
                f"tick {bar.note_cls}".strip(),
            )
        )
    desc = "、".join(
        f"{b.label} "
        + "・".join(f"{v:,}人" for v, _ in b.values)
        + (f"（{b.note}）" if b.note else "")
        for b in bars
    )
    return _svg(width, height, title, desc or "記録なし", body)


LEGEND = (("説明した（合計）", "bar explained"), ("インストールまで完了", "bar installed"))


def region_chart(*, rows: Sequence[RegionRow]) -> SafeString:
    bars = [
        Bar(
            r.region.name,
            ((r.explained, "bar explained"), (r.installed, "bar installed")),
            note=f"開催{r.held}回" if not r.lacking else "未開催",
            note_cls="" if not r.lacking else "bad",
        )
        for r in rows
    ]
    return hbar_chart(title="圏域別の人数と開催状況", bars=bars, legend=LEGEND)


def event_chart(*, bars: Sequence[EventBar]) -> SafeString:
    return hbar_chart(
        title="イベント別の人数",
        bars=[
            Bar(
                f"{b.event.day.month}/{b.event.day.day} {b.event.title}",
                ((b.explained, "bar explained"), (b.installed, "bar installed")),
            )
            for b in bars
        ],
        legend=LEGEND,
    )


def breakdown_chart(*, rows: Sequence[Breakdown], title: str) -> SafeString:
    return hbar_chart(
        title=title,
        bars=[
            Bar(r.label, ((r.explained, "bar explained"), (r.installed, "bar installed")))
            for r in rows
            if r.code or r.explained
        ],
        legend=LEGEND,
    )
