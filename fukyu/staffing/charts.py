"""Server-side SVG charts (no JavaScript): grouped bars, lines and steps over categories.

Every text is escaped; colours are SVG presentation attributes, so the charts keep their
colours when saved on their own and need no inline ``style``.  Each chart carries a
``<title>``/``<desc>`` for screen readers; pages show the same numbers in a table as well.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

Kind = Literal["bar", "line", "step"]

PALETTE: dict[str, str] = {
    "agents": "#0b5cad",
    "headcount": "#8fb8e6",
    "lines": "#b35900",
    "forecast": "#1d6b32",
    "actual": "#6b6bb3",
    "capacity": "#b00020",
    "erlang_c": "#0b5cad",
    "erlang_a": "#1d6b32",
    "simulation": "#b35900",
}


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[float | None]
    kind: Kind
    color: str
    dashed: bool = False


@dataclass(frozen=True)
class Chart:
    chart_id: str
    title: str
    desc: str
    x_labels: Sequence[str]
    series: Sequence[Series]
    y_label: str
    x_label: str
    width: int = 960
    height: int = 320
    y_max: float | None = None
    y_format: str = "{:g}"
    separators: Sequence[int] = field(default_factory=tuple)
    """Category indexes before which a vertical separator is drawn (e.g. month starts)."""
    integer: bool = False
    """Whole-number ticks only (people, lines)."""


def nice_ticks(top: float, count: int = 5, *, integer: bool = False) -> list[float]:
    """0 and round steps (1, 2, 2.5, 5 x 10^k; no 2.5 and at least 1 with ``integer``) up to
    at least ``top``."""
    if top <= 0:
        return [0.0, 1.0]
    raw = top / count
    mag = 10 ** math.floor(math.log10(raw))
    steps = (1, 2, 5, 10) if integer else (1, 2, 2.5, 5, 10)
    step = next(s * mag for s in steps if s * mag >= raw)
    if integer:
        step = max(1, round(step))
    n = math.ceil(top / step - 1e-9)
    return [i * step for i in range(n + 1)]


def _num(x: float) -> str:
    return f"{x:.1f}"


def render(chart: Chart) -> SafeString:
    left, right, top, bottom = 64, 16, 40, 56
    w, h = chart.width, chart.height
    pw, ph = w - left - right, h - top - bottom
    n = max(1, len(chart.x_labels))
    values = [v for s in chart.series for v in s.values if v is not None]
    ticks = nice_ticks(
        chart.y_max if chart.y_max is not None else max(values, default=0.0),
        integer=chart.integer,
    )
    y_top = ticks[-1]

    def y(v: float) -> float:
        return top + ph - (v / y_top) * ph

    band = pw / n
    cid = escape(chart.chart_id)
    out: list[str] = [
        f'<svg class="chart" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" '
        f'aria-labelledby="{cid}-t {cid}-d" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{cid}-t">{escape(chart.title)}</title>',
        f'<desc id="{cid}-d">{escape(chart.desc)}</desc>',
    ]
    # Grid and y axis.
    for t in ticks:
        yy = _num(y(t))
        out.append(
            f'<line x1="{left}" y1="{yy}" x2="{w - right}" y2="{yy}" stroke="#dde" '
            'stroke-width="1"/>'
        )
        out.append(
            f'<text x="{left - 6}" y="{yy}" text-anchor="end" dominant-baseline="middle" '
            f'font-size="12" fill="#333">{escape(chart.y_format.format(t))}</text>'
        )
    out.append(
        f'<text x="14" y="{_num(top + ph / 2)}" font-size="12" fill="#333" text-anchor="middle" '
        f'transform="rotate(-90 14 {_num(top + ph / 2)})">{escape(chart.y_label)}</text>'
    )
    for i in chart.separators:
        xx = _num(left + i * band)
        out.append(
            f'<line x1="{xx}" y1="{top}" x2="{xx}" y2="{top + ph}" stroke="#99a" '
            'stroke-dasharray="4 3"/>'
        )
    # Bars, grouped.
    bars = [s for s in chart.series if s.kind == "bar"]
    if bars:
        slot = band * 0.8 / len(bars)
        for k, s in enumerate(bars):
            for i, v in enumerate(s.values):
                if v is None or v <= 0:
                    continue
                x0 = left + i * band + band * 0.1 + k * slot
                tip = f"{chart.x_labels[i]} {s.label}：{chart.y_format.format(v)}"
                out.append(
                    f'<rect x="{_num(x0)}" y="{_num(y(v))}" width="{_num(max(slot - 0.5, 0.5))}" '
                    f'height="{_num(top + ph - y(v))}" fill="{escape(s.color)}">'
                    f"<title>{escape(tip)}</title></rect>"
                )
    # Lines and steps.
    for s in chart.series:
        if s.kind == "bar":
            continue
        points: list[str] = []
        runs: list[list[str]] = []
        for i, v in enumerate(s.values):
            if v is None:
                if points:
                    runs.append(points)
                points = []
                continue
            if s.kind == "line":
                points.append(f"{_num(left + (i + 0.5) * band)},{_num(y(v))}")
            else:
                points.append(f"{_num(left + i * band)},{_num(y(v))}")
                points.append(f"{_num(left + (i + 1) * band)},{_num(y(v))}")
        if points:
            runs.append(points)
        dash = ' stroke-dasharray="6 4"' if s.dashed else ""
        out.extend(
            f'<polyline points="{" ".join(run)}" fill="none" stroke="{escape(s.color)}" '
            f'stroke-width="2.5"{dash}/>'
            for run in runs
        )
        if s.kind == "line" and n <= 40:
            for i, v in enumerate(s.values):
                if v is not None:
                    out.append(
                        f'<circle cx="{_num(left + (i + 0.5) * band)}" cy="{_num(y(v))}" r="3" '
                        f'fill="{escape(s.color)}"><title>'
                        f"{escape(f'{chart.x_labels[i]} {s.label}：{chart.y_format.format(v)}')}"
                        "</title></circle>"
                    )
    # X axis labels.
    out.append(
        f'<line x1="{left}" y1="{top + ph}" x2="{w - right}" y2="{top + ph}" stroke="#333"/>'
    )
    every = max(1, math.ceil(n / (pw / 44)))
    for i, label in enumerate(chart.x_labels):
        if not label or (i % every and i not in chart.separators):
            continue
        out.append(
            f'<text x="{_num(left + (i + 0.5) * band)}" y="{top + ph + 16}" font-size="11" '
            f'fill="#333" text-anchor="middle">{escape(label)}</text>'
        )
    out.append(
        f'<text x="{_num(left + pw / 2)}" y="{h - 8}" font-size="12" fill="#333" '
        f'text-anchor="middle">{escape(chart.x_label)}</text>'
    )
    # Legend.
    lx = left
    for s in chart.series:
        if s.kind == "bar":
            out.append(f'<rect x="{lx}" y="12" width="14" height="14" fill="{escape(s.color)}"/>')
        else:
            dash = ' stroke-dasharray="6 4"' if s.dashed else ""
            out.append(
                f'<line x1="{lx}" y1="19" x2="{lx + 14}" y2="19" stroke="{escape(s.color)}" '
                f'stroke-width="3"{dash}/>'
            )
        out.append(
            f'<text x="{lx + 20}" y="19" dominant-baseline="middle" font-size="13" '
            f'fill="#222">{escape(s.label)}</text>'
        )
        lx += 20 + 14 * len(s.label) + 24
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 -- every text above is escaped
