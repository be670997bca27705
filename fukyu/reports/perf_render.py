"""The performance report as PDF (ReportLab, with vector charts), DOCX (python-docx, for
editing: the charts as PNG images drawn by fukyu.reports.chart_png, and the tables) and XLSX
(openpyxl, the table behind every chart with a native Excel chart).

All three are reproducible for the same data and `as_of` (see fukyu.reports.files).
"""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, TableStyle
from reportlab.platypus import Table as RLTable

from fukyu.core.pdf import GOTHIC, MINCHO, japanese_fonts
from fukyu.core.wareki import wareki
from fukyu.reports.chart_png import chart_png
from fukyu.reports.files import fixed_ooxml, invariant_pdf, xlsx_bytes
from fukyu.reports.perf_model import Chart, Report, Table

PALETTE = ["#0B5CAD", "#E07B00", "#2E8B57", "#8E44AD"]
TOTAL = "合計"

BODY = ParagraphStyle("pr-body", fontName=MINCHO, fontSize=10, leading=15, wordWrap="CJK")
CELL = ParagraphStyle("pr-cell", parent=BODY, fontSize=8.5, leading=11)
HEAD = ParagraphStyle("pr-head", parent=CELL, fontName=GOTHIC)
H1 = ParagraphStyle(
    "pr-h1", fontName=GOTHIC, fontSize=12.5, leading=18, spaceBefore=10, spaceAfter=4
)
H2 = ParagraphStyle("pr-h2", fontName=GOTHIC, fontSize=10, leading=14, spaceBefore=6, spaceAfter=2)
TITLE = ParagraphStyle("pr-title", fontName=GOTHIC, fontSize=18, leading=26, alignment=TA_CENTER)
RIGHT = ParagraphStyle("pr-right", parent=BODY, alignment=TA_RIGHT)


def chart_rows(table: Table) -> list[list[Any]]:
    """The rows a chart draws: every row but the total."""
    return [r for r in table.ds.rows if r and r[0] != TOTAL]


def _fmt(value: Any) -> str:
    return f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else str(value)


# PDF ---------------------------------------------------------------------------------------


def chart_drawing(table: Table, chart: Chart, width: float) -> Drawing:
    rows = chart_rows(table)
    height = 62 * mm
    drawing = Drawing(width, height)
    drawing.add(String(0, height - 10, chart.title, fontName=GOTHIC, fontSize=9))
    data = [
        tuple(float(r[c]) if isinstance(r[c], int | float) else 0.0 for r in rows)
        for c in chart.value_cols
    ]
    if not rows:
        drawing.add(
            String(
                width / 2,
                height / 2,
                "データがありません",
                fontName=GOTHIC,
                fontSize=9,
                textAnchor="middle",
            )
        )
        return drawing
    plot: Any = HorizontalLineChart() if chart.kind == "line" else VerticalBarChart()
    plot.x, plot.y = 34, 30
    plot.width, plot.height = width - 44 - (70 if len(chart.value_cols) > 1 else 0), height - 50
    plot.data = data
    plot.categoryAxis.categoryNames = [str(r[0]) for r in rows]
    plot.categoryAxis.labels.fontName = GOTHIC
    plot.categoryAxis.labels.fontSize = 6.5
    if len(rows) > 6:
        plot.categoryAxis.labels.angle = 30
        plot.categoryAxis.labels.boxAnchor = "ne"
    plot.valueAxis.labels.fontName = GOTHIC
    plot.valueAxis.labels.fontSize = 7
    plot.valueAxis.valueMin = 0
    top = max((max(d) for d in data if d), default=0.0)
    if top <= 0:
        plot.valueAxis.valueMax = 1.0
    for i in range(len(data)):
        color = colors.HexColor(PALETTE[i % len(PALETTE)])
        if chart.kind == "line":
            plot.lines[i].strokeColor = color
            plot.lines[i].strokeWidth = 1.5
        else:
            plot.bars[i].fillColor = color
            plot.bars[i].strokeColor = None
    drawing.add(plot)
    if len(chart.value_cols) > 1:
        legend = Legend()
        legend.x = int(width - 66)
        legend.y = int(height - 24)
        legend.fontName = GOTHIC
        legend.fontSize = 7
        legend.colorNamePairs = [
            (colors.HexColor(PALETTE[i % len(PALETTE)]), table.ds.header[c])
            for i, c in enumerate(chart.value_cols)
        ]
        drawing.add(legend)
    return drawing


def _pdf_table(table: Table, width: float) -> RLTable:
    ds = table.ds
    data: list[list[Any]] = [[Paragraph(escape(h), HEAD) for h in ds.header]]
    data += [[Paragraph(escape(_fmt(v)), CELL) for v in row] for row in ds.rows]
    if len(data) == 1:
        data.append([Paragraph("（記録なし）", CELL)] + [""] * (len(ds.header) - 1))
    first = width * (0.4 if len(ds.header) > 2 else 0.6)
    rest = (width - first) / max(len(ds.header) - 1, 1)
    t = RLTable(data, colWidths=[first] + [rest] * (len(ds.header) - 1), repeatRows=1)
    t.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DDEBF7")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    return t


def render_pdf(report: Report) -> bytes:
    japanese_fonts()
    buffer = io.BytesIO()
    width = A4[0] - 36 * mm
    story: list[Any] = [
        Spacer(1, 30 * mm),
        Paragraph(escape(report.title), TITLE),
        Spacer(1, 8 * mm),
        Paragraph(
            escape(report.contract_name), ParagraphStyle("c", parent=BODY, alignment=TA_CENTER)
        ),
        Spacer(1, 40 * mm),
        Paragraph(f"{escape(report.client)}　様", BODY),
        Paragraph(escape(wareki(report.as_of)), RIGHT),
        Paragraph(escape(report.contractor), RIGHT),
        Paragraph(f"業務期間：{escape(report.period)}", BODY),
    ]
    for section in report.sections:
        story.append(Paragraph(escape(section.title), H1))
        story += [Paragraph(escape(line), BODY) for line in section.lines]
        for table in section.tables:
            story.append(Paragraph(escape(table.ds.description), H2))
            if table.chart is not None:
                story.append(chart_drawing(table, table.chart, width))
            story.append(_pdf_table(table, width))
    with invariant_pdf():
        doc = SimpleDocTemplate(
            buffer,
            pagesize=A4,
            leftMargin=18 * mm,
            rightMargin=18 * mm,
            topMargin=18 * mm,
            bottomMargin=18 * mm,
            title=report.title,
            author=report.contractor,
            creator="fukyu",
        )
        doc.build(story)
    return buffer.getvalue()


# DOCX --------------------------------------------------------------------------------------


def _docx_font(run: Any, name: str, size: float, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _docx_chart(document: Any, table: Table, chart: Chart) -> None:
    png = chart_png(table, chart)
    if png is None:
        document.add_paragraph(
            f"（図「{chart.title}」は、日本語フォントがないため省略しました。PDF版をご覧ください）"
        )
        return
    document.add_picture(io.BytesIO(png), width=Mm(174))
    picture = document.inline_shapes[-1]
    # Alternative text for screen readers, and the figure's title for whoever edits it.
    picture._inline.docPr.set("descr", f"{chart.title}（{table.ds.description}の図）")
    picture._inline.docPr.set("title", chart.title)
    document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER


def render_docx(report: Report) -> bytes:
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(18))
    normal = document.styles["Normal"]
    normal.font.name = MINCHO
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), MINCHO)
    normal.font.size = Pt(10.5)
    props = document.core_properties
    props.title = report.title
    props.author = report.contractor
    props.last_modified_by = report.contractor
    props.revision = 1
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _docx_font(title.add_run(report.title), GOTHIC, 18, True)
    centre = document.add_paragraph(report.contract_name)
    centre.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph(f"{report.client}　様")
    for text in (wareki(report.as_of), report.contractor):
        p = document.add_paragraph(text)
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.add_paragraph(f"業務期間：{report.period}")
    for sec in report.sections:
        heading = document.add_paragraph()
        _docx_font(heading.add_run(sec.title), GOTHIC, 13, True)
        for line in sec.lines:
            document.add_paragraph(line)
        for table in sec.tables:
            caption = document.add_paragraph()
            _docx_font(caption.add_run(table.ds.description), GOTHIC, 10, True)
            if table.chart is not None:
                _docx_chart(document, table, table.chart)
            grid = document.add_table(rows=1, cols=len(table.ds.header))
            grid.style = "Table Grid"
            for cell, text in zip(grid.rows[0].cells, table.ds.header, strict=True):
                cell.text = text
            for row in table.ds.rows:
                cells = grid.add_row().cells
                for cell, value in zip(cells, row, strict=True):
                    cell.text = _fmt(value)
    buffer = io.BytesIO()
    document.save(buffer)
    return fixed_ooxml(buffer.getvalue(), report.as_of)


# XLSX --------------------------------------------------------------------------------------


def render_xlsx(report: Report) -> bytes:
    tables = [t for s in report.sections for t in s.tables]

    def charts(wb: Workbook, sheets: list[Any]) -> None:
        for table, ws in zip(tables, sheets, strict=True):
            if table.chart is None:
                continue
            n = len(chart_rows(table))
            if n == 0:
                continue
            plot: Any = LineChart() if table.chart.kind == "line" else BarChart()
            plot.title = table.chart.title
            plot.height, plot.width = 8, 16
            for c in table.chart.value_cols:
                ref = Reference(ws, min_col=c + 1, min_row=1, max_row=n + 1)
                plot.add_data(ref, titles_from_data=True)
            plot.set_categories(Reference(ws, min_col=1, min_row=2, max_row=n + 1))
            ws.add_chart(plot, f"{chr(ord('A') + len(table.ds.header) + 1)}2")

    return xlsx_bytes([t.ds for t in tables], report.as_of, extra=charts, title=report.title)
