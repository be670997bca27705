"""Screens of the reports app (/ops/reports/): the deadline board, the downloads, the final
reports' submission and acknowledgement, and the prefecture's completion-report form."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from fukyu.accounts.permissions import require_perm
from fukyu.audit.services import audit_record
from fukyu.core import clock
from fukyu.core.http import attempt, download
from fukyu.core.selectors import active_contract
from fukyu.reports.completion import (
    PLACEHOLDER_NAMES,
    TemplateError,
    completion_report,
    default_template,
)
from fukyu.reports.deliverables import build_package, package_name
from fukyu.reports.files import DOCX_TYPE, XLSX_TYPE
from fukyu.reports.forms import AcknowledgeForm, SubmissionForm, TemplateForm
from fukyu.reports.models import FinalReport
from fukyu.reports.perf_render import render_docx, render_pdf, render_xlsx
from fukyu.reports.performance import performance_report
from fukyu.reports.selectors import (
    active_completion_template,
    completion_template_bytes,
    deadline_board,
    full_submission_log,
    report_submissions,
)
from fukyu.reports.services import (
    completion_template_reset,
    completion_template_upload,
    report_acknowledge,
    report_submit,
)

READ = "reports_read"
EXPORT = "data_export"
# No permission is named for the final reports: the contractor's roles that submit plans and
# meeting records submit them too, and the client acknowledges them as it does the plans.
SUBMIT = "governance_manage"
ACKNOWLEDGE = "meeting_confirm"
FORMATS = {"pdf": "application/pdf", "docx": DOCX_TYPE, "xlsx": XLSX_TYPE}
FILE_TYPES = {"pdf": "application/pdf", "docx": DOCX_TYPE, "zip": "application/zip"}


@require_safe
@require_perm(READ, EXPORT)
def index(request: HttpRequest) -> HttpResponse:
    contract = active_contract()
    today = clock.today()
    return render(
        request,
        "reports/index.html",
        {
            "contract": contract,
            "today": today,
            "board": deadline_board(contract=contract, today=today),
            "log": full_submission_log(contract=contract),
            "submissions": report_submissions(contract=contract).order_by("-submitted_at", "-pk"),
            "submit_form": SubmissionForm(),
            "ack_form": AcknowledgeForm(),
            "template_form": TemplateForm(),
            "template": active_completion_template(contract=contract),
            "placeholders": PLACEHOLDER_NAMES,
        },
    )


@require_safe
@require_perm(READ)
def performance(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404("この形式には対応していません")
    contract = active_contract()
    report = performance_report(contract=contract, as_of=clock.today())
    render_fn = {"pdf": render_pdf, "docx": render_docx, "xlsx": render_xlsx}[fmt]
    name = "実績報告書_集計表.xlsx" if fmt == "xlsx" else f"実績報告書.{fmt}"
    return download(render_fn(report), name, FORMATS[fmt])


@require_safe
@require_perm(READ)
def completion(request: HttpRequest) -> HttpResponse:
    contract = active_contract()
    today = clock.today()
    template = completion_template_bytes(contract=contract)
    try:
        data = completion_report(contract=contract, completed_on=today, template=template)
    except TemplateError as exc:
        messages.error(request, str(exc))
        return redirect("reports:index")
    return download(data, f"業務完了報告書_{today:%Y%m%d}.docx", DOCX_TYPE)


@require_safe
@require_perm(EXPORT)
def package(request: HttpRequest) -> HttpResponse:
    contract = active_contract()
    today = clock.today()
    data = build_package(contract=contract, as_of=today)
    name = package_name(contract, today)
    with transaction.atomic():
        audit_record(
            actor=request.user,
            action="deliverables.download",
            obj=contract,
            note=f"{name}（{len(data):,}バイト）",
        )
    return download(data, name, "application/zip")


@require_POST
@require_perm(SUBMIT)
def submit(request: HttpRequest) -> HttpResponse:
    form = SubmissionForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, "、".join(str(e) for e in errors))
        return redirect("reports:index")
    upload = form.cleaned_data["file"]
    kind = form.cleaned_data["kind"]
    label = FinalReport(kind).label
    attempt(
        request,
        lambda: report_submit(
            actor=request.user,
            contract=active_contract(),
            kind=kind,
            data=upload.read() if upload else None,
            file_name=upload.name if upload else "",
            note=form.cleaned_data["note"],
        ),
        f"{label}の提出を記録しました",
    )
    return redirect("reports:index")


@require_POST
@require_perm(ACKNOWLEDGE)
def acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    submission = get_object_or_404(report_submissions(contract=active_contract()), pk=pk)
    form = AcknowledgeForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    attempt(
        request,
        lambda: report_acknowledge(actor=request.user, submission=submission, comment=comment),
        f"{submission.get_kind_display()}の受領を確認しました",
    )
    return redirect("reports:index")


@require_safe
@require_perm(READ, EXPORT)
def submission_file(request: HttpRequest, pk: int) -> HttpResponse:
    submission = get_object_or_404(report_submissions(contract=active_contract()), pk=pk)
    with submission.file.open("rb") as f:
        data = f.read()
    suffix = submission.file_name.rsplit(".", 1)[-1].lower()
    return download(data, submission.file_name, FILE_TYPES.get(suffix, "application/octet-stream"))


@require_POST
@require_perm(SUBMIT)
def template_upload(request: HttpRequest) -> HttpResponse:
    form = TemplateForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "様式のファイル（Word .docx）を選んでください")
        return redirect("reports:index")
    upload = form.cleaned_data["file"]
    data = upload.read()

    def upload_it() -> None:
        template = completion_template_upload(
            actor=request.user, contract=active_contract(), data=data, name=upload.name
        )
        names = "、".join("{{" + n + "}}" for n in template.placeholders)
        messages.info(request, f"様式の差し込み項目：{names}")

    attempt(
        request,
        upload_it,
        "県の指定様式を登録しました。次に作成する業務完了報告書からこの様式を使います",
    )
    return redirect("reports:index")


@require_POST
@require_perm(SUBMIT)
def template_reset(request: HttpRequest) -> HttpResponse:
    attempt(
        request,
        lambda: completion_template_reset(actor=request.user, contract=active_contract()),
        "標準様式に戻しました",
    )
    return redirect("reports:index")


@require_safe
@require_perm(READ)
def template_file(request: HttpRequest) -> HttpResponse:
    """The form in use (the prefecture's, or the standard one to start from)."""
    contract = active_contract()
    template = active_completion_template(contract=contract)
    if template is None:
        return download(default_template(), "業務完了報告書_標準様式.docx", DOCX_TYPE)
    return download(
        completion_template_bytes(contract=contract) or b"", template.original_name, DOCX_TYPE
    )
