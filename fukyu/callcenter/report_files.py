"""The daily report (and weekly/monthly summaries) as XLSX and PDF with the same content."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from fukyu.callcenter.daily_report import Report
from fukyu.core.calendar import TOKYO
from fukyu.core.models import Contract
from fukyu.core.pdf import GOTHIC, japanese_fonts
from fukyu.core.wareki import wareki

KIND_TITLES = {
    "daily": "コールセンター日報",
    "weekly": "コールセンター週報",
    "monthly": "コールセンター月報",
}


def title_of(report: Report) -> str:
    return KIND_TITLES[report.kind]


def period_text(report: Report) -> str:
    if report.start == report.end:
        return wareki(report.start)
    return f"{wareki(report.start)}〜{wareki(report.end)}"


def _when(value: dt.datetime | None) -> str:
    if value is None:
        return "—"
    local = value.astimezone(TOKYO)
    return f"{wareki(local)} {local:%H:%M}"


def cover_lines(contract: Contract, report: Report) -> list[tuple[str, str]]:
    lines = [
        ("業務名", contract.settings.name),
        ("対象期間", period_text(report)),
        ("受付件数（合計）", f"{report.total}件"),
    ]
    if report.due_by is not None:
        lines.append(("提出期限", _when(report.due_by)))
    if report.month_total is not None:
        lines.append(
            (
                "当月累計／月間見込み",
                f"{report.month_total}件／{report.month_forecast or 0}件",
            )
        )
    lines.append(("エスカレーション", f"{len(report.escalations)}件"))
    if report.calls is not None:
        c = report.calls
        lines.append(
            ("入電（応答／放棄）", f"{c['offered']}件（{c['answered']}／{c['abandoned']}）")
        )
    lines.append(("特記事項", report.notes or "（なし）"))
    return lines


ESCALATION_HEAD = ["受付番号", "緊急度", "連絡期限", "連絡日時", "状態", "期限超過"]


def escalation_rows(report: Report) -> list[list[str]]:
    return [
        [
            e["inquiry_number"],
            "至急" if e["urgency"] == "high" else "通常",
            _when(e["notify_by"]),
            _when(e["notified_at"]),
            e["status_name"],
            "超過" if e["overdue"] else "",
        ]
        for e in report.escalations
    ]


CALLS_HEAD = ["時間帯", "入電", "応答", "放棄", "応答率", "平均待ち（秒）", "平均通話（秒）"]


def _rate(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def calls_rows(report: Report) -> list[list[object]]:
    """The phone system's numbers per 30 minutes, then the day (empty without call records)."""
    calls = report.calls
    if not calls:
        return []
    rows: list[list[object]] = []
    for key, c in [*calls["intervals"].items(), ("合計（開設時間内）", calls)]:
        rows.append(
            [
                key,
                c["offered"],
                c["answered"],
                c["abandoned"],
                _rate(c["answer_rate"]),
                "—" if c["avg_wait_seconds"] is None else c["avg_wait_seconds"],
                "—" if c["avg_talk_seconds"] is None else c["avg_talk_seconds"],
            ]
        )
    rows.append(["開設時間外の入電", calls["outside_hours"], "", "", "", "", ""])
    return rows


def _print_setup(ws: Worksheet) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 40


def report_xlsx(*, contract: Contract, report: Report) -> bytes:
    wb = Workbook()
    cover = wb.worksheets[0]
    cover.title = "表紙"
    cover.append([title_of(report)])
    cover["A1"].font = Font(size=16, bold=True)
    cover.append([])
    for label, value in cover_lines(contract, report):
        cover.append([label, value])
    _print_setup(cover)
    for b in report.breakdowns:
        ws = wb.create_sheet(b.title[:31])
        ws.append([b.title, "件数"])
        ws["A1"].font = ws["B1"].font = Font(bold=True)
        for _, label, count in b.rows:
            ws.append([label, count])
        last = len(b.rows) + 1
        ws.append(["合計", b.total])
        ws.cell(row=last + 1, column=1).font = Font(bold=True)
        ws.print_title_rows = "1:1"
        _print_setup(ws)
    ws = wb.create_sheet("エスカレーション")
    ws.append(ESCALATION_HEAD)
    for row in escalation_rows(report):
        ws.append(row)
    _print_setup(ws)
    if report.calls:
        ws = wb.create_sheet("入電状況")
        ws.append(CALLS_HEAD)
        for call_row in calls_rows(report):
            ws.append(call_row)
        ws.print_title_rows = "1:1"
        _print_setup(ws)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def report_pdf(*, contract: Contract, report: Report) -> bytes:
    japanese_fonts()
    h1 = ParagraphStyle("h1", fontName=GOTHIC, fontSize=16, leading=22)
    h2 = ParagraphStyle("h2", fontName=GOTHIC, fontSize=12, leading=18, spaceBefore=8)
    style = TableStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), GOTHIC),
            ("FONTSIZE", (0, 0), (-1, -1), 9),
            ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
            ("ALIGN", (1, 1), (1, -1), "RIGHT"),
        ]
    )
    story: list[object] = [Paragraph(title_of(report), h1), Spacer(1, 6)]
    story.append(Table([list(line) for line in cover_lines(contract, report)], style=style))
    for b in report.breakdowns:
        story.append(Paragraph(b.title, h2))
        rows: list[list[object]] = [[b.title, "件数"]]
        rows += [[label, str(count)] for _, label, count in b.rows]
        rows.append(["合計", str(b.total)])
        story.append(Table(rows, style=style, repeatRows=1))
    story.append(Paragraph("エスカレーション", h2))
    esc_rows: list[list[str]] = [ESCALATION_HEAD, *escalation_rows(report)]
    story.append(
        Table(
            esc_rows,
            style=TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), GOTHIC),
                    ("FONTSIZE", (0, 0), (-1, -1), 8),
                    ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ]
            ),
            repeatRows=1,
        )
    )
    if report.calls:
        story.append(Paragraph("入電状況（電話システムの通話記録）", h2))
        call_cells = [CALLS_HEAD, *([str(v) for v in r] for r in calls_rows(report))]
        story.append(Table(call_cells, style=style, repeatRows=1))
    out = BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, title=title_of(report), author=contract.contractor)
    doc.build(story)  # type: ignore[arg-type]
    return out.getvalue()
