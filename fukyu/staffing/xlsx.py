"""The season plan as an XLSX workbook for the staffing vendor.

Sheets: 「概要」 (the assumptions and one row per month), then one sheet per month with the
agents for each open day (rows) and 30-minute interval (columns), and below it the same grid
of scheduled headcount.  Every sheet prints on A4 landscape, one page wide, with the
heading rows repeated.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping, Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from fukyu.staffing.formatting import month_label, parameter_items
from fukyu.staffing.models import WEEKDAY_LABELS
from fukyu.staffing.plan import IntervalPlan
from fukyu.staffing.planning import ContractPlan

TITLE = Font(size=14, bold=True)
BOLD = Font(bold=True)
HEAD_FILL = PatternFill("solid", fgColor="DDE6F0")
THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)

# Named styles: assigning one by name is far cheaper in openpyxl than setting border, font
# and format cell by cell (each of those hashes the style objects again).
STYLES = {
    "s_head": {"font": BOLD, "fill": HEAD_FILL, "border": BOX, "alignment": CENTER},
    "s_cell": {"border": BOX},
    "s_bold": {"border": BOX, "font": BOLD},
    "s_date": {"border": BOX, "number_format": 'm"月"d"日"'},
    "s_calls": {"border": BOX, "number_format": "#,##0.0"},
    "s_int": {"border": BOX, "number_format": "#,##0"},
    "s_hours": {"border": BOX, "number_format": "#,##0.0"},
    "s_rate": {"border": BOX, "number_format": "0.0%"},
    "s_total_int": {"border": BOX, "font": BOLD, "number_format": "#,##0"},
    "s_total_hours": {"border": BOX, "font": BOLD, "number_format": "#,##0.0"},
}


def _register_styles(wb: Workbook) -> None:
    for name, attrs in STYLES.items():
        wb.add_named_style(NamedStyle(name=name, **attrs))  # type: ignore[arg-type]


SUMMARY_HEADINGS = [
    "月",
    "想定件数",
    "開設日数",
    "ピーク席数",
    "ピーク必要人数",
    "ピーク回線数",
    "延べ席時間",
    "想定放棄率",
]


def _print_setup(ws: Worksheet, title_rows: str) -> None:
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_title_rows = title_rows
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    if ws.oddFooter is not None and ws.oddFooter.center is not None:
        ws.oddFooter.center.text = "&P / &N"


def _heading_row(ws: Worksheet, row: int, headings: Sequence[str]) -> None:
    for col, text in enumerate(headings, start=1):
        ws.cell(row=row, column=col, value=text).style = "s_head"


def _summary(ws: Worksheet, result: ContractPlan) -> None:
    ws.title = "概要"
    ws["A1"] = f"人員計画（コールセンター）　{result.contract.name}"
    ws["A1"].font = TITLE
    ws["A2"] = "席数＝電話に出ている応対席の数、必要人数＝シュリンケージ込みでシフトに入れる人数"
    row = 4
    ws.cell(row=row, column=1, value="計画の前提").font = BOLD
    for label, value in parameter_items(result.inputs):
        row += 1
        ws.cell(row=row, column=1, value=label)
        ws.cell(row=row, column=2, value=value)
    cfg = result.config
    row += 1
    ws.cell(row=row, column=1, value="受付時間")
    ws.cell(row=row, column=2, value=f"{cfg.center_opens_at:%H:%M}〜{cfg.center_closes_at:%H:%M}")
    peaks = sorted(result.inputs.peak_multipliers.items())
    if peaks:
        row += 1
        ws.cell(row=row, column=1, value="繁忙日")
        ws.cell(
            row=row,
            column=2,
            value="、".join(f"{d.month}月{d.day}日×{f:g}" for d, f in peaks),
        )
    row += 2
    table_top = row
    _heading_row(ws, row, SUMMARY_HEADINGS)
    for m in result.plan.months:
        row += 1
        values: list[str | int | float] = [
            month_label(m.month),
            m.forecast_calls,
            m.open_days,
            m.peak_agents,
            m.peak_headcount,
            m.peak_lines,
            m.agent_hours,
            m.expected_abandon_rate,
        ]
        styles = ["s_cell", "s_int", "s_cell", "s_cell", "s_cell", "s_cell", "s_hours", "s_rate"]
        for col, (item, style) in enumerate(zip(values, styles, strict=True), start=1):
            ws.cell(row=row, column=col, value=item).style = style
    row += 1
    ws.cell(row=row, column=1, value="合計").style = "s_bold"
    first, last = table_top + 1, row - 1
    for col, style in ((2, "s_total_int"), (3, "s_total_int"), (7, "s_total_hours")):
        letter = get_column_letter(col)
        cell = ws.cell(row=row, column=col, value=f"=SUM({letter}{first}:{letter}{last})")
        cell.style = style
    ws.column_dimensions["A"].width = 22
    for col in range(2, len(SUMMARY_HEADINGS) + 1):
        ws.column_dimensions[get_column_letter(col)].width = 14
    ws.column_dimensions["B"].width = 40
    _print_setup(ws, f"{table_top}:{table_top}")


def _grid(
    ws: Worksheet,
    top: int,
    title: str,
    starts: Sequence[str],
    days: Mapping[dt.date, list[IntervalPlan]],
    value: str,
    hours_per_interval: float,
) -> int:
    ws.cell(row=top, column=1, value=title).font = BOLD
    head = top + 1
    _heading_row(ws, head, ["日付", "曜日", "想定件数", *starts, "ピーク", "延べ時間"])
    row = head
    n = len(starts)
    for day, ivs in days.items():
        row += 1
        ws.cell(row=row, column=1, value=day).style = "s_date"
        ws.cell(row=row, column=2, value=WEEKDAY_LABELS[day.weekday()]).style = "s_cell"
        calls = sum(iv.forecast_calls for iv in ivs)
        ws.cell(row=row, column=3, value=calls).style = "s_calls"
        counts = [int(getattr(iv, value)) for iv in ivs]
        for i, count in enumerate(counts):
            ws.cell(row=row, column=4 + i, value=count).style = "s_cell"
        ws.cell(row=row, column=4 + n, value=max(counts)).style = "s_bold"
        hours = sum(counts) * hours_per_interval
        ws.cell(row=row, column=5 + n, value=hours).style = "s_hours"
    return row


def _month_sheet(wb: Workbook, result: ContractPlan, month: str) -> None:
    ws = wb.create_sheet(month_label(month))
    days = {d: ivs for d, ivs in result.intervals_by_date.items() if f"{d:%Y-%m}" == month}
    starts = [label.split("〜")[0] for label in result.interval_labels]
    ws["A1"] = f"{month_label(month)}　30分ごとの席数と必要人数（区間の開始時刻）"
    ws["A1"].font = TITLE
    hours = result.inputs.interval_seconds / 3600
    last = _grid(ws, 3, "席数（電話に出ている応対席）", starts, days, "agents", hours)
    _grid(
        ws,
        last + 2,
        "必要人数（シュリンケージ込み・シフトに入れる人数）",
        starts,
        days,
        "headcount",
        hours,
    )
    ws.freeze_panes = "D5"
    ws.column_dimensions["A"].width = 10
    ws.column_dimensions["B"].width = 5
    ws.column_dimensions["C"].width = 9
    for col in range(4, 6 + len(starts)):
        ws.column_dimensions[get_column_letter(col)].width = 6.5
    _print_setup(ws, "4:4")


def plan_workbook(result: ContractPlan) -> bytes:
    """The XLSX file's bytes."""
    wb = Workbook()
    _register_styles(wb)
    _summary(wb.create_sheet(), result)
    wb.remove(wb.worksheets[0])
    for m in result.plan.months:
        _month_sheet(wb, result, m.month)
    wb.properties.title = "人員計画"
    wb.properties.creator = "fukyu"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
