"""Submitting the final reports (with the file) and the client's acknowledgement, audited,
shown on the deadline board."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile
from typing import Any

import pypdf
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from fukyu.audit.models import AuditEvent
from fukyu.core.models import Contract
from fukyu.reports.models import ReportSubmission
from fukyu.reports.selectors import deadline_board
from fukyu.reports.services import report_acknowledge, report_submit
from fukyu.reports.tests.conftest import Season
from fukyu.reports.tests.factories import docx_bytes, make_submission, pdf_bytes

TODAY = "2025-03-27"


def _board(contract: Contract, today: str = TODAY) -> dict[str, Any]:
    return {
        r.code: r for r in deadline_board(contract=contract, today=dt.date.fromisoformat(today))
    }


@override_settings(FUKYU_TODAY=TODAY)
def test_submit_an_uploaded_file_then_the_client_acknowledges(season: Season, login: Any) -> None:
    data = pdf_bytes("stamped performance report")
    manager = login(season.manager)
    response = manager.post(
        "/ops/reports/submissions/new/",
        {
            "kind": "performance",
            "note": "押印済みの正本です",
            "file": SimpleUploadedFile("実績報告書_押印.pdf", data, "application/pdf"),
        },
    )
    assert response.status_code == 302
    sub = ReportSubmission.objects.get()
    assert (sub.kind, sub.file_name, sub.size) == ("performance", "実績報告書_押印.pdf", len(data))
    assert sub.sha256 == hashlib.sha256(data).hexdigest() and not sub.generated
    with sub.file.open("rb") as f:
        assert f.read() == data
    audit = AuditEvent.objects.get(action="report.submit", object_id=str(sub.pk))
    assert audit.changes["file_name"] == [None, "実績報告書_押印.pdf"]
    row = _board(season.contract)["reports:performance"]
    assert row.done_on == dt.date(2025, 3, 27) and row.state == "受領確認待ち"

    client = login(season.client)
    page = client.get("/ops/reports/").content.decode()
    assert "受領を確認する" in page and "実績報告書_押印.pdf" in page
    download = client.get(f"/ops/reports/submissions/{sub.pk}/file/")
    assert download.status_code == 200 and download.content == data
    response = client.post(
        f"/ops/reports/submissions/{sub.pk}/acknowledge/", {"comment": "受領しました"}
    )
    assert response.status_code == 302
    sub.refresh_from_db()
    assert sub.acknowledged_by == season.client
    assert sub.acknowledge_comment == "受領しました"
    assert AuditEvent.objects.filter(action="report.acknowledge", object_id=str(sub.pk)).exists()
    row = _board(season.contract)["reports:performance"]
    assert row.state == "完了" and row.acknowledged_by == str(season.client)
    again = client.post(f"/ops/reports/submissions/{sub.pk}/acknowledge/", follow=True)
    assert "この提出は受領確認済みです" in again.content.decode()
    assert AuditEvent.objects.filter(action="report.acknowledge").count() == 1


@override_settings(FUKYU_TODAY=TODAY)
def test_submit_without_a_file_keeps_what_the_system_makes(season: Season, login: Any) -> None:
    manager = login(season.manager)
    for kind in ("performance", "completion", "package"):
        assert manager.post("/ops/reports/submissions/new/", {"kind": kind}).status_code == 302
    subs = {s.kind: s for s in ReportSubmission.objects.all()}
    assert all(s.generated for s in subs.values())
    with subs["performance"].file.open("rb") as f:
        text = "".join(p.extract_text() for p in pypdf.PdfReader(f).pages)
    assert "問い合わせは合計4件" in text
    with subs["package"].file.open("rb") as f, zipfile.ZipFile(f) as archive:
        assert "MANIFEST.sha256" in archive.namelist()
    assert subs["completion"].file_name == "業務完了報告書_20250327.docx"
    board = _board(season.contract)
    assert {board[f"reports:{k}"].state for k in subs} == {"受領確認待ち"}


@pytest.mark.parametrize(
    ("kind", "data", "message"),
    [
        (
            "performance",
            b"hello",
            "実績報告書として提出できるのは PDF・Word（.docx） のファイルです",
        ),
        ("package", pdf_bytes(), "成果品の電子データとして提出できるのは ZIP のファイルです"),
        ("completion", b"%PDF-1.4 broken", "PDFとして読み込めません"),
        ("performance", b"", "ファイルが空です"),
    ],
)
def test_wrong_files_are_refused_in_japanese(
    contract: Contract, make_user: Any, kind: str, data: bytes, message: str
) -> None:
    with pytest.raises(ValidationError) as exc:
        report_submit(
            actor=make_user("manager"), contract=contract, kind=kind, data=data, file_name="x"
        )
    assert message in " ".join(exc.value.messages)
    assert not ReportSubmission.objects.exists()


def test_a_tampered_package_is_refused(contract: Contract, make_user: Any) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", "changed")
        archive.writestr("MANIFEST.sha256", f"{hashlib.sha256(b'original').hexdigest()}  a.txt\n")
    with pytest.raises(ValidationError, match=r"a\.txt の内容が MANIFEST\.sha256 と一致しません"):
        report_submit(
            actor=make_user("manager"),
            contract=contract,
            kind="package",
            data=buffer.getvalue(),
            file_name="成果品.zip",
        )


def test_refused_upload_shows_a_message_not_an_error(
    contract: Contract, make_user: Any, login: Any
) -> None:
    client = login(make_user("manager"))
    response = client.post(
        "/ops/reports/submissions/new/",
        {"kind": "completion", "file": SimpleUploadedFile("x.docx", b"not a word file")},
        follow=True,
    )
    assert response.status_code == 200
    assert "業務完了報告書として提出できるのは PDF・Word（.docx） のファイルです" in (
        response.content.decode()
    )
    assert not ReportSubmission.objects.exists()


@override_settings(FUKYU_TODAY="2025-03-25")
def test_board_prefers_an_acknowledged_submission_over_a_later_one(
    contract: Contract, make_user: Any
) -> None:
    manager, client = make_user("manager"), make_user("client")
    first = make_submission(contract, manager, kind="completion", data=docx_bytes("第1版"))
    report_acknowledge(actor=client, submission=first)
    make_submission(contract, manager, kind="completion", data=docx_bytes("第2版"))
    row = _board(contract, "2025-04-02")["reports:completion"]
    assert row.submission_id == first.pk and row.acknowledged_at is not None
    assert row.state == "完了"
    late = _board(contract, "2025-04-02")["reports:package"]
    assert late.state == "期限超過"


def test_only_the_client_acknowledges_and_only_staff_submit(
    contract: Contract, make_user: Any, login: Any
) -> None:
    sub = make_submission(contract, make_user("manager"))
    manager = login(make_user("manager"))
    assert manager.post(f"/ops/reports/submissions/{sub.pk}/acknowledge/").status_code == 403
    client = login(make_user("client"))
    assert client.post("/ops/reports/submissions/new/", {"kind": "package"}).status_code == 403
    sub.refresh_from_db()
    assert sub.acknowledged_at is None
    assert ReportSubmission.objects.count() == 1
