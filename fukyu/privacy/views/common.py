"""Small helpers shared by the privacy screens."""

from __future__ import annotations

from typing import Any

from django import forms
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


def no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


def cleaned(form: forms.BaseForm, *names: str) -> dict[str, Any]:
    return {n: form.cleaned_data[n] for n in names}


def attachment(data: bytes, filename: str, content_type: str = "") -> HttpResponse:
    return download(data, filename, content_type)
