"""Escalation screens: the list (overdue first), one escalation with its history, and the
steps: a supervisor reviews and sends, the prefecture answers, the operator calls back."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from fukyu.accounts.permissions import require_perm
from fukyu.callcenter.escalation_selectors import (
    escalation_get,
    escalation_history,
    escalation_list,
    is_overdue,
)
from fukyu.callcenter.escalation_services import (
    escalation_answer,
    escalation_callback,
    escalation_send,
)
from fukyu.callcenter.models import Escalation, EscalationStatus
from fukyu.callcenter.models.escalation import TEXT_MAX
from fukyu.core import clock
from fukyu.core.forms import add_service_errors
from fukyu.core.selectors import active_contract

READERS = ("callcenter_manage", "escalation_respond", "inquiry_log")
LIST_MAX = 300


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label="回答・指示", max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 4})
    )


class CallbackForm(forms.Form):
    note = forms.CharField(
        label="折り返しの結果", max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )


def _get(pk: int) -> Escalation:
    try:
        return escalation_get(contract=active_contract(), pk=pk)
    except Escalation.DoesNotExist:
        raise Http404("エスカレーションが見つかりません") from None


@require_perm(*READERS)
def escalation_index(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in EscalationStatus.values:
        status = ""
    now = clock.now()
    found = list(escalation_list(contract=active_contract(), status=status)[:LIST_MAX])
    # Overdue and not yet closed first; the query's order (deadline) otherwise.
    found.sort(key=lambda e: not is_overdue(e, now) or e.status == EscalationStatus.CLOSED)
    rows = [{"esc": e, "overdue": is_overdue(e, now)} for e in found]
    return render(
        request,
        "callcenter/escalation_list.html",
        {"rows": rows, "status": status, "statuses": EscalationStatus.choices},
    )


def _detail(
    request: HttpRequest,
    esc: Escalation,
    answer_form: AnswerForm | None = None,
    callback_form: CallbackForm | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "callcenter/escalation_detail.html",
        {
            "esc": esc,
            "inquiry": esc.inquiry,
            "overdue": is_overdue(esc),
            "history": escalation_history(escalation=esc),
            "answer_form": answer_form or AnswerForm(),
            "callback_form": callback_form or CallbackForm(),
            "closed": esc.status == EscalationStatus.CLOSED,
            "can_callback": esc.status == EscalationStatus.ANSWERED,
        },
        status=status,
    )


@require_perm(*READERS)
def escalation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _get(pk))


@require_POST
@require_perm("callcenter_manage")
def escalation_send_view(request: HttpRequest, pk: int) -> HttpResponse:
    esc = _get(pk)
    try:
        sent = escalation_send(
            actor=request.user, escalation=esc, base_url=request.build_absolute_uri("/")
        )
    except ValidationError as exc:
        messages.error(request, "、".join(exc.messages))
    else:
        if sent:
            messages.success(request, "県へメールで連絡しました（発注者ポータルにも表示されます）")
        else:
            messages.error(request, f"送信に失敗しました：{esc.notify_error}。再送してください。")
    return redirect("callcenter:escalation_detail", pk=esc.pk)


@require_POST
@require_perm("escalation_respond")
def escalation_answer_view(request: HttpRequest, pk: int) -> HttpResponse:
    esc = _get(pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            escalation_answer(
                actor=request.user, escalation=esc, answer=form.cleaned_data["answer"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "回答・指示を登録しました")
            return redirect("callcenter:escalation_detail", pk=esc.pk)
    return _detail(request, esc, answer_form=form, status=422)


@require_POST
@require_perm("inquiry_log")
def escalation_callback_view(request: HttpRequest, pk: int) -> HttpResponse:
    esc = _get(pk)
    form = CallbackForm(request.POST)
    if form.is_valid():
        try:
            escalation_callback(actor=request.user, escalation=esc, note=form.cleaned_data["note"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "折り返しを記録し、完了にしました")
            return redirect("callcenter:escalation_detail", pk=esc.pk)
    return _detail(request, esc, callback_form=form, status=422)
