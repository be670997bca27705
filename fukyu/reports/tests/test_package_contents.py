"""The deliverables package with a season of data: every app's files, reproducible, verified."""

from __future__ import annotations

import csv
import datetime as dt
import io
import subprocess
import zipfile
from pathlib import Path

import docx
import pypdf
from openpyxl import load_workbook

from fukyu.callcenter.models import Inquiry
from fukyu.privacy.tests.factories import make_incident
from fukyu.reports.deliverables import build_package
from fukyu.reports.performance import performance_report
from fukyu.reports.tests.conftest import Season

AS_OF = dt.date(2025, 3, 31)


def _csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_package_is_reproducible_and_verifies(season: Season, tmp_path: Path) -> None:
    first = build_package(contract=season.contract, as_of=AS_OF)
    second = build_package(contract=season.contract, as_of=AS_OF)
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        archive.extractall(tmp_path)
    result = subprocess.run(
        ["sha256sum", "-c", "MANIFEST.sha256"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "03_報告書/実績報告書.pdf: OK" in result.stdout


def test_package_holds_every_apps_files(season: Season) -> None:
    with zipfile.ZipFile(io.BytesIO(build_package(contract=season.contract, as_of=AS_OF))) as z:
        names = set(z.namelist())
        for expected in (
            "03_報告書/実績報告書.pdf",
            "03_報告書/実績報告書.docx",
            "03_報告書/実績報告書_集計表.xlsx",
            "03_報告書/業務完了報告書.docx",
            "05_データ/コールセンター/問い合わせ一覧.csv",
            "05_データ/コールセンター/問い合わせ一覧.xlsx",
            "05_データ/コールセンター/FAQ.csv",
            "05_データ/出張サポート/イベント一覧.csv",
            "05_データ/出張サポート/集計_イベント別年代別OS別.csv",
            "05_データ/WEBサイト/閲覧数_月別.csv",
            "05_データ/広報/印刷実績.csv",
            "05_データ/広報/配布実績_圏域別.xlsx",
            "05_データ/広報/広報掲載実績.csv",
            "04_打合せ記録/打合せ記録簿_第001号.pdf",
            "01_計画書等/業務従事者等届.pdf",
            "01_計画書等/業務従事者等届.docx",
        ):
            assert expected in names, expected
        designs = [n for n in names if n.startswith("02_デザイン/")]
        assert len(designs) == 1
        assert designs[0].endswith("_第1校.pdf")
        inquiries = _csv(z.read("05_データ/コールセンター/問い合わせ一覧.csv"))
        assert len(inquiries) - 1 == Inquiry.objects.count() == 4
        header = inquiries[0]
        assert not {"氏名", "電話番号", "住所", "メールアドレス"} & set(header)
        wb = load_workbook(io.BytesIO(z.read("05_データ/コールセンター/問い合わせ一覧.xlsx")))
        assert wb.active is not None
        assert wb.active.max_row == 5
        events = _csv(z.read("05_データ/出張サポート/イベント一覧.csv"))
        row = next(r for r in events if r[1] == "仙台モール普及会")
        assert row[-2:] == ["6", "3"]
        runs = _csv(z.read("05_データ/広報/印刷実績.csv"))
        assert runs[1][3] == "1500"
        meeting = pypdf.PdfReader(io.BytesIO(z.read("04_打合せ記録/打合せ記録簿_第001号.pdf")))
        assert "業務着手時の打合せ" in "".join(p.extract_text() for p in meeting.pages)
        roster = docx.Document(io.BytesIO(z.read("01_計画書等/業務従事者等届.docx")))
        assert roster.core_properties.created == dt.datetime(2025, 3, 31, tzinfo=dt.UTC)


def test_privacy_records_without_personal_data(season: Season) -> None:
    discovered = dt.datetime(2025, 1, 20, 9, 0, tzinfo=dt.UTC)
    make_incident(season.contract, season.manager, discovered_at=discovered, reported_at=discovered)
    with zipfile.ZipFile(io.BytesIO(build_package(contract=season.contract, as_of=AS_OF))) as z:
        rows = _csv(z.read("05_データ/個人情報の取扱い/事故等の記録.csv"))
        assert rows[1:] == [["2025-01-20", "FAX誤送信", "1", "1", "対応中"]]
        assert "05_データ/個人情報の取扱い/研修の実施記録.xlsx" in z.namelist()
    report = performance_report(contract=season.contract, as_of=AS_OF)
    summary = {r[0]: r[1] for r in report.table("個人情報の取扱い").rows}
    assert summary["事故等の件数"] == 1
    assert summary["消去証明"] == "未実施"
