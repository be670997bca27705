"""Small helpers shared by the privacy screens."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from fukyu.core.http import download


def form_page(
    request: HttpRequest,
    form: forms.BaseForm,
    *,
    title: str,
    intro: str = "",
    submit: str = "保存",
    back: str = "",
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "privacy/form.html",
        {"form": form, "title": title, "intro": intro, "submit": submit, "back": back},
        status=status,
    )


def add_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Attach a service's ValidationError to the form (fields it names, else the form)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


def cleaned(form: forms.BaseForm, *names: str) -> dict[str, Any]:
    return {n: form.cleaned_data[n] for n in names}


def attachment(data: bytes, filename: str, content_type: str = "") -> HttpResponse:
    return download(data, filename, content_type)
