"""Incident screens (第17): the form, the timeline, the written report and affected contacts."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from fukyu.accounts.permissions import has_perm, require_perm
from fukyu.core.forms import add_service_errors
from fukyu.core.http import download
from fukyu.core.selectors import active_contract
from fukyu.privacy.contacts import contact_masked, personal_contact_create
from fukyu.privacy.documents import incident_report_pdf
from fukyu.privacy.forms import ContactForm, IncidentActionForm, IncidentCloseForm, IncidentForm
from fukyu.privacy.incidents import (
    incident_action_add,
    incident_close,
    incident_notify,
    incident_report,
    may_report_incident,
)
from fukyu.privacy.models import Incident
from fukyu.privacy.selectors import incident_get, incident_list, incident_totals
from fukyu.privacy.views.common import form_page

REPORTERS = ("privacy_manage", "governance_manage")


@require_safe
@require_perm("privacy_read")
def incident_index(request: HttpRequest) -> HttpResponse:
    contract = active_contract()
    return render(
        request,
        "privacy/incident_list.html",
        {
            "incidents": incident_list(contract=contract),
            "totals": incident_totals(contract=contract),
            "can_report": may_report_incident(request.user),
        },
    )


@require_perm(*REPORTERS)
def incident_new(request: HttpRequest) -> HttpResponse:
    form = IncidentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            incident = incident_report(
                actor=request.user,
                contract=active_contract(),
                base_url=request.build_absolute_uri("/"),
                **form.cleaned_data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if incident.notified_at:
                messages.success(request, "事故を登録し、発注者にメールで通知しました")
            else:
                messages.error(
                    request, f"事故を登録しました。{incident.notify_error}。再送してください"
                )
            return redirect("privacy:incident", pk=incident.pk)
    return form_page(
        request,
        form,
        title="個人情報の事故の報告",
        intro="漏えい・紛失・誤送付などの事故は、帰責の有無にかかわらず直ちに発注者へ報告します"
        "（特記事項 第17）。登録するとすぐに発注者へメールで通知され、発注者のホーム画面にも表示されます。",
        submit="登録して発注者に通知する",
        back="privacy:incidents",
    )


@require_perm("privacy_read")
def incident_detail(request: HttpRequest, pk: int) -> HttpResponse:
    incident = incident_get(contract=active_contract(), pk=pk)
    action_form = IncidentActionForm(request.POST if "add_action" in request.POST else None)
    close_form = IncidentCloseForm(request.POST if "close" in request.POST else None)
    if request.method == "POST":
        if not may_report_incident(request.user):
            raise PermissionDenied("事故対応を記録する権限がありません")
        try:
            if "notify" in request.POST:
                ok = incident_notify(
                    actor=request.user, incident=incident, base_url=request.build_absolute_uri("/")
                )
                (messages.success if ok else messages.error)(
                    request, "発注者に通知しました" if ok else incident.notify_error
                )
                return redirect("privacy:incident", pk=incident.pk)
            if "add_action" in request.POST and action_form.is_valid():
                incident_action_add(
                    actor=request.user, incident=incident, **action_form.cleaned_data
                )
                messages.success(request, "対応を記録しました")
                return redirect("privacy:incident", pk=incident.pk)
            if "close" in request.POST and close_form.is_valid():
                incident_close(actor=request.user, incident=incident, **close_form.cleaned_data)
                messages.success(request, "対応完了として記録しました")
                return redirect("privacy:incident", pk=incident.pk)
        except ValidationError as exc:
            add_service_errors(action_form if "add_action" in request.POST else close_form, exc)
    can = may_report_incident(request.user)
    contacts = list(incident.contacts.all())
    return render(
        request,
        "privacy/incident_detail.html",
        {
            "incident": incident,
            "actions": incident.actions.all(),
            "contacts": [(c, contact_masked(c)) for c in contacts],
            "can": can and incident.status == Incident.Status.OPEN,
            "can_contacts": has_perm(request.user, "privacy_manage"),
            "can_reveal": has_perm(request.user, "personal_data_read"),
            "action_form": action_form,
            "close_form": close_form,
        },
    )


@require_safe
@require_perm("privacy_read")
def incident_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    incident = incident_get(contract=active_contract(), pk=pk)
    data = incident_report_pdf(incident, actions=list(incident.actions.all()))
    return download(data, f"incident-{incident.pk}.pdf", "application/pdf")


@require_perm("privacy_manage")
def contact_new(request: HttpRequest, pk: int) -> HttpResponse:
    contract = active_contract()
    incident = incident_get(contract=contract, pk=pk)
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            personal_contact_create(
                actor=request.user, contract=contract, incident=incident, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "連絡先を暗号化して登録しました")
            return redirect("privacy:incident", pk=incident.pk)
    return form_page(
        request,
        form,
        title=f"連絡先の登録（{incident}）",
        intro="事故の影響を受けた方など、職員以外の連絡先を登録します。暗号化して保存され、"
        "画面では伏せ字で表示されます。保存期間を過ぎると消去されます。",
        back="privacy:incidents",
    )
