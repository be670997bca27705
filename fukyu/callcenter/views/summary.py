"""Weekly and monthly summaries of the call center: choose a week or a month, see the breakdown
tables, download the XLSX or PDF (the same numbers as GET /api/v1/reports/weekly|monthly)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from fukyu.accounts.permissions import require_perm
from fukyu.callcenter.daily_report import Report, monthly_report, weekly_report
from fukyu.callcenter.report_files import report_pdf, report_xlsx, title_of
from fukyu.core import clock
from fukyu.core.http import download
from fukyu.core.models import Contract
from fukyu.core.selectors import active_contract
from fukyu.core.wareki import wareki

READERS = ("reports_read", "callcenter_manage")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KINDS = {"weekly": "週報（月曜〜日曜）", "monthly": "月報"}


class ChoiceError(ValueError):
    pass


def _bounds(contract: Contract) -> tuple[dt.date, dt.date]:
    cfg = contract.settings
    return cfg.starts_on.replace(day=1), cfg.ends_on


def _choice(contract: Contract, params: Any) -> tuple[str, dt.date]:
    """(kind, a day of the period) from ?kind=weekly&day=YYYY-MM-DD or ?kind=monthly&month=YYYY-MM;
    the default is the week of today (within the contract's period)."""
    first, last = _bounds(contract)
    kind = params.get("kind") or "weekly"
    if kind not in KINDS:
        raise ChoiceError("種類は「週報」か「月報」を選んでください")
    if kind == "weekly":
        text = params.get("day", "")
        try:
            day = dt.date.fromisoformat(text) if text else clock.today()
        except ValueError:
            raise ChoiceError(f"週の日付は YYYY-MM-DD 形式で指定してください（{text}）") from None
    else:
        text = params.get("month", "")
        try:
            day = dt.date.fromisoformat(f"{text}-01") if text else clock.today().replace(day=1)
        except ValueError:
            raise ChoiceError(f"月は YYYY-MM 形式で指定してください（{text}）") from None
    if not first <= day <= last:
        if params.get("day") or params.get("month"):
            raise ChoiceError(f"契約期間（{wareki(first)}〜{wareki(last)}）の中で指定してください")
        day = min(max(day, first), last)
    return kind, day


def _report(contract: Contract, kind: str, day: dt.date) -> Report:
    if kind == "weekly":
        return weekly_report(contract=contract, day=day)
    return monthly_report(contract=contract, year=day.year, month=day.month)


def _query(kind: str, day: dt.date) -> str:
    if kind == "weekly":
        return f"kind=weekly&day={day.isoformat()}"
    return f"kind=monthly&month={day:%Y-%m}"


def _neighbours(kind: str, report: Report) -> tuple[dt.date, dt.date]:
    if kind == "weekly":
        return report.start - dt.timedelta(days=7), report.start + dt.timedelta(days=7)
    before = report.start - dt.timedelta(days=1)
    return before.replace(day=1), report.end + dt.timedelta(days=1)


@require_perm(*READERS)
def report_summary(request: HttpRequest) -> HttpResponse:
    contract = active_contract()
    first, last = _bounds(contract)
    base = reverse("callcenter:summary")
    try:
        kind, day = _choice(contract, request.GET)
    except ChoiceError as exc:
        return render(
            request,
            "callcenter/report_summary.html",
            {"error": str(exc), "kinds": KINDS, "kind": "weekly", "first": first, "last": last},
            status=422,
        )
    report = _report(contract, kind, day)
    before, after = _neighbours(kind, report)
    links = {
        "before": f"{base}?{_query(kind, before)}" if before >= first else "",
        "after": f"{base}?{_query(kind, after)}" if after <= last else "",
        "xlsx": reverse("callcenter:summary_file", args=["xlsx"]) + f"?{_query(kind, day)}",
        "pdf": reverse("callcenter:summary_file", args=["pdf"]) + f"?{_query(kind, day)}",
    }
    return render(
        request,
        "callcenter/report_summary.html",
        {
            "report": report,
            "title": title_of(report),
            "kinds": KINDS,
            "kind": kind,
            "day": day,
            "links": links,
            "first": first,
            "last": last,
        },
    )


@require_perm(*READERS)
def report_summary_file(request: HttpRequest, fmt: str) -> HttpResponse:
    contract = active_contract()
    if fmt not in ("xlsx", "pdf"):
        return HttpResponse("形式は xlsx か pdf です", status=404, content_type="text/plain")
    try:
        kind, day = _choice(contract, request.GET)
    except ChoiceError as exc:
        return HttpResponse(str(exc), status=422, content_type="text/plain; charset=utf-8")
    report = _report(contract, kind, day)
    if fmt == "xlsx":
        body, ctype = report_xlsx(contract=contract, report=report), XLSX_TYPE
    else:
        body, ctype = report_pdf(contract=contract, report=report), "application/pdf"
    stamp = f"{report.start:%Y%m%d}" if kind == "weekly" else f"{report.start:%Y%m}"
    return download(body, f"callcenter_{kind}_{stamp}.{fmt}", ctype)
