"""Helpers shared by the governance screens."""

from __future__ import annotations

from django.http import HttpResponse

from fukyu.core.http import attempt as attempt
from fukyu.core.http import download
from fukyu.governance.documents.blocks import Document
from fukyu.governance.documents.render_docx import render_docx
from fukyu.governance.documents.render_pdf import render_pdf

READ = ("governance_read", "governance_manage")
MANAGE = "governance_manage"
CONFIRM = "meeting_confirm"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def document_response(doc: Document, filename: str, fmt: str) -> HttpResponse:
    if fmt == "docx":
        return download(render_docx(doc), f"{filename}.docx", DOCX_TYPE)
    return download(render_pdf(doc), f"{filename}.pdf", "application/pdf")
