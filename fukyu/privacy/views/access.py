"""The register's front page, the access log (read-only), export approvals, purge records,
revealing contact details, and the inspection pack."""

from __future__ import annotations

import csv
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe

from fukyu.accounts.permissions import has_perm, require_perm
from fukyu.audit.services import audit_record
from fukyu.core import clock
from fukyu.core.calendar import TOKYO
from fukyu.core.forms import add_service_errors
from fukyu.core.http import download
from fukyu.core.selectors import active_contract
from fukyu.privacy.contacts import CONTACT_FIELDS, contact_masked
from fukyu.privacy.forms import AccessLogFilterForm, DecisionForm, ExportApprovalForm, RevealForm
from fukyu.privacy.models import AccessLogEntry, Decision
from fukyu.privacy.pack import inspection_pack
from fukyu.privacy.perms import may_decide
from fukyu.privacy.registry import kinds
from fukyu.privacy.retention import retention_rules
from fukyu.privacy.roster import roster_available
from fukyu.privacy.selectors import (
    access_log_list,
    contact_get,
    export_approval_get,
    export_approval_list,
    export_log,
    locations_in_effect,
    pending_counts,
    procedures_in_effect,
    purge_run_list,
    staff_training_status,
)
from fukyu.privacy.services import (
    export_approval_decide,
    export_approval_request,
    personal_data_reveal,
)
from fukyu.privacy.views.common import attachment, cleaned, form_page, no_store


@require_safe
@require_perm("privacy_read")
def overview(request: HttpRequest) -> HttpResponse:
    contract = active_contract()
    today = clock.today()
    rules = retention_rules(contract)
    return render(
        request,
        "privacy/overview.html",
        {
            "staff": staff_training_status(contract=contract),
            "roster_available": roster_available(),
            "locations": locations_in_effect(contract=contract, day=today),
            "procedures": procedures_in_effect(contract=contract, day=today),
            "pending": pending_counts(contract=contract),
            "kinds": [{"kind": k, "days": rules.get(k.code, rules["default"])} for k in kinds()],
            "last_purge": purge_run_list().first(),
        },
    )


def _log_query(request: HttpRequest) -> tuple[AccessLogFilterForm, QuerySet[AccessLogEntry]]:
    form = AccessLogFilterForm(request.GET or None)
    if not form.is_valid():
        return form, access_log_list()
    data = form.cleaned_data
    return form, access_log_list(
        action=data["action"],
        actor=data["actor"],
        object_type=data["object_type"],
        date_from=data["date_from"],
        date_to=data["date_to"],
    )


@require_safe
@require_perm("privacy_read")
def access_log(request: HttpRequest) -> HttpResponse:
    form, entries = _log_query(request)
    page = Paginator(entries, 100).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "privacy/access_log.html", {"form": form, "page": page, "query": query.urlencode()}
    )


@require_safe
@require_perm("privacy_read")
def access_log_csv(request: HttpRequest) -> HttpResponse:
    _, entries = _log_query(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="access_log.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(["日時", "実行者", "操作", "対象の種類", "対象ID", "項目", "理由", "件数"])
    for e in entries.iterator():
        writer.writerow(
            [
                f"{e.at.astimezone(TOKYO):%Y-%m-%d %H:%M:%S}",
                e.actor_label,
                e.get_action_display(),
                e.object_type,
                e.object_id,
                e.fields,
                e.reason,
                e.row_count,
            ]
        )
    return response


@require_safe
@require_perm("privacy_read", "data_export")
def export_list(request: HttpRequest) -> HttpResponse:
    contract = active_contract()
    return render(
        request,
        "privacy/export_list.html",
        {
            "approvals": export_approval_list(contract=contract),
            "log": export_log()[:50],
            "can_request": has_perm(request.user, "data_export")
            or has_perm(request.user, "privacy_manage"),
        },
    )


@require_perm("data_export", "privacy_manage")
def export_new(request: HttpRequest) -> HttpResponse:
    form = ExportApprovalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            approval = export_approval_request(
                actor=request.user,
                contract=active_contract(),
                **cleaned(form, "purpose", "scope", "destination", "valid_until", "max_rows"),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{approval}を申請しました。発注者の承認を待っています")
            return redirect("privacy:export", pk=approval.pk)
    return form_page(
        request,
        form,
        title="個人情報を含む出力の承認申請",
        intro="個人情報を作業場所から持ち出す・複製する出力には、発注者の事前の承認が必要です"
        "（特記事項 第5・第11）。通常の出力には個人情報は含まれません。",
        submit="申請する",
        back="privacy:exports",
    )


@require_perm("privacy_read", "data_export")
def export_detail(request: HttpRequest, pk: int) -> HttpResponse:
    approval = export_approval_get(contract=active_contract(), pk=pk)
    form = DecisionForm(request.POST or None)
    if request.method == "POST":
        if not may_decide(request.user):
            raise PermissionDenied("出力の承認は発注者が行います")
        if form.is_valid():
            try:
                export_approval_decide(
                    actor=request.user,
                    approval=approval,
                    approve=form.cleaned_data["decision"] == "approve",
                    note=form.cleaned_data["note"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "判断を記録しました")
                return redirect("privacy:export", pk=approval.pk)
    return render(
        request,
        "privacy/export_detail.html",
        {
            "approval": approval,
            "log": export_log(approval=approval),
            "form": form
            if approval.status == Decision.REQUESTED and may_decide(request.user)
            else None,
        },
    )


@require_safe
@require_perm("privacy_read")
def purge_list(request: HttpRequest) -> HttpResponse:
    return render(request, "privacy/purge_list.html", {"runs": purge_run_list()})


@require_safe
@require_perm("privacy_read")
def purge_certificate(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(purge_run_list().exclude(certificate=""), pk=pk)
    root = Path(settings.MEDIA_ROOT).resolve()
    path = (root / run.certificate).resolve()
    if root not in path.parents or not path.exists():
        raise Http404("証明書のファイルがありません")
    return attachment(path.read_bytes(), f"deletion-certificate-{run.pk}.pdf")


@require_perm("personal_data_read")
def contact_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    contact = contact_get(contract=active_contract(), pk=pk)
    form = RevealForm(request.POST or None)
    values = None
    if request.method == "POST" and form.is_valid():
        try:
            values = personal_data_reveal(
                actor=request.user,
                obj=contact,
                field_names=list(CONTACT_FIELDS),
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
    response = render(
        request,
        "privacy/contact_reveal.html",
        {"contact": contact, "masked": contact_masked(contact), "form": form, "values": values},
    )
    return no_store(response)


@require_safe
@require_perm("privacy_read")
def pack_download(request: HttpRequest) -> HttpResponse:
    contract = active_contract()
    data = inspection_pack(contract=contract)
    with transaction.atomic():
        audit_record(
            actor=request.user,
            action="privacy.inspection_pack",
            object_type="privacy.pack",
            object_id=clock.today().isoformat(),
            object_repr="実地調査用資料",
        )
    return download(data, f"privacy-inspection-{clock.today():%Y%m%d}.zip", "application/zip")
