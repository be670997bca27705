"""The staffing pages: the plan with its charts, settings and peak days, the XLSX export,
the simulation and actual-against-forecast."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from fukyu.accounts.permissions import has_perm, require_perm
from fukyu.core import clock
from fukyu.core.http import download
from fukyu.core.selectors import active_contract
from fukyu.staffing import pagecharts
from fukyu.staffing.actuals import actuals_report
from fukyu.staffing.compare import compare_day
from fukyu.staffing.formatting import month_label, parameter_items
from fukyu.staffing.forms import DayForm, PeakDayForm, SimulationForm, StaffingSettingsForm
from fukyu.staffing.models import PeakDay, interval_labels
from fukyu.staffing.plan import DEFAULT_INTRADAY_CURVE_SOURCE
from fukyu.staffing.planning import ContractPlan, PlanUnavailableError, contract_plan
from fukyu.staffing.selectors import peak_day_list
from fukyu.staffing.services import (
    peak_day_delete,
    peak_day_save,
    staffing_settings_ensure,
    staffing_settings_update,
)
from fukyu.staffing.xlsx import plan_workbook

EDIT_PERMS = ("callcenter_manage", "settings_manage")


def _unavailable(request: HttpRequest, exc: PlanUnavailableError) -> HttpResponse:
    return render(
        request,
        "staffing/unavailable.html",
        {"message": str(exc), "can_edit": any(has_perm(request.user, p) for p in EDIT_PERMS)},
    )


def _default_day(days: list[dt.date], today: dt.date) -> dt.date | None:
    """The first open day from ``today`` on, or the last one when the season is over."""
    if not days:
        return None
    return next((d for d in days if d >= today), days[-1])


def _pick_day(
    request: HttpRequest, days: list[dt.date], default: dt.date | None
) -> tuple[dt.date | None, str]:
    """The day asked for in ``?date=`` if it is one of ``days``; else ``default``, with why."""
    if "date" not in request.GET:
        return default, ""
    form = DayForm(request.GET)
    if not form.is_valid():
        return default, "日付は YYYY-MM-DD 形式で指定してください"
    wanted: dt.date = form.cleaned_data["date"]
    if wanted in days:
        return wanted, ""
    near = _default_day(days, wanted)
    return near, f"{wanted:%Y-%m-%d} はこの表示の対象日ではありません（開設日でないか範囲外です）"


def _neighbours(days: list[dt.date], day: dt.date) -> tuple[dt.date | None, dt.date | None]:
    i = days.index(day)
    return (days[i - 1] if i > 0 else None, days[i + 1] if i + 1 < len(days) else None)


@require_perm("staffing_read")
def index(request: HttpRequest) -> HttpResponse:
    contract = active_contract()
    try:
        result = contract_plan(contract=contract)
    except PlanUnavailableError as exc:
        return _unavailable(request, exc)
    days = [d.date for d in result.plan.days]
    day, date_error = _pick_day(request, days, _default_day(days, clock.today()))
    context: dict[str, Any] = {
        "result": result,
        "months": [(month_label(m.month), m) for m in result.plan.months],
        "params": parameter_items(result.inputs),
        "peaks": result.peaks,
        "date_error": date_error,
        "can_edit": any(has_perm(request.user, p) for p in EDIT_PERMS),
        "can_export": has_perm(request.user, "data_export"),
        "season_headcount_chart": pagecharts.season_headcount(result),
        "season_lines_chart": pagecharts.season_lines(result),
    }
    if day is not None:
        ivs = result.intervals_by_date[day]
        prev_day, next_day = _neighbours(days, day)
        context.update(
            day=day,
            day_plan=result.days_by_date[day],
            day_rows=list(zip(result.interval_labels, ivs, strict=True)),
            day_chart=pagecharts.day_agents(result, day),
            prev_day=prev_day,
            next_day=next_day,
            first_day=days[0],
            last_day=days[-1],
        )
    return render(request, "staffing/index.html", context)


@require_perm(*EDIT_PERMS)
def settings_edit(request: HttpRequest) -> HttpResponse:
    contract = active_contract()
    settings = staffing_settings_ensure(contract=contract)
    labels = interval_labels(contract.settings)
    form = StaffingSettingsForm(
        request.POST or None,
        instance=settings,
        interval_labels=labels,
        use_defaults=request.GET.get("defaults") == "1",
    )
    if request.method == "POST" and form.is_valid():
        try:
            staffing_settings_update(actor=request.user, settings=form.save(commit=False))
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, "人員計画の設定を保存しました。計画に反映されています")
            return redirect("staffing:settings")
    return render(
        request,
        "staffing/settings.html",
        {
            "form": form,
            "settings": settings,
            "peaks": list(peak_day_list(contract=contract)),
            "curve_source": DEFAULT_INTRADAY_CURVE_SOURCE,
            "hours": (contract.settings.center_opens_at, contract.settings.center_closes_at),
            "defaults_loaded": request.GET.get("defaults") == "1" and request.method != "POST",
        },
    )


@require_perm(*EDIT_PERMS)
def peak_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    contract = active_contract()
    instance = (
        get_object_or_404(PeakDay, pk=pk, contract=contract) if pk else PeakDay(contract=contract)
    )
    form = PeakDayForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            peak = peak_day_save(actor=request.user, peak=form.save(commit=False))
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(
                request, f"繁忙日 {peak.date:%Y-%m-%d}（×{peak.multiplier:g}）を保存しました"
            )
            return redirect("staffing:settings")
    return render(request, "staffing/peak_form.html", {"form": form, "peak": instance})


@require_perm(*EDIT_PERMS)
@require_POST
def peak_delete(request: HttpRequest, pk: int) -> HttpResponse:
    peak = get_object_or_404(PeakDay, pk=pk, contract=active_contract())
    label = f"{peak.date:%Y-%m-%d}"
    peak_day_delete(actor=request.user, peak=peak)
    messages.success(request, f"繁忙日 {label} を削除しました")
    return redirect("staffing:settings")


@require_perm("data_export")
def export_xlsx(request: HttpRequest) -> HttpResponse:
    contract = active_contract()
    try:
        result = contract_plan(contract=contract)
    except PlanUnavailableError as exc:
        return _unavailable(request, exc)
    return download(plan_workbook(result), f"人員計画_{contract.code}.xlsx")


@require_perm("staffing_read")
def simulate(request: HttpRequest) -> HttpResponse:
    contract = active_contract()
    try:
        result = contract_plan(contract=contract)
    except PlanUnavailableError as exc:
        return _unavailable(request, exc)
    days = [d.date for d in result.plan.days]
    initial: dict[str, Any] = {
        name: field.initial for name, field in SimulationForm.base_fields.items()
    }
    initial["date"] = _default_day(days, clock.today())
    context: dict[str, Any] = {
        "result": result,
        "first_day": days[0] if days else None,
        "last_day": days[-1] if days else None,
    }
    data: dict[str, Any] | None = initial if days else None
    bounds = {"first_day": context["first_day"], "last_day": context["last_day"]}
    if request.GET:
        form = SimulationForm(request.GET, **bounds)
        data = form.cleaned_data if form.is_valid() else None
    else:
        form = SimulationForm(initial=initial, **bounds)
    context["form"] = form
    if data is not None:
        day = data["date"]
        if day not in result.intervals_by_date:
            form.add_error("date", "この日はコールセンターの開設日ではありません")
        else:
            comparison = compare_day(
                result.intervals_by_date[day],
                inputs=result.inputs,
                handle_time=data["handle_time"],
                cv=float(data["cv"]),
                with_patience=data["patience"] == "settings",
                replications=int(data["replications"]),
                seed=int(data["seed"]),
            )
            context.update(
                day=day,
                comparison=comparison,
                rows=list(zip(result.interval_labels, comparison.intervals, strict=True)),
                chart=pagecharts.simulation_service_level(result, comparison),
                lognormal=data["handle_time"] == "lognormal",
                cv=data["cv"],
                with_patience=data["patience"] == "settings",
            )
    return render(request, "staffing/simulate.html", context)


def _pick_month(request: HttpRequest, result: ContractPlan, today: dt.date) -> str:
    months = [m.month for m in result.plan.months]
    wanted = request.GET.get("month", "")
    if not wanted and "date" in request.GET:
        form = DayForm(request.GET)
        if form.is_valid():
            wanted = f"{form.cleaned_data['date']:%Y-%m}"
    if wanted in months:
        return wanted
    current = f"{today.year:04d}-{today.month:02d}"
    if current in months:
        return current
    return months[0] if current < months[0] else months[-1]


def _curve_rows(
    result: ContractPlan, observed: list[float] | None
) -> list[tuple[str, float, float]]:
    if observed is None:
        return []
    curve = list(result.inputs.intraday_curve)
    total = sum(curve)
    return [
        (label, 100.0 * w / total, o)
        for label, w, o in zip(result.interval_labels, curve, observed, strict=True)
    ]


@require_perm("staffing_read")
def actuals(request: HttpRequest) -> HttpResponse:
    contract = active_contract()
    try:
        result = contract_plan(contract=contract)
    except PlanUnavailableError as exc:
        return _unavailable(request, exc)
    today = clock.today()
    report = actuals_report(result=result, today=today)
    if not result.plan.months:
        return render(request, "staffing/actuals.html", {"report": report, "result": result})
    month = _pick_month(request, result, today)
    month_days = [d for d in report.days if f"{d.date:%Y-%m}" == month]
    with_data = [d.date for d in month_days if d.date in report.by_interval]
    completed = [d for d in with_data if d < today]
    default = completed[-1] if completed else (with_data[-1] if with_data else None)
    day, date_error = _pick_day(request, with_data, default)
    context: dict[str, Any] = {
        "result": result,
        "report": report,
        "month": month,
        "month_label": month_label(month),
        "month_choices": [(m.month, month_label(m.month)) for m in result.plan.months],
        "month_days": month_days,
        "month_chart": pagecharts.month_actuals(report, month_days, month),
        "day": day,
        "date_error": date_error,
        "today": today,
        "reforecast": [(month_label(m.month), m) for m in report.months],
        "curve_rows": _curve_rows(result, report.observed_curve),
    }
    if day is not None:
        context["day_rows"] = list(
            zip(result.interval_labels, report.by_interval[day], strict=True)
        )
        context["day_actual"] = report.day(day)
        context["day_chart"] = pagecharts.day_actuals(result, report, day)
    return render(request, "staffing/actuals.html", context)
