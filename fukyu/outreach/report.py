"""The event report (PDF) handed to the prefecture after each event: figures, satellite WiFi,
checklist, materials, notes and photos. Dates in 和暦; ReportLab's built-in Japanese CID fonts."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Image,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from fukyu.core.calendar import TOKYO
from fukyu.core.pdf import GOTHIC, MINCHO, japanese_fonts
from fukyu.core.wareki import wareki, wareki_with_weekday
from fukyu.outreach.kpi import event_figures
from fukyu.outreach.models import Event
from fukyu.outreach.selectors import checklist


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=MINCHO, fontSize=10, leading=15, wordWrap="CJK")
    return {
        "body": base,
        "title": ParagraphStyle(
            "title", parent=base, fontName=GOTHIC, fontSize=16, leading=22, alignment=TA_CENTER
        ),
        "sub": ParagraphStyle("sub", parent=base, alignment=TA_RIGHT, fontSize=9),
        "h2": ParagraphStyle(
            "h2",
            parent=base,
            fontName=GOTHIC,
            fontSize=12,
            leading=18,
            spaceBefore=8,
            spaceAfter=4,
        ),
        "cell": ParagraphStyle("cell", parent=base, fontSize=9, leading=13),
        "num": ParagraphStyle("num", parent=base, fontSize=9, leading=13, alignment=TA_RIGHT),
        "head": ParagraphStyle("head", parent=base, fontName=GOTHIC, fontSize=9, leading=13),
    }


def _p(text: Any, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(str(text)).replace("\n", "<br/>"), style)


def _table(
    rows: list[list[Any]],
    widths: list[float],
    s: dict[str, ParagraphStyle],
    header: bool = True,
    label_col: bool = False,
    num_cols: tuple[int, ...] = (),
) -> Table:
    def style_for(r: int, i: int) -> ParagraphStyle:
        if (header and r == 0) or (label_col and i == 0):
            return s["head"]
        return s["num"] if i in num_cols else s["cell"]

    cells = [[_p(c, style_for(r, i)) for i, c in enumerate(row)] for r, row in enumerate(rows)]
    table = Table(cells, colWidths=widths, repeatRows=1 if header else 0)
    style: list[Any] = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef6")))
    if label_col:
        style.append(("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f2f4f8")))
    table.setStyle(TableStyle(style))
    return table


def _hours(event: Event) -> str:
    start, end = event.starts_at.astimezone(TOKYO), event.ends_at.astimezone(TOKYO)
    if start.date() == end.date():
        return f"{wareki_with_weekday(start.date())} {start:%H:%M}〜{end:%H:%M}"
    return (
        f"{wareki_with_weekday(start.date())} {start:%H:%M}〜"
        f"{wareki_with_weekday(end.date())} {end:%H:%M}"
    )


def _photo(event: Event, photo: Any, s: dict[str, ParagraphStyle]) -> Any:
    max_w, max_h = 80 * mm, 60 * mm
    w, h = photo.width or 4, photo.height or 3
    scale = min(max_w / w, max_h / h)
    try:
        with photo.image.open("rb") as handle:
            data = io.BytesIO(handle.read())
    except OSError:
        return _p("（写真ファイルを読み込めませんでした）", s["cell"])
    picture = Image(data, width=w * scale, height=h * scale)
    return [picture, _p(photo.caption or "", s["cell"])]


def event_report_pdf(*, event: Event, today: dt.date) -> bytes:
    japanese_fonts()
    s = _styles()
    figures = event_figures(event=event)
    cfg = event.contract.settings
    venue = event.venue
    story: list[Any] = [
        _p(f"作成日：{wareki(today)}", s["sub"]),
        _p("普及イベント実施報告書", s["title"]),
        _p(f"{cfg.name}（{cfg.client}）", s["sub"]),
        Spacer(1, 4 * mm),
        _p("1. 開催概要", s["h2"]),
        _table(
            [
                ["イベント名", event.title],
                ["開催日時", _hours(event)],
                ["圏域・市町村", f"{event.region.name}圏域　{event.municipality.name}"],
                ["会場", f"{venue.name}（{venue.get_kind_display()}）\n{venue.address}"],
                ["状態", event.get_status_display()],
                ["担当スタッフ", "、".join(str(u) for u in event.staff.all()) or "（未設定）"],
                ["アプリ提供者の参加", "あり" if event.app_provider_joins else "なし"],
                ["災害時を想定した説明", "実施" if event.disaster_demo else "なし"],
            ],
            [40 * mm, 130 * mm],
            s,
            header=False,
            label_col=True,
        ),
        _p("2. 実績", s["h2"]),
        _table(
            [
                ["項目", "人数"],
                [
                    "説明した人数（インストールまで完了した人を含む）",
                    f"{figures.explained_total:,}人",
                ],
                ["うちインストールまで完了", f"{figures.installed_total:,}人"],
                ["うち登録まで完了", f"{figures.registered:,}人"],
            ],
            [120 * mm, 50 * mm],
            s,
            num_cols=(1,),
        ),
    ]
    breakdown_rows = [["区分", "説明した", "インストールまで完了"]]
    for title, rows in (("年代", figures.ages), ("OS", figures.systems)):
        breakdown_rows += [
            [f"{title}：{r.label}", f"{r.explained:,}人", f"{r.installed:,}人"]
            for r in rows
            if r.explained
        ]
    if len(breakdown_rows) > 1:
        story += [
            Spacer(1, 2 * mm),
            _table(breakdown_rows, [80 * mm, 45 * mm, 45 * mm], s, num_cols=(1, 2)),
        ]
    if figures.mini_apps:
        story += [
            Spacer(1, 2 * mm),
            _table(
                [["紹介したミニアプリ", "人数"]]
                + [[name, f"{n:,}人"] for name, n in figures.mini_apps],
                [120 * mm, 50 * mm],
                s,
                num_cols=(1,),
            ),
        ]
    speed = f"{event.wifi_speed_mbps} Mbps" if event.wifi_speed_mbps is not None else "（未測定）"
    story += [
        _p("3. 衛星通信WiFi", s["h2"]),
        _table(
            [
                ["機材", event.wifi_equipment or "（未記入）"],
                ["設置", event.wifi_setup or "（未記入）"],
                ["接続テスト", f"{event.get_wifi_result_display()}　測定速度 {speed}"],
                ["代替手段", event.wifi_fallback or "（未記入）"],
            ],
            [40 * mm, 130 * mm],
            s,
            header=False,
            label_col=True,
        ),
        _p("4. 準備チェックリスト（期限：開催日の前日）", s["h2"]),
        _table(
            [["項目", "完了日時", "状況"]]
            + [
                [
                    row.label,
                    (
                        f"{wareki(row.done_at.astimezone(TOKYO))} "
                        f"{row.done_at.astimezone(TOKYO):%H:%M}"
                        if row.done_at
                        else "—"
                    ),
                    "完了" if row.done_at else ("未完了（期限超過）" if row.overdue else "未完了"),
                ]
                for row in checklist(event=event, today=today)
            ],
            [70 * mm, 60 * mm, 40 * mm],
            s,
        ),
        _p("5. 持参資材と配布数", s["h2"]),
    ]
    materials = list(event.materials.all())
    if materials:
        story.append(
            _table(
                [["資材", "持参数", "配布数"]]
                + [[m.name, f"{m.brought:,}", f"{m.handed_out:,}"] for m in materials],
                [100 * mm, 35 * mm, 35 * mm],
                s,
                num_cols=(1, 2),
            )
        )
    else:
        story.append(_p("（記録なし）", s["body"]))
    story += [_p("6. 備考", s["h2"]), _p(event.notes or "（なし）", s["body"])]
    photos = list(event.photos.all())
    story.append(_p("7. 写真", s["h2"]))
    if photos:
        cells = [_photo(event, photo, s) for photo in photos]
        pairs = [
            cells[i : i + 2] + [""] * (2 - len(cells[i : i + 2])) for i in range(0, len(cells), 2)
        ]
        grid = Table(pairs, colWidths=[85 * mm, 85 * mm])
        grid.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
        story.append(KeepTogether(grid) if len(pairs) == 1 else grid)
    else:
        story.append(_p("（写真なし）", s["body"]))
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=f"普及イベント実施報告書 {event.title}",
        author=cfg.contractor,
    )

    def footer(canvas: Any, document: Any) -> None:
        canvas.saveState()
        canvas.setFont(MINCHO, 8)
        canvas.drawCentredString(A4[0] / 2, 10 * mm, f"- {document.page} -")
        canvas.restoreState()

    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
