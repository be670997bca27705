"""The reports screens: the deadline board and the downloads (opened with their libraries)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

import docx
import pypdf
from django.test import override_settings
from openpyxl import load_workbook

from fukyu.audit.models import AuditEvent
from fukyu.core.models import Contract
from fukyu.reports.selectors import deadline_board
from fukyu.reports.tests.conftest import Season
from fukyu.reports.tests.factories import docx_bytes, make_submission, pdf_bytes


def _file_for(kind: str) -> bytes:
    if kind == "package":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("README.txt", "成果品")
        return buffer.getvalue()
    return pdf_bytes() if kind == "performance" else docx_bytes("業務完了報告書")


@override_settings(FUKYU_TODAY="2025-03-31")
def test_board_lists_every_milestone_and_what_is_done(
    season: Season, login: Any, django_assert_max_num_queries: Any
) -> None:
    for kind in ("performance", "completion", "package") * 3:
        make_submission(season.contract, season.manager, kind=kind, data=_file_for(kind))
    client = login(season.manager)
    with django_assert_max_num_queries(40):
        response = client.get("/ops/reports/")
    assert response.status_code == 200
    html = response.content.decode()
    for m in season.contract.settings.milestones:
        assert m.name in html or m.code == "reports"
    for name in ("実績報告書の提出", "業務完了報告書の提出", "成果品の電子データの提出"):
        assert name in html
    assert "令和7年3月31日" in html
    assert "業務着手時の打合せ" in html  # the confirmed meeting in the submission log
    board = {
        r.code: r for r in deadline_board(contract=season.contract, today=dt.date(2025, 3, 31))
    }
    assert board["call_center_open"].done_on == dt.date(2024, 11, 5)
    assert board["call_center_open"].done_label == "最初の問い合わせ受付"
    assert board["campaign_start"].done_on == dt.date(2024, 12, 7)
    assert board["work_plan"].state == "期限超過"  # no plan submitted in this season
    assert board["campaign_end"].state == "完了"


def test_board_before_the_deadline(contract: Contract) -> None:
    board = {r.code: r for r in deadline_board(contract=contract, today=dt.date(2024, 9, 2))}
    assert board["work_plan"].state == "期限間近"
    for kind in ("performance", "completion", "package"):
        row = board[f"reports:{kind}"]
        assert row.state == "未着手"
        assert row.due_on == contract.settings.deliverables_due_on
        assert row.needs_acknowledgement
    assert "reports" not in board


@override_settings(FUKYU_TODAY="2025-03-31")
def test_performance_downloads_open(season: Season, login: Any) -> None:
    client = login(season.manager)
    pdf = client.get("/ops/reports/performance/pdf/")
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.content)).pages)
    assert "問い合わせは合計4件" in text
    word = client.get("/ops/reports/performance/docx/")
    assert "問い合わせは合計4件" in "\n".join(
        p.text for p in docx.Document(io.BytesIO(word.content)).paragraphs
    )
    xlsx = client.get("/ops/reports/performance/xlsx/")
    wb = load_workbook(io.BytesIO(xlsx.content))
    assert "問い合わせ_月別" in wb.sheetnames
    assert client.get("/ops/reports/performance/exe/").status_code == 404
    completion = client.get("/ops/reports/completion/")
    assert "令和7年3月31日" in "\n".join(
        p.text for p in docx.Document(io.BytesIO(completion.content)).paragraphs
    )


@override_settings(FUKYU_TODAY="2025-03-31")
def test_package_download_is_audited(season: Season, login: Any) -> None:
    client = login(season.manager)
    response = client.get("/ops/reports/package/")
    assert response.status_code == 200
    assert "miyagi-r6" in response["Content-Disposition"]
    with zipfile.ZipFile(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    ) as z:
        assert "MANIFEST.sha256" in z.namelist()
    event = AuditEvent.objects.get(action="deliverables.download")
    assert event.actor_id == season.manager.pk


def test_operator_cannot_download(contract: Contract, make_user: Any, login: Any) -> None:
    client = login(make_user("operator"))
    assert client.get("/ops/reports/").status_code == 403
    assert client.get("/ops/reports/package/").status_code == 403
