"""The performance report: numbers in the XLSX, DOCX and PDF match the database."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pypdf
import pytest
from docx.enum.shape import WD_INLINE_SHAPE
from openpyxl import load_workbook
from PIL import Image, ImageFont

from fukyu.callcenter.models import CallRecord, Escalation, Inquiry
from fukyu.callcenter.tests.factories import make_inquiry
from fukyu.core.calendar import TOKYO
from fukyu.outreach.models import Tap
from fukyu.reports import chart_png as chart_png_module
from fukyu.reports.chart_png import chart_png, japanese_font
from fukyu.reports.files import Dataset
from fukyu.reports.perf_model import Chart, Table
from fukyu.reports.perf_render import render_docx, render_pdf, render_xlsx
from fukyu.reports.performance import performance_report
from fukyu.reports.tests.conftest import Season

AS_OF = dt.date(2025, 3, 31)


def _sheet(data: bytes, name: str) -> list[list[object]]:
    wb = load_workbook(io.BytesIO(data))
    return [list(r) for r in wb[name].iter_rows(values_only=True)]


def test_xlsx_holds_the_tables_behind_the_charts(season: Season) -> None:
    report = performance_report(contract=season.contract, as_of=AS_OF)
    data = render_xlsx(report)
    monthly = _sheet(data, "問い合わせ_月別")
    assert monthly[0] == ["月", "問い合わせ件数", "想定件数", "想定比"]
    by_month = {r[0]: r[1] for r in monthly[1:]}
    assert by_month["令和6年11月"] == 3
    assert by_month["令和6年12月"] == 1
    assert by_month["合計"] == Inquiry.objects.filter(contract=season.contract).count() == 4
    forecast = season.contract.settings.forecast_for(2024, 11)
    assert next(r for r in monthly if r[0] == "令和6年11月")[2] == forecast
    ages = {r[0]: r[1] for r in _sheet(data, "問い合わせ_年代別")[1:]}
    assert ages["20代"] == 3
    assert ages["70代"] == 1
    categories = {r[0]: r[1] for r in _sheet(data, "問い合わせ_類型別")[1:]}
    assert sum(v for v in categories.values() if isinstance(v, int)) == 4
    regions = {r[0]: r[1:] for r in _sheet(data, "出張サポート_圏域別")[1:]}
    installed = Tap.objects.filter(kind="installed").count()
    assert regions["仙台"] == [1, 6, installed]
    os_rows = {r[0]: r[1:] for r in _sheet(data, "出張サポート_OS別")[1:]}
    assert os_rows["iOS"] == [5, 2]
    assert os_rows["Android"] == [1, 1]
    runs = _sheet(data, "印刷物")
    assert runs[1][1] == 1500
    meetings = _sheet(data, "打合せ")
    assert len(meetings) == 2
    assert meetings[1][3] == "確認済み"
    wb = load_workbook(io.BytesIO(data))
    assert len(wb["問い合わせ_月別"]._charts) == 1
    assert wb.properties.created == dt.datetime(2025, 3, 31)


def test_pdf_has_every_section_and_the_totals(season: Season) -> None:
    report = performance_report(contract=season.contract, as_of=AS_OF)
    pdf = pypdf.PdfReader(io.BytesIO(render_pdf(report)))
    text = "".join(page.extract_text() for page in pdf.pages)
    for title in (
        "実績報告書",
        "1 コールセンター",
        "2 出張サポート",
        "3 WEBサイト",
        "6 個人情報の取扱い",
    ):
        assert title in text
    assert "問い合わせは合計4件" in text
    assert "3人がインストールまで完了" in text
    assert "令和7年3月31日" in text
    assert "圏域別のインストール人数" in text  # a chart's title, drawn with Japanese labels
    assert "媒体別の到達数" in text


def test_docx_is_editable_and_matches(season: Season) -> None:
    report = performance_report(contract=season.contract, as_of=AS_OF)
    document = docx.Document(io.BytesIO(render_docx(report)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "問い合わせは合計4件" in text
    assert season.contract.settings.contractor in text
    first = document.tables[0]
    assert first.rows[0].cells[0].text == "月"
    cells = {row.cells[0].text: row.cells[1].text for row in first.rows}
    assert cells["令和6年11月"] == "3"
    assert cells["合計"] == "4"


def test_the_three_files_are_reproducible(season: Season) -> None:
    first = performance_report(contract=season.contract, as_of=AS_OF)
    second = performance_report(contract=season.contract, as_of=AS_OF)
    assert render_pdf(first) == render_pdf(second)
    assert render_docx(first) == render_docx(second)
    assert render_xlsx(first) == render_xlsx(second)


def test_escalations_counted_with_their_handling_time(season: Season) -> None:
    opened = dt.datetime(2024, 12, 10, 11, 0, tzinfo=dt.UTC)
    for minutes, closed in ((20, True), (90, False)):
        inquiry = make_inquiry(season.contract, season.manager, outcome="resolved")
        Escalation.objects.create(
            contract=season.contract,
            inquiry=inquiry,
            reason="県の判断が必要",
            escalated_by=season.manager,
            opened_at=opened,
            notify_by=opened + dt.timedelta(minutes=60),
            notified_at=opened + dt.timedelta(minutes=minutes),
            closed_at=opened + dt.timedelta(hours=3) if closed else None,
        )
    report = performance_report(contract=season.contract, as_of=AS_OF)
    rows = {r[0]: r[1] for r in report.table("エスカレーション").rows}
    assert rows["エスカレーション件数"] == 2
    assert rows["期限内に連絡"] == 1
    assert rows["完了"] == 1
    assert rows["起票から県への連絡まで（平均・分）"] == 55.0
    assert rows["起票から完了まで（平均・時間）"] == 3.0


def _call(contract: object, uid: str, at: dt.datetime, disposition: str) -> None:
    CallRecord.objects.create(
        contract=contract,
        uniqueid=uid,
        start=at,
        answer=at + dt.timedelta(seconds=20) if disposition == "ANSWERED" else None,
        billsec=120 if disposition == "ANSWERED" else 0,
        disposition=disposition,
    )


def test_answer_rate_from_call_records_within_the_center_hours(season: Season) -> None:
    contract = season.contract
    open_day, closed_day = dt.date(2024, 12, 10), dt.date(2024, 12, 29)
    assert contract.calendar.center_open(open_day)
    assert not contract.calendar.center_open(closed_day)
    at = dt.datetime.combine(open_day, dt.time(10), tzinfo=TOKYO)
    for i in range(3):
        _call(contract, f"a{i}", at + dt.timedelta(minutes=i), "ANSWERED")
    _call(contract, "b", at + dt.timedelta(minutes=30), "NO ANSWER")
    _call(contract, "c", dt.datetime.combine(open_day, dt.time(18), tzinfo=TOKYO), "ANSWERED")
    _call(contract, "d", dt.datetime.combine(closed_day, dt.time(11), tzinfo=TOKYO), "BUSY")
    _call(contract, "e", dt.datetime(2025, 1, 6, 9, 0, tzinfo=TOKYO), "ANSWERED")
    report = performance_report(contract=contract, as_of=AS_OF)
    rows = {r[0]: r[1:] for r in report.table("通話_月別").rows}
    assert rows["令和6年12月"] == [4, 3, "75.0%", 2]
    assert rows["令和7年1月"] == [1, 1, "100.0%", 0]
    assert rows["合計"] == [5, 4, "80.0%", 2]
    text = "\n".join(report.sections[0].lines)
    assert "開設時間内の着信5件のうち4件に応答しました（応答率80.0%、時間外の着信2件）" in text
    sheet = _sheet(render_xlsx(report), "通話_月別")
    assert sheet[0] == ["月", "着信件数", "応答件数", "応答率", "時間外の着信"]
    assert sheet[-1] == ["合計", 5, 4, "80.0%", 2]


def test_without_call_records_the_answer_rate_is_explained(season: Season) -> None:
    report = performance_report(contract=season.contract, as_of=AS_OF)
    with pytest.raises(KeyError):
        report.table("通話_月別")
    assert any(
        "通話記録（着信・応答）が取り込まれていない" in line for line in report.sections[0].lines
    )


def _charted(report: object) -> list[tuple[str, str]]:
    return [
        (t.ds.name, t.chart.title)
        for s in report.sections  # type: ignore[attr-defined]
        for t in s.tables
        if t.chart is not None
    ]


def test_docx_has_a_chart_image_for_every_chart_with_its_table_in_the_xlsx(
    season: Season,
) -> None:
    report = performance_report(contract=season.contract, as_of=AS_OF)
    charted = _charted(report)
    assert len(charted) >= 10
    document = docx.Document(io.BytesIO(render_docx(report)))
    shapes = list(document.inline_shapes)
    assert len(shapes) == len(charted)
    for shape, (_name, title) in zip(shapes, charted, strict=True):
        assert shape.type == WD_INLINE_SHAPE.PICTURE
        assert shape._inline.docPr.get("title") == title
        blob = document.part.related_parts[
            shape._inline.graphic.graphicData.pic.blipFill.blip.embed
        ].blob
        image = Image.open(io.BytesIO(blob))
        assert image.format == "PNG" and image.size == (1600, 720)
    workbook = load_workbook(io.BytesIO(render_xlsx(report)))
    for name, _title in charted:
        assert name[:31] in workbook.sheetnames
        ws = workbook[name[:31]]
        table = report.table(name)
        assert [c.value for c in ws[1]] == table.header
        assert ws.max_row == len(table.rows) + 1
        drawn = [r for r in table.rows if r[0] != "合計"]
        assert len(ws._charts) == (1 if drawn else 0)  # an empty table has no Excel chart


def test_chart_image_draws_bars_in_proportion_to_the_table() -> None:
    ds = Dataset("t", "テスト", ["圏域", "件数"], [["仙南", 100], ["仙台", 50], ["合計", 150]])
    png = chart_png(Table(ds), Chart("圏域別の件数"))
    assert png is not None
    image = Image.open(io.BytesIO(png)).convert("RGB")
    blue = (0x0B, 0x5C, 0xAD)

    def bar_height(x: int) -> int:
        return sum(1 for y in range(image.height) if image.getpixel((x, y)) == blue)

    width = image.width
    first, second = [
        max(bar_height(x) for x in range(int(lo * width), int(hi * width), 4))
        for lo, hi in ((0.1, 0.45), (0.5, 0.95))
    ]
    assert first > 100
    assert abs(first / second - 2) < 0.05
    assert "合計" not in [r[0] for r in ds.rows[:2]]


def test_chart_font_draws_japanese_glyphs_not_empty_boxes() -> None:
    found = japanese_font()
    assert found is not None, "日本語フォント（fonts-noto-cjk）がありません: make setup"
    font = ImageFont.truetype(found[0], 40, index=found[1])
    assert font.getmask("圏域").getbbox() != font.getmask("\U000f0000\U000f0001").getbbox()


def test_without_a_japanese_font_the_docx_points_to_the_pdf(
    season: Season, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(chart_png_module, "FONT_CANDIDATES", ())
    chart_png_module._font_file.cache_clear()
    try:
        report = performance_report(contract=season.contract, as_of=AS_OF)
        document = docx.Document(io.BytesIO(render_docx(report)))
    finally:
        chart_png_module._font_file.cache_clear()
    assert len(document.inline_shapes) == 0
    text = "\n".join(p.text for p in document.paragraphs)
    assert "図「月別の問い合わせ件数と想定件数」は、日本語フォントがないため省略しました" in text
