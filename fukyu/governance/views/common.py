"""Helpers shared by the governance screens."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.http import content_disposition_header

from fukyu.governance.documents.blocks import Document
from fukyu.governance.documents.render_docx import render_docx
from fukyu.governance.documents.render_pdf import render_pdf
from fukyu.governance.services import StateConflictError

READ = ("governance_read", "governance_manage")
MANAGE = "governance_manage"
CONFIRM = "meeting_confirm"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def attempt(request: HttpRequest, action: Callable[[], Any], success: str) -> bool:
    """Run a service; show its refusal as a message instead of an error page."""
    try:
        action()
    except StateConflictError as exc:
        messages.error(request, str(exc))
        return False
    except ValidationError as exc:
        messages.error(request, "、".join(exc.messages))
        return False
    messages.success(request, success)
    return True


def download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "no-store"
    return response


def document_response(doc: Document, filename: str, fmt: str) -> HttpResponse:
    if fmt == "docx":
        return download(render_docx(doc), f"{filename}.docx", DOCX_TYPE)
    return download(render_pdf(doc), f"{filename}.pdf", "application/pdf")
