"""Helpers shared by the publicity views."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse

from fukyu.publicity.models import FileKind

CONTENT_TYPES: dict[str, str] = {
    FileKind.PDF: "application/pdf",
    FileKind.PNG: "image/png",
    FileKind.JPEG: "image/jpeg",
}


def error_text(exc: ValidationError) -> str:
    return "、".join(exc.messages)


def flash_error(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def file_response(field: FieldFile, *, kind: str, filename: str) -> HttpResponse:
    """Serve a stored design file inline (never replaced, so it may be cached privately)."""
    if not field:
        raise Http404("ファイルがありません")
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404("ファイルが見つかりません") from None
    response = FileResponse(
        handle, content_type=CONTENT_TYPES.get(kind, "application/octet-stream"), filename=filename
    )
    response["Cache-Control"] = "private, max-age=86400"
    # A streaming response; require_perm's View type is bound to HttpResponse.
    return cast(HttpResponse, response)
