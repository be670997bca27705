"""Screens for publicity placements and the client's consent to paid media."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from fukyu.accounts.permissions import has_perm, require_perm
from fukyu.core.forms import add_service_errors
from fukyu.core.selectors import active_contract
from fukyu.publicity import services
from fukyu.publicity.forms import CancelForm, DecisionForm, PlacementForm, RunForm
from fukyu.publicity.models import Placement
from fukyu.publicity.selectors import placement_list, placement_summary_by_medium
from fukyu.publicity.views.common import flash_error

READ, MANAGE = "publicity_read", "publicity_manage"


def _placement(pk: int) -> Placement:
    return get_object_or_404(placement_list(contract=active_contract()), pk=pk)


@require_safe
@require_perm(READ)
def placement_index(request: HttpRequest) -> HttpResponse:
    contract = active_contract()
    status, medium = request.GET.get("status", ""), request.GET.get("medium", "")
    items = list(placement_list(contract=contract, status=status, medium=medium))
    return render(
        request,
        "publicity/placement_list.html",
        {
            "items": items,
            "summary": placement_summary_by_medium(contract=contract),
            "statuses": Placement.Status.choices,
            "media": Placement.Medium.choices,
            "q": {"status": status, "medium": medium},
            "total_cost": sum(p.cost for p in items if p.status != Placement.Status.CANCELLED),
            "tab": "placements",
        },
    )


@require_perm(MANAGE)
def placement_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    contract = active_contract()
    placement = _placement(pk) if pk else Placement(contract=contract)
    if placement.pk and placement.status != Placement.Status.PLANNED:
        messages.error(request, f"{placement.get_status_display()}の掲載は変更できません")
        return redirect("publicity:placement", pk=placement.pk)
    form = PlacementForm(request.POST or None, instance=placement, contract=contract)
    if request.method == "POST" and form.is_valid():
        was_approved = placement.client_approved if pk else False
        try:
            placement = services.placement_save(
                actor=request.user, placement=form.save(commit=False)
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"「{placement}」を保存しました")
            if was_approved and not placement.client_approved:
                messages.warning(
                    request,
                    "条件を変更したため、発注者の承諾を取り消しました。改めて承諾を得てください",
                )
            return redirect("publicity:placement", pk=placement.pk)
    return render(
        request,
        "publicity/form.html",
        {
            "form": form,
            "title": "広報媒体の掲載の編集" if pk else "広報媒体の掲載の登録",
            "intro": "有料の広報媒体は、発注者の承諾を記録してから実施します（仕様書5(3)ホ）。",
            "back": "publicity:placements",
            "tab": "placements",
        },
    )


@require_safe
@require_perm(READ)
def placement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    placement = _placement(pk)
    manage = has_perm(request.user, MANAGE)
    planned = placement.status == Placement.Status.PLANNED
    client = services.is_client(request.user)
    return render(
        request,
        "publicity/placement_detail.html",
        {
            "p": placement,
            "manage": manage,
            "is_client": client,
            "approve_form": DecisionForm()
            if client and planned and placement.is_paid and not placement.client_approved
            else None,
            "run_form": RunForm() if manage and planned else None,
            "cancel_form": CancelForm() if manage and planned else None,
            "tab": "placements",
        },
    )


@require_POST
@require_perm(READ)
def placement_approve(request: HttpRequest, pk: int) -> HttpResponse:
    placement = _placement(pk)
    form = DecisionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.placement_client_approve(actor=request.user, placement=placement, note=note)
    except ValidationError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, "有料媒体の実施を承諾しました")
    return redirect("publicity:placement", pk=placement.pk)


@require_POST
@require_perm(MANAGE)
def placement_run(request: HttpRequest, pk: int) -> HttpResponse:
    placement = _placement(pk)
    form = RunForm(request.POST)
    reach = form.cleaned_data["reach"] if form.is_valid() else None
    try:
        services.placement_mark_run(actor=request.user, placement=placement, reach=reach)
    except ValidationError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, "実施済みにしました")
    return redirect("publicity:placement", pk=placement.pk)


@require_POST
@require_perm(MANAGE)
def placement_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    placement = _placement(pk)
    form = CancelForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.placement_cancel(actor=request.user, placement=placement, reason=reason)
    except ValidationError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, "中止にしました")
    return redirect("publicity:placement", pk=placement.pk)
