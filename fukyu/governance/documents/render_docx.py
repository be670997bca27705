"""DOCX with python-docx; Japanese fonts are set for East Asian text (w:eastAsia)."""

from __future__ import annotations

import copy
import io
from typing import Any

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from fukyu.governance.documents import blocks as b
from fukyu.governance.gantt import GanttLayout

CELL_STYLE, CELL_STYLE_ID = "表の本文", "fukyuCell"
HEAD_STYLE, HEAD_STYLE_ID = "表の見出し", "fukyuHead"
MINCHO = "ＭＳ 明朝"
GOTHIC = "ＭＳ ゴシック"
ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
}


def _font(run: Any, name: str, size: float | None = None, bold: bool = False) -> None:
    run.font.name = name
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)
    if size:
        run.font.size = Pt(size)
    run.font.bold = bold or None


def _shade(cell: Any, fill: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shd)


def _cell(cell: Any, text: str, *, bold: bool = False, center: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    # The style id, set on the XML directly: looking a style up by name each time is slow.
    paragraph._p.style = HEAD_STYLE_ID if bold else CELL_STYLE_ID
    lines = text.split("\n")
    for n, line in enumerate(lines):
        run = paragraph.add_run(line)
        if n < len(lines) - 1:
            run.add_break()
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _new_table(doc: Any, widths_mm: list[float]) -> Any:
    """A grid table whose column widths are set before rows are added (each new row's cells
    take them from the grid, which is much faster than sizing every cell afterwards)."""
    table = doc.add_table(rows=0, cols=len(widths_mm))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    return table


def _rows(table: Any, count: int) -> list[Any]:
    """`count` blank rows, copied from one made by python-docx (whose add_row gets slow on long
    tables); returns the cells of each new row."""
    if count == 0:
        return []
    first = table.add_row()
    tbl = table._tbl
    for _ in range(count - 1):
        tbl.append(copy.deepcopy(first._tr))
    return [row.cells for row in table.rows[-count:]]


def _table(doc: Any, block: b.Table, avail_mm: float) -> None:
    total = sum(block.widths)
    table = _new_table(doc, [avail_mm * w / total for w in block.widths])
    if block.headers:
        cells = table.add_row().cells
        for i, h in enumerate(block.headers):
            _cell(cells[i], h, bold=True)
            _shade(cells[i], "E8ECF2")
    for row, cells in zip(block.rows, _rows(table, len(block.rows)), strict=True):
        for i, value in enumerate(row):
            _cell(cells[i], value, center=i in block.centered)


def _key_values(doc: Any, rows: list[tuple[str, str]], avail_mm: float) -> None:
    table = _new_table(doc, [avail_mm * 0.24, avail_mm * 0.76])
    for key, value in rows:
        cells = table.add_row().cells
        _cell(cells[0], key, bold=True)
        _shade(cells[0], "E8ECF2")
        _cell(cells[1], value)


def _gantt(doc: Any, layout: GanttLayout, avail_mm: float) -> None:
    """A month grid: shaded cells for the months a task runs, ◆ in a milestone's month."""
    if layout.is_empty:
        return
    months = layout.months
    label_mm = min(60.0, avail_mm * 0.3)
    month_mm = (avail_mm - label_mm) / len(months)
    table = _new_table(doc, [label_mm] + [month_mm] * len(months))
    header = table.add_row().cells
    _cell(header[0], "作業・マイルストーン", bold=True)
    for i, m in enumerate(months):
        year = next((y.label for y in layout.years if y.x0 <= m.x0 < y.x1), "")
        first = i == 0 or m.label == "1月"
        _cell(header[i + 1], f"{year}\n{m.label}" if first else m.label, bold=True, center=True)
    for row, cells in zip(layout.rows, _rows(table, len(layout.rows)), strict=True):
        if row.task is None:
            _cell(cells[0], row.label, bold=True)
            continue
        _cell(cells[0], "　" + row.label)
        for i, m in enumerate(months):
            if row.task.milestone:
                if m.x0 <= row.x0 < m.x1:
                    _cell(cells[i + 1], "◆", center=True)
            elif row.x0 < m.x1 and row.x1 > m.x0:
                _shade(cells[i + 1], "0B5CAD")


def render_docx(doc: b.Document) -> bytes:
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    if doc.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(18))
    avail_mm = (297 if doc.landscape else 210) - 36
    normal = document.styles["Normal"]
    normal.font.name = MINCHO
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), MINCHO)
    normal.font.size = Pt(10.5)
    cell_style = document.styles.add_style(CELL_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    cell_style.element.styleId = CELL_STYLE_ID
    cell_style.base_style = normal
    cell_style.font.size = Pt(9)
    cell_style.paragraph_format.space_after = Pt(0)
    head_style = document.styles.add_style(HEAD_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    head_style.element.styleId = HEAD_STYLE_ID
    head_style.base_style = cell_style
    head_style.font.name = GOTHIC
    head_style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), GOTHIC)
    head_style.font.bold = True
    document.core_properties.title = doc.title
    if doc.draft:
        mark = section.header.paragraphs[0]
        mark.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = mark.add_run("【案】")
        _font(run, GOTHIC, 11, True)
        run.font.color.rgb = RGBColor(0xB0, 0x00, 0x20)
    if doc.footer:
        foot = section.footer.paragraphs[0]
        foot.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _font(foot.add_run(doc.footer), MINCHO, 8)
    for block in doc.blocks:
        if isinstance(block, b.Title):
            p = document.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _font(p.add_run(block.text), GOTHIC, 16, True)
        elif isinstance(block, b.Line):
            p = document.add_paragraph()
            p.alignment = ALIGN[block.align]
            _font(p.add_run(block.text), MINCHO)
        elif isinstance(block, b.Heading):
            p = document.add_paragraph()
            _font(p.add_run(block.text), GOTHIC, 11.5, True)
        elif isinstance(block, b.Para):
            p = document.add_paragraph()
            lines = (block.text or "（なし）").split("\n")
            for n, line in enumerate(lines):
                run = p.add_run(line)
                _font(run, MINCHO)
                if n < len(lines) - 1:
                    run.add_break()
        elif isinstance(block, b.Table):
            _table(document, block, avail_mm)
        elif isinstance(block, b.KeyValues):
            _key_values(document, block.rows, avail_mm)
        elif isinstance(block, b.Gantt):
            _gantt(document, block.layout, avail_mm)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()
