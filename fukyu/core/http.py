"""Helpers every app's views share: file responses, and service refusals shown as messages."""

from __future__ import annotations

import mimetypes
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.http import content_disposition_header

from fukyu.core.errors import StateConflictError


def download(
    content: bytes, filename: str, content_type: str = "", *, inline: bool = False
) -> HttpResponse:
    """`content` as a file named `filename` (Japanese names too: RFC 6266 `filename*`), its type
    given or guessed from the name; not kept in shared caches, since reports hold client data."""
    guessed = content_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
    response = HttpResponse(content, content_type=guessed)
    disposition = content_disposition_header(not inline, filename)
    if disposition is not None:
        response["Content-Disposition"] = disposition
    response["Cache-Control"] = "no-store"
    return response


def attempt(request: HttpRequest, action: Callable[[], Any], success: str) -> bool:
    """Run a service; show its refusal (a state conflict or invalid data) as a message instead of
    an error page, or `success` when it went through."""
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
