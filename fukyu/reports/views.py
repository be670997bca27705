"""Screens of the reports app (/ops/reports/): the deadline board and the downloads."""

from __future__ import annotations

from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from fukyu.accounts.permissions import require_perm
from fukyu.audit.services import audit_record
from fukyu.core import clock
from fukyu.core.selectors import active_contract
from fukyu.governance.selectors import submission_log
from fukyu.reports.completion import completion_report
from fukyu.reports.deliverables import build_package, package_name
from fukyu.reports.files import DOCX_TYPE, XLSX_TYPE
from fukyu.reports.perf_render import render_docx, render_pdf, render_xlsx
from fukyu.reports.performance import performance_report
from fukyu.reports.selectors import deadline_board

READ = "reports_read"
EXPORT = "data_export"
FORMATS = {"pdf": "application/pdf", "docx": DOCX_TYPE, "xlsx": XLSX_TYPE}


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "no-store"
    return response


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
            "log": submission_log(contract=contract),
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
    return _download(render_fn(report), name, FORMATS[fmt])


@require_safe
@require_perm(READ)
def completion(request: HttpRequest) -> HttpResponse:
    today = clock.today()
    data = completion_report(contract=active_contract(), completed_on=today)
    return _download(data, f"業務完了報告書_{today:%Y%m%d}.docx", DOCX_TYPE)


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
    return _download(data, name, "application/zip")
