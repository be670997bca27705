"""Agreements made by e-mail: record them with the .eml, promote one to a meeting record."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from fukyu.accounts.permissions import has_perm, require_perm
from fukyu.core.forms import add_service_errors
from fukyu.core.http import download
from fukyu.core.selectors import active_contract
from fukyu.governance.forms import EmailAgreementForm, EmailAgreementNewForm
from fukyu.governance.models import EmailAgreement, Meeting
from fukyu.governance.selectors import email_agreement_list
from fukyu.governance.services import (
    email_agreement_create,
    email_agreement_promote,
    email_agreement_update,
)
from fukyu.governance.views.common import MANAGE, READ, attempt


def _agreement(pk: int) -> EmailAgreement:
    return get_object_or_404(email_agreement_list(contract=active_contract()), pk=pk)


@require_safe
@require_perm(*READ)
def email_index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "governance/email_list.html",
        {
            "agreements": email_agreement_list(contract=active_contract()),
            "can_manage": has_perm(request.user, MANAGE),
        },
    )


@require_perm(MANAGE)
def email_new(request: HttpRequest) -> HttpResponse:
    form = EmailAgreementNewForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        try:
            agreement = email_agreement_create(
                actor=request.user,
                contract=active_contract(),
                eml=cd.get("eml"),
                agreed_on=cd.get("agreed_on"),
                parties=cd.get("parties", ""),
                subject=cd.get("subject", ""),
                summary=cd.get("summary", ""),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                f"電子メールによる協議「{agreement}」を記録しました。内容を確かめてください",
            )
            return redirect("governance:email", agreement.pk)
    return render(
        request,
        "governance/form.html",
        {
            "form": form,
            "title": "電子メールによる協議の記録",
            "multipart": True,
            "back_url": "governance:emails",
        },
    )


@require_safe
@require_perm(*READ)
def email_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = _agreement(pk)
    meeting = Meeting.objects.filter(source_email=agreement).first()
    return render(
        request,
        "governance/email_detail.html",
        {
            "agreement": agreement,
            "meeting": meeting,
            "can_manage": has_perm(request.user, MANAGE),
        },
    )


@require_perm(MANAGE)
def email_edit(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = _agreement(pk)
    form = EmailAgreementForm(request.POST or None, instance=agreement)
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        if attempt(
            request,
            lambda: email_agreement_update(
                actor=request.user,
                agreement=agreement,
                agreed_on=cd["agreed_on"],
                parties=cd["parties"],
                subject=cd["subject"],
                summary=cd["summary"],
            ),
            "保存しました",
        ):
            return redirect("governance:email", agreement.pk)
    return render(
        request,
        "governance/form.html",
        {"form": form, "title": f"「{agreement}」の編集", "back_url": "governance:emails"},
    )


@require_safe
@require_perm(*READ)
def email_eml(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = _agreement(pk)
    if not agreement.eml:
        messages.error(request, "メールファイルは登録されていません")
        return redirect("governance:email", agreement.pk)
    with agreement.eml.open("rb") as fh:
        content = fh.read()
    return download(content, agreement.eml_name or "message.eml", "message/rfc822")


@require_POST
@require_perm(MANAGE)
def email_promote(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = _agreement(pk)
    created: dict[str, Meeting] = {}

    def run() -> None:
        created["meeting"] = email_agreement_promote(actor=request.user, agreement=agreement)

    if attempt(
        request, run, "打合せ記録（作成中）を作りました。出席者などを補って提出してください"
    ):
        return redirect("governance:meeting_edit", created["meeting"].pk)
    return redirect("governance:email", agreement.pk)
