"""The performance report: numbers in the XLSX, DOCX and PDF match the database."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pypdf
from openpyxl import load_workbook

from fukyu.callcenter.models import Escalation, Inquiry
from fukyu.callcenter.tests.factories import make_inquiry
from fukyu.outreach.models import Tap
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
