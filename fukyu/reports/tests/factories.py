"""Small real files and submissions for the reports app's tests."""

from __future__ import annotations

import io
from typing import Any

import docx
from reportlab.pdfgen import canvas

from fukyu.reports.models import FinalReport, ReportSubmission
from fukyu.reports.services import report_submit


def pdf_bytes(text: str = "submitted report") -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, text)
    page.showPage()
    page.save()
    return buffer.getvalue()


def docx_bytes(*paragraphs: str) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_submission(
    contract: Any, actor: Any, kind: str = FinalReport.PERFORMANCE, data: bytes | None = None
) -> ReportSubmission:
    return report_submit(
        actor=actor,
        contract=contract,
        kind=kind,
        data=data if data is not None else pdf_bytes(),
        file_name="実績報告書_押印済み.pdf",
    )
