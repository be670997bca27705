"""A Gantt chart of the work plan: one layout, drawn as inline SVG (pages) or in PDFs.

Pure Python, no Django: positions are fractions of the timeline so each renderer scales them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html import escape

from fukyu.core.wareki import era_year_label

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class GanttTask:
    key: int
    name: str
    group: str
    starts_on: dt.date
    ends_on: dt.date
    milestone: bool = False
    depends_on: tuple[int, ...] = ()


@dataclass(frozen=True)
class GanttRow:
    label: str
    task: GanttTask | None = None  # None: a work-item heading row
    x0: float = 0.0
    x1: float = 0.0


@dataclass(frozen=True)
class GanttSpan:
    label: str
    x0: float
    x1: float


@dataclass(frozen=True)
class GanttLayout:
    start: dt.date
    end: dt.date  # inclusive
    rows: tuple[GanttRow, ...]
    months: tuple[GanttSpan, ...]
    years: tuple[GanttSpan, ...]
    links: tuple[tuple[int, int], ...]  # (row of the predecessor, row of the successor)
    today: float | None

    @property
    def is_empty(self) -> bool:
        return not any(r.task for r in self.rows)


def _month_start(d: dt.date) -> dt.date:
    return d.replace(day=1)


def _next_month(d: dt.date) -> dt.date:
    return (d.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def gantt_layout(tasks: list[GanttTask], *, today: dt.date | None = None) -> GanttLayout:
    if not tasks:
        day = today or dt.date(2000, 1, 1)
        return GanttLayout(day, day, (), (), (), (), None)
    start = _month_start(min(t.starts_on for t in tasks))
    end = _next_month(max(t.ends_on for t in tasks)) - ONE_DAY
    total = (end - start).days + 1

    def frac(d: dt.date) -> float:
        return (d - start).days / total

    rows: list[GanttRow] = []
    where: dict[int, int] = {}
    group: str | None = None
    for t in tasks:
        if t.group != group:
            group = t.group
            rows.append(GanttRow(label=group or "（業務項目なし）"))
        where[t.key] = len(rows)
        rows.append(
            GanttRow(label=t.name, task=t, x0=frac(t.starts_on), x1=frac(t.ends_on + ONE_DAY))
        )
    links = tuple((where[d], where[t.key]) for t in tasks for d in t.depends_on if d in where)
    months: list[GanttSpan] = []
    years: list[GanttSpan] = []
    m = start
    while m <= end:
        nxt = _next_month(m)
        months.append(GanttSpan(f"{m.month}月", frac(m), frac(nxt)))
        label = era_year_label(m)
        if years and years[-1].label == label:
            years[-1] = GanttSpan(label, years[-1].x0, frac(nxt))
        else:
            years.append(GanttSpan(label, frac(m), frac(nxt)))
        m = nxt
    now = frac(today) + 0.5 / total if today and start <= today <= end else None
    return GanttLayout(start, end, tuple(rows), tuple(months), tuple(years), links, now)


def gantt_pages(layout: GanttLayout, rows_per_page: int) -> list[GanttLayout]:
    """Split a long chart into pieces of at most `rows_per_page` rows (for paged output);
    a dependency is drawn only where both ends are on the same piece."""
    if rows_per_page < 1:
        raise ValueError("rows_per_page must be at least 1")
    pieces = []
    for first in range(0, max(len(layout.rows), 1), rows_per_page):
        last = first + rows_per_page
        links = tuple(
            (a - first, b - first)
            for a, b in layout.links
            if first <= a < last and first <= b < last
        )
        pieces.append(
            GanttLayout(
                layout.start,
                layout.end,
                layout.rows[first:last],
                layout.months,
                layout.years,
                links,
                layout.today,
            )
        )
    return pieces


# SVG ----------------------------------------------------------------------------------------

LABEL_W = 250
CHART_W = 760
ROW_H = 24
HEAD_H = 44
TASK_FILL = "#0b5cad"
MILESTONE_FILL = "#b00020"


def _short(text: str, limit: int = 19) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _span_text(t: GanttTask) -> str:
    if t.milestone:
        return f"{t.starts_on:%Y-%m-%d}"
    return f"{t.starts_on:%Y-%m-%d}〜{t.ends_on:%Y-%m-%d}"


def render_svg(layout: GanttLayout, *, title: str = "工程表（ガントチャート）") -> str:
    """Inline SVG markup; every text is escaped here, so the caller may mark it safe."""
    width = LABEL_W + CHART_W + 10
    height = HEAD_H + ROW_H * len(layout.rows) + 8
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="gantt" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="gantt-title" '
        f'font-family="sans-serif" font-size="12">',
        f'<title id="gantt-title">{escape(title)}</title>',
        '<defs><marker id="gantt-arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" '
        'markerHeight="7" orient="auto"><path d="M0,0 L8,4 L0,8 z" fill="#555"/></marker></defs>',
    ]

    def x(f: float) -> float:
        return round(LABEL_W + f * CHART_W, 1)

    out.extend(
        f'<rect x="{x(y.x0)}" y="0" width="{round((y.x1 - y.x0) * CHART_W, 1)}" height="20" '
        f'fill="#dde6f0" stroke="#ccd"/>'
        f'<text x="{x(y.x0) + 4}" y="15">{escape(y.label)}</text>'
        for y in layout.years
    )
    for i, m in enumerate(layout.months):
        fill = "#f6f8fb" if i % 2 else "#fff"
        out.append(
            f'<rect x="{x(m.x0)}" y="20" width="{round((m.x1 - m.x0) * CHART_W, 1)}" '
            f'height="{height - 28}" fill="{fill}" stroke="#ccd"/>'
            f'<text x="{x((m.x0 + m.x1) / 2)}" y="37" text-anchor="middle">{escape(m.label)}</text>'
        )
    for n, row in enumerate(layout.rows):
        top = HEAD_H + n * ROW_H
        mid = top + ROW_H / 2
        if row.task is None:
            out.append(
                f'<text x="4" y="{mid + 4}" font-weight="bold">{escape(_short(row.label, 21))}</text>'
            )
            continue
        t = row.task
        tip = escape(f"{t.name}（{_span_text(t)}）")
        out.append(
            f'<text x="14" y="{mid + 4}">{escape(_short(row.label))}<title>{tip}</title></text>'
        )
        if t.milestone:
            cx = x((row.x0 + row.x1) / 2)
            out.append(
                f'<g><title>{tip}</title><polygon points="{cx},{mid - 7} {cx + 7},{mid} '
                f'{cx},{mid + 7} {cx - 7},{mid}" fill="{MILESTONE_FILL}"/></g>'
            )
        else:
            w = max(round((row.x1 - row.x0) * CHART_W, 1), 2.0)
            out.append(
                f'<g><title>{tip}</title><rect x="{x(row.x0)}" y="{top + 5}" width="{w}" '
                f'height="{ROW_H - 10}" rx="3" fill="{TASK_FILL}"/></g>'
            )
    for before, after in layout.links:
        a, b = layout.rows[before], layout.rows[after]
        y1 = HEAD_H + before * ROW_H + ROW_H / 2
        y2 = HEAD_H + after * ROW_H + ROW_H / 2
        x1, x2 = x(a.x1), x(b.x0)
        out.append(
            f'<path d="M{x1},{y1} h6 V{y2} H{x2 - 1}" fill="none" stroke="#555" '
            f'stroke-width="1" marker-end="url(#gantt-arrow)"/>'
        )
    if layout.today is not None:
        tx = x(layout.today)
        out.append(
            f'<line x1="{tx}" y1="20" x2="{tx}" y2="{height - 8}" stroke="#f5a623" '
            f'stroke-width="2" stroke-dasharray="4 3"><title>本日</title></line>'
        )
    out.append("</svg>")
    return "".join(out)
