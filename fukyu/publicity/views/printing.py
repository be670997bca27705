"""Screens for printed materials: print runs, the distribution plan, shipments, receipts,
copies used at events, stock, the summary by region, and the public-facilities list."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from fukyu.accounts.permissions import has_perm, require_perm
from fukyu.core.forms import add_service_errors
from fukyu.core.selectors import active_contract, municipality_list
from fukyu.publicity import facility_csv, services
from fukyu.publicity.forms import (
    FacilityImportForm,
    FacilityLineForm,
    PlanForm,
    PrintRunForm,
    ReceiptForm,
    ShipmentForm,
    UsageForm,
)
from fukyu.publicity.models import PrintRun, Shipment
from fukyu.publicity.selectors import (
    distribution_by_facility,
    distribution_by_region,
    facility_list,
    print_run_list,
    print_run_totals,
    print_summary,
    run_destinations,
    shipment_list,
    usage_list,
)
from fukyu.publicity.views.common import flash_error

READ, MANAGE = "publicity_read", "publicity_manage"


def _run(pk: int) -> PrintRun:
    return get_object_or_404(print_run_list(contract=active_contract()), pk=pk)


@require_safe
@require_perm(READ)
def print_index(request: HttpRequest) -> HttpResponse:
    rows = print_summary(contract=active_contract())
    return render(request, "publicity/print_list.html", {"rows": rows, "tab": "print"})


@require_perm(MANAGE)
def print_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    contract = active_contract()
    run = _run(pk) if pk else PrintRun(contract=contract)
    form = PrintRunForm(request.POST or None, instance=run, contract=contract)
    if request.method == "POST" and form.is_valid():
        try:
            run = services.print_run_save(actor=request.user, run=form.save(commit=False))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"印刷「{run}」を保存しました")
            return redirect("publicity:print_run", pk=run.pk)
    return render(
        request,
        "publicity/form.html",
        {
            "form": form,
            "title": "印刷の編集" if pk else "印刷の登録",
            "intro": "校了した制作物の、承認された版を印刷します。",
            "back": "publicity:print_runs",
            "tab": "print",
        },
    )


def _render_run(
    request: HttpRequest, run: PrintRun, status: int = 200, **forms: Any
) -> HttpResponse:
    manage = has_perm(request.user, MANAGE)
    contract = active_contract()
    shipments = list(shipment_list(run=run))
    context = {
        "run": run,
        "totals": print_run_totals(run=run),
        "destinations": run_destinations(run=run),
        "shipments": shipments,
        "usages": list(usage_list(run=run)),
        "manage": manage,
        "tab": "print",
        "facility_form": forms.get("facility_form")
        or (FacilityLineForm(contract=contract, prefix="facility") if manage else None),
        "shipment_form": forms.get("shipment_form")
        or (ShipmentForm(run=run, prefix="shipment") if manage else None),
        "usage_form": forms.get("usage_form") or (UsageForm(prefix="usage") if manage else None),
        "receipt_form": ReceiptForm() if manage else None,
    }
    return render(request, "publicity/print_detail.html", context, status=status)


@require_safe
@require_perm(READ)
def print_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_run(request, _run(pk))


@require_perm(MANAGE)
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(pk)
    towns = list(municipality_list(contract=active_contract()))
    current = {
        d.line.municipality_id: d.line.quantity
        for d in run_destinations(run=run)
        if d.line.municipality_id
    }
    form = PlanForm(request.POST or None, municipalities=towns, current=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.distribution_plan_set(
                actor=request.user, run=run, quantities=form.quantities()
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, "市町村への配布計画を保存しました")
            return redirect("publicity:print_run", pk=run.pk)
    return render(
        request,
        "publicity/plan_form.html",
        {"run": run, "form": form, "totals": print_run_totals(run=run), "tab": "print"},
    )


@require_POST
@require_perm(MANAGE)
def plan_facility(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(pk)
    form = FacilityLineForm(request.POST, contract=active_contract(), prefix="facility")
    if form.is_valid():
        try:
            services.distribution_line_set_facility(
                actor=request.user,
                run=run,
                facility=form.cleaned_data["facility"],
                quantity=form.cleaned_data["quantity"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{form.cleaned_data['facility']}への配布計画を保存しました")
            return redirect("publicity:print_run", pk=run.pk)
    return _render_run(request, run, status=422, facility_form=form)


@require_POST
@require_perm(MANAGE)
def shipment_new(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(pk)
    form = ShipmentForm(request.POST, run=run, prefix="shipment")
    if form.is_valid():
        try:
            services.shipment_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, f"{form.cleaned_data['line'].destination_name}への発送を記録しました"
            )
            return redirect("publicity:print_run", pk=run.pk)
    return _render_run(request, run, status=422, shipment_form=form)


@require_POST
@require_perm(MANAGE)
def receipt_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    contract = active_contract()
    shipment = get_object_or_404(Shipment.objects.filter(line__contract=contract), pk=pk)
    form = ReceiptForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("受領日を正しく入れてください")
        services.shipment_receipt_confirm(
            actor=request.user,
            shipment=shipment,
            received_on=form.cleaned_data["received_on"],
            received_quantity=form.cleaned_data["received_quantity"],
            note=form.cleaned_data["note"],
        )
    except ValidationError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, "受領を確認しました")
    return redirect("publicity:print_run", pk=shipment.line.print_run_id)


@require_POST
@require_perm(MANAGE)
def usage_new(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(pk)
    form = UsageForm(request.POST, prefix="usage")
    if form.is_valid():
        try:
            services.event_usage_record(actor=request.user, run=run, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "イベントでの使用を記録しました")
            return redirect("publicity:print_run", pk=run.pk)
    return _render_run(request, run, status=422, usage_form=form)


@require_safe
@require_perm(READ)
def distribution(request: HttpRequest) -> HttpResponse:
    contract = active_contract()
    runs = list(print_run_list(contract=contract))
    selected = next((r for r in runs if str(r.pk) == request.GET.get("run", "")), None)
    regions = distribution_by_region(contract=contract, run=selected)
    totals = {
        "planned": sum(r.planned for r in regions),
        "shipped": sum(r.shipped for r in regions),
        "received": sum(r.received for r in regions),
    }
    return render(
        request,
        "publicity/distribution.html",
        {
            "runs": runs,
            "selected": selected,
            "regions": regions,
            "totals": totals,
            "facilities": distribution_by_facility(contract=contract, run=selected),
            "tab": "distribution",
        },
    )


@require_safe
@require_perm(READ)
def facility_index(request: HttpRequest) -> HttpResponse:
    contract = active_contract()
    towns = list(municipality_list(contract=contract))
    town = next((m for m in towns if str(m.pk) == request.GET.get("municipality", "")), None)
    query = request.GET.get("q", "")
    page = Paginator(
        facility_list(contract=contract, municipality=town, query=query), 100
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "publicity/facility_list.html",
        {"page": page, "towns": towns, "town": town, "q": query, "tab": "facilities"},
    )


@require_perm(MANAGE)
def facility_import(request: HttpRequest) -> HttpResponse:
    form = FacilityImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > facility_csv.MAX_BYTES:
                raise ValidationError(
                    f"ファイルが大きすぎます（上限 {facility_csv.MAX_BYTES // (1024 * 1024)} MB）"
                )
            result = services.facilities_import(
                actor=request.user,
                contract=active_contract(),
                data=upload.read(),
                filename=upload.name,
            )
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(
                request,
                f"{result.total:,}施設を取り込みました（新規 {result.created:,}件・更新 {result.updated:,}件・"
                f"変更なし {result.unchanged:,}件）",
            )
            return redirect("publicity:facilities")
    return render(
        request,
        "publicity/facility_import.html",
        {"form": form, "errors": errors, "tab": "facilities"},
        status=422 if errors else 200,
    )
