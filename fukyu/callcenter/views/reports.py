"""Daily report screens: the list with due dates and delivery state, one day's report with its
numbers, notable matters, review, delivery (and resend), and the XLSX/PDF downloads. Clients
see the reports delivered to them (their portal)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from fukyu.accounts.permissions import has_perm, require_perm
from fukyu.callcenter.daily_report import daily_report
from fukyu.callcenter.models import DailyReport, DeliveryLog
from fukyu.callcenter.models.report import NOTES_MAX
from fukyu.callcenter.report_files import report_pdf, report_xlsx
from fukyu.callcenter.report_services import (
    daily_report_deliver,
    daily_report_notes_save,
    daily_report_record,
    daily_report_review,
)
from fukyu.core import clock
from fukyu.core.http import download
from fukyu.core.selectors import active_contract

READERS = ("reports_read", "callcenter_manage")
LIST_MAX = 60
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class NotesForm(forms.Form):
    notes = forms.CharField(
        label="特記事項",
        max_length=NOTES_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


def _day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise Http404("日付が正しくありません") from None


def _report(request: HttpRequest, day: str) -> DailyReport:
    """The day's record; clients only reach reports already delivered to them."""
    contract = active_contract()
    date = _day(day)
    if has_perm(request.user, "callcenter_manage"):
        if not contract.calendar.center_open(date):
            raise Http404("センターの開設日ではありません")
        return daily_report_record(contract=contract, day=date)
    found = DailyReport.objects.filter(
        contract=contract, day=date, deliveries__channel="portal", deliveries__ok=True
    ).first()
    if found is None:
        raise Http404("日報が見つかりません")
    return found


@require_perm(*READERS)
def report_index(request: HttpRequest) -> HttpResponse:
    contract = active_contract()
    wanted = request.GET.get("day", "")
    if wanted and has_perm(request.user, "callcenter_manage"):
        try:
            return redirect(
                "callcenter:report_detail", day=dt.date.fromisoformat(wanted).isoformat()
            )
        except ValueError:
            messages.error(request, "対象日は YYYY-MM-DD 形式で指定してください")
    qs = (
        DailyReport.objects.filter(contract=contract)
        .select_related("reviewed_by")
        .prefetch_related("deliveries")
    )
    if not has_perm(request.user, "callcenter_manage"):
        qs = qs.filter(deliveries__channel="portal", deliveries__ok=True).distinct()
    now = clock.now()
    rows = []
    for r in qs.order_by("-day")[:LIST_MAX]:
        failed = any(not d.ok for d in r.deliveries.all()) and r.delivered_at is None
        overdue = r.delivered_at is None and now > r.due_by
        rows.append({"report": r, "failed": failed, "overdue": overdue})
    return render(
        request,
        "callcenter/report_list.html",
        {"rows": rows, "today": clock.today()},
    )


@require_perm(*READERS)
def report_detail(request: HttpRequest, day: str) -> HttpResponse:
    record = _report(request, day)
    numbers = daily_report(contract=record.contract, day=record.day)
    numbers.notes = record.notes
    return render(
        request,
        "callcenter/report_detail.html",
        {
            "record": record,
            "numbers": numbers,
            "deliveries": list(DeliveryLog.objects.filter(report=record).select_related("actor")),
            "notes_form": NotesForm(initial={"notes": record.notes}),
            "review_required": record.contract.settings.daily_report_review,
            "overdue": record.delivered_at is None and clock.now() > record.due_by,
        },
    )


@require_perm(*READERS)
def report_file(request: HttpRequest, day: str, fmt: str) -> HttpResponse:
    record = _report(request, day)
    numbers = daily_report(contract=record.contract, day=record.day)
    numbers.notes = record.notes
    name = f"callcenter_daily_{record.day:%Y%m%d}"
    if fmt == "xlsx":
        body, ctype = report_xlsx(contract=record.contract, report=numbers), XLSX_TYPE
    elif fmt == "pdf":
        body, ctype = report_pdf(contract=record.contract, report=numbers), "application/pdf"
    else:
        raise Http404("形式が正しくありません")
    return download(body, f"{name}.{fmt}", ctype)


@require_POST
@require_perm("callcenter_manage")
def report_notes(request: HttpRequest, day: str) -> HttpResponse:
    record = _report(request, day)
    form = NotesForm(request.POST)
    if form.is_valid():
        try:
            daily_report_notes_save(
                actor=request.user, report=record, notes=form.cleaned_data["notes"]
            )
        except ValidationError as exc:
            messages.error(request, "、".join(exc.messages))
        else:
            messages.success(request, "特記事項を保存しました")
    else:
        messages.error(request, f"特記事項は{NOTES_MAX}文字以内にしてください")
    return redirect("callcenter:report_detail", day=record.day.isoformat())


@require_POST
@require_perm("callcenter_manage")
def report_review(request: HttpRequest, day: str) -> HttpResponse:
    record = _report(request, day)
    daily_report_review(actor=request.user, report=record)
    messages.success(request, "日報を確認済みにしました")
    return redirect("callcenter:report_detail", day=record.day.isoformat())


@require_POST
@require_perm("callcenter_manage")
def report_deliver(request: HttpRequest, day: str) -> HttpResponse:
    record = _report(request, day)
    if daily_report_deliver(actor=request.user, report=record):
        messages.success(request, "日報を県へ提出しました（メール・発注者ポータル）")
    else:
        messages.error(request, "日報のメール送信に失敗しました。提出記録を確認し再送してください")
    return redirect("callcenter:report_detail", day=record.day.isoformat())
