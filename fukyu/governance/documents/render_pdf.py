"""PDF with ReportLab and its built-in Japanese CID fonts (no font files needed)."""

from __future__ import annotations

import io
from html import escape
from typing import Any

from reportlab.graphics.shapes import Drawing, Line, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer
from reportlab.platypus import Table as RLTable

from fukyu.core.pdf import GOTHIC, MINCHO, japanese_fonts
from fukyu.governance.documents import blocks as b
from fukyu.governance.gantt import GanttLayout, gantt_pages

BODY = ParagraphStyle("body", fontName=MINCHO, fontSize=10, leading=15, wordWrap="CJK")
CELL = ParagraphStyle("cell", parent=BODY, fontSize=9, leading=12.5)
CELL_C = ParagraphStyle("cellc", parent=CELL, alignment=TA_CENTER)
HEAD_CELL = ParagraphStyle("headcell", parent=CELL, fontName=GOTHIC)
HEADING = ParagraphStyle(
    "heading", fontName=GOTHIC, fontSize=11.5, leading=16, spaceBefore=8, spaceAfter=3
)
TITLE = ParagraphStyle(
    "title", fontName=GOTHIC, fontSize=16, leading=22, alignment=TA_CENTER, spaceAfter=10
)
ALIGNED = {
    "left": ParagraphStyle("line-left", parent=BODY, alignment=TA_LEFT),
    "right": ParagraphStyle("line-right", parent=BODY, alignment=TA_RIGHT),
    "center": ParagraphStyle("line-center", parent=BODY, alignment=TA_CENTER),
}


def _text(value: str) -> str:
    return escape(value).replace("\n", "<br/>")


def _table(
    headers: list[str],
    rows: list[list[str]],
    widths: list[float],
    centered: tuple[int, ...],
    avail: float,
) -> RLTable:
    total = sum(widths)
    col_widths = [avail * w / total for w in widths]
    data: list[list[Any]] = []
    if headers:
        data.append([Paragraph(_text(h), HEAD_CELL) for h in headers])
    data.extend(
        [Paragraph(_text(v), CELL_C if i in centered else CELL) for i, v in enumerate(row)]
        for row in rows
    )
    table = RLTable(data, colWidths=col_widths, repeatRows=1 if headers else 0)
    style: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#666666")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    if headers:
        style.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8ECF2")))
    table.setStyle(style)
    return table


def _key_values(rows: list[tuple[str, str]], avail: float) -> RLTable:
    data = [[Paragraph(_text(k), HEAD_CELL), Paragraph(_text(v), CELL)] for k, v in rows]
    table = RLTable(data, colWidths=[avail * 0.24, avail * 0.76])
    table.setStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#666666")),
            ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#E8ECF2")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
    )
    return table


GRID = "#AAAAAA"


def _rect(x: float, y: float, w: float, h: float, fill: str, stroke: str | None) -> Rect:
    rect = Rect(x, y, w, h)
    rect.fillColor = colors.HexColor(fill)
    rect.strokeColor = colors.HexColor(stroke) if stroke else None
    rect.strokeWidth = 0.4
    return rect


ROW_H, HEAD_H = 14.0, 26.0


def gantt_drawings(layout: GanttLayout, avail: float, avail_height: float) -> list[Drawing]:
    """The chart in pieces that each fit on one page, every piece with its own month header."""
    per_page = max(int((avail_height - HEAD_H - 24) // ROW_H), 1)
    return [gantt_drawing(piece, avail) for piece in gantt_pages(layout, per_page)]


def gantt_drawing(layout: GanttLayout, avail: float) -> Drawing:
    row_h, head_h, label_w = ROW_H, HEAD_H, min(150.0, avail * 0.3)
    chart_w = avail - label_w
    height = head_h + row_h * len(layout.rows) + 4
    d = Drawing(avail, height)

    def x(f: float) -> float:
        return label_w + f * chart_w

    def y(top: float) -> float:
        return height - top

    for span in layout.years:
        d.add(_rect(x(span.x0), y(12), (span.x1 - span.x0) * chart_w, 12, "#DDE6F0", GRID))
        d.add(String(x(span.x0) + 2, y(9.5), span.label, fontName=GOTHIC, fontSize=7))
    for i, m in enumerate(layout.months):
        fill = "#F6F8FB" if i % 2 else "#FFFFFF"
        d.add(_rect(x(m.x0), 2, (m.x1 - m.x0) * chart_w, height - 14, fill, GRID))
        d.add(
            String(
                x((m.x0 + m.x1) / 2),
                y(22),
                m.label,
                fontName=GOTHIC,
                fontSize=7,
                textAnchor="middle",
            )
        )
    for n, row in enumerate(layout.rows):
        top = head_h + n * row_h
        base = y(top + row_h / 2) - 2.5
        if row.task is None:
            d.add(String(2, base, row.label[:22], fontName=GOTHIC, fontSize=7.5))
            continue
        d.add(String(8, base, row.label[:24], fontName=MINCHO, fontSize=7))
        if row.task.milestone:
            cx, cy = x((row.x0 + row.x1) / 2), y(top + row_h / 2)
            d.add(
                Polygon(
                    [cx, cy + 5, cx + 5, cy, cx, cy - 5, cx - 5, cy],
                    fillColor=colors.HexColor("#B00020"),
                    strokeColor=None,
                )
            )
        else:
            width = max((row.x1 - row.x0) * chart_w, 1.5)
            d.add(_rect(x(row.x0), y(top + row_h - 3), width, row_h - 6, "#0B5CAD", None))
    for before, after in layout.links:
        a, bb = layout.rows[before], layout.rows[after]
        y1 = y(head_h + before * row_h + row_h / 2)
        y2 = y(head_h + after * row_h + row_h / 2)
        x1, x2 = x(a.x1), x(bb.x0)
        grey = colors.HexColor("#555555")
        d.add(Line(x1, y1, x1 + 3, y1, strokeColor=grey, strokeWidth=0.5))
        d.add(Line(x1 + 3, y1, x1 + 3, y2, strokeColor=grey, strokeWidth=0.5))
        d.add(Line(x1 + 3, y2, x2, y2, strokeColor=grey, strokeWidth=0.5))
        d.add(
            Polygon([x2, y2, x2 - 3, y2 + 1.5, x2 - 3, y2 - 1.5], fillColor=grey, strokeColor=None)
        )
    if layout.today is not None:
        d.add(
            Line(
                x(layout.today),
                2,
                x(layout.today),
                y(12),
                strokeColor=colors.HexColor("#F5A623"),
                strokeWidth=1,
                strokeDashArray=[3, 2],
            )
        )
    return d


def render_pdf(doc: b.Document) -> bytes:
    japanese_fonts()
    buf = io.BytesIO()
    pagesize = landscape(A4) if doc.landscape else A4
    template = SimpleDocTemplate(
        buf,
        pagesize=pagesize,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=doc.title,
        author=doc.footer,
    )
    # The frame keeps 6 pt of padding on each side.
    avail = pagesize[0] - 36 * mm - 12
    avail_height = pagesize[1] - 36 * mm - 12
    story: list[Flowable] = []
    for block in doc.blocks:
        if isinstance(block, b.Title):
            story.append(Paragraph(_text(block.text), TITLE))
        elif isinstance(block, b.Line):
            story.append(Paragraph(_text(block.text), ALIGNED[block.align]))
        elif isinstance(block, b.Heading):
            story.append(Paragraph(_text(block.text), HEADING))
        elif isinstance(block, b.Para):
            story.append(Paragraph(_text(block.text) or "（なし）", BODY))
        elif isinstance(block, b.Table):
            story.append(_table(block.headers, block.rows, block.widths, block.centered, avail))
        elif isinstance(block, b.KeyValues):
            story.append(_key_values(block.rows, avail))
        elif isinstance(block, b.Gantt) and not block.layout.is_empty:
            story.extend(gantt_drawings(block.layout, avail, avail_height))
        story.append(Spacer(1, 3))

    def decorate(canvas: Any, _doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(MINCHO, 8)
        canvas.drawCentredString(pagesize[0] / 2, 10 * mm, f"- {canvas.getPageNumber()} -")
        if doc.footer:
            canvas.drawRightString(pagesize[0] - 18 * mm, 10 * mm, doc.footer)
        if doc.draft:
            canvas.setFont(GOTHIC, 11)
            canvas.setFillColor(colors.HexColor("#B00020"))
            canvas.drawRightString(pagesize[0] - 18 * mm, pagesize[1] - 12 * mm, "【案】")
        canvas.restoreState()

    template.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return buf.getvalue()
