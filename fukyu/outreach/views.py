"""Outreach screens: the planning board, events, the checklist, photos, the report and the
dashboard. The on-site tally page and its service worker are in `tally_views.py`."""

from __future__ import annotations

import datetime as dt
import mimetypes
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from fukyu.accounts.permissions import has_perm, require_perm
from fukyu.core import clock
from fukyu.core.forms import add_service_errors
from fukyu.core.http import download
from fukyu.core.models import Contract
from fukyu.core.selectors import active_contract
from fukyu.outreach import charts
from fukyu.outreach.forms import (
    EventFilterForm,
    EventForm,
    MaterialFormSet,
    PhotoForm,
    StatusForm,
)
from fukyu.outreach.kpi import by_age_group, by_event, by_os, campaign_kpi, cumulative_installs
from fukyu.outreach.models import CHECKLIST_FIELDS, Event, EventPhoto
from fukyu.outreach.report import event_report_pdf
from fukyu.outreach.selectors import (
    checklist,
    checklist_overdue,
    event_list,
    event_with_staff,
    month_calendar,
    photo_get,
    region_board,
    upcoming_events,
)
from fukyu.outreach.services import (
    MaterialData,
    VenueData,
    event_checklist_set,
    event_create,
    event_materials_replace,
    event_photo_add,
    event_photo_delete,
    event_update,
    venue_upsert,
)


def _month(request: HttpRequest, contract: Contract, today: dt.date) -> dt.date:
    cfg = contract.settings
    raw = request.GET.get("month", "")
    try:
        return dt.date.fromisoformat(f"{raw}-01")
    except ValueError:
        pass
    if cfg.campaign_starts_on <= today <= cfg.campaign_ends_on:
        return today.replace(day=1)
    return cfg.campaign_starts_on.replace(day=1)


def _shift(month: dt.date, delta: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + delta
    return dt.date(index // 12, index % 12 + 1, 1)


@require_perm("outreach_read")
def board(request: HttpRequest) -> HttpResponse:
    """The planning board: a month calendar, the 7 regions and the coming checklists."""
    contract = active_contract()
    today = clock.today()
    month = _month(request, contract, today)
    regions = region_board(contract=contract)
    upcoming = upcoming_events(contract=contract, today=today, limit=10)
    return render(
        request,
        "outreach/board.html",
        {
            "cfg": contract.settings,
            "today": today,
            "month": month,
            "prev_month": _shift(month, -1),
            "next_month": _shift(month, 1),
            "weeks": month_calendar(contract=contract, year=month.year, month=month.month),
            "regions": regions,
            "lacking": [r for r in regions if r.lacking],
            "upcoming": [(e, checklist(event=e, today=today)) for e in upcoming],
            "can_manage": has_perm(request.user, "outreach_manage"),
        },
    )


@require_perm("outreach_read")
def event_index(request: HttpRequest) -> HttpResponse:
    contract = active_contract()
    today = clock.today()
    form = EventFilterForm(request.GET or None, contract=contract)
    region = status = None
    if form.is_valid():
        region, status = form.cleaned_data["region"], form.cleaned_data["status"] or None
    events = list(event_list(contract=contract, region=region, status=status))
    rows = [(e, checklist_overdue(event=e, today=today)) for e in events]
    return render(
        request,
        "outreach/event_list.html",
        {"form": form, "rows": rows, "can_manage": has_perm(request.user, "outreach_manage")},
    )


def _save_event(request: HttpRequest, form: EventForm, event: Event | None) -> Event | None:
    contract = active_contract()
    data = form.cleaned_data
    venue_data = VenueData(
        name=data["venue_name"],
        address=data["venue_address"],
        kind=data["venue_kind"],
        latitude=data["latitude"],
        longitude=data["longitude"],
    )
    try:
        with transaction.atomic():
            venue = venue_upsert(actor=request.user, contract=contract, data=venue_data)
            fields = {
                "title": data["title"],
                "region": data["region"],
                "municipality": data["municipality"],
                "venue": venue,
                "starts_at": data["starts_at"],
                "ends_at": data["ends_at"],
                "status": data["status"],
            }
            if event is None:
                return event_create(
                    actor=request.user,
                    contract=contract,
                    staff=list(data["staff"]),
                    details=form.details(),
                    **fields,
                )
            return event_update(
                actor=request.user,
                event=event,
                changes={**fields, **form.details()},
                staff=list(data["staff"]),
            )
    except ValidationError as exc:
        add_service_errors(form, exc, aliases=form.ERROR_FIELDS)
        return None


def _after_save(request: HttpRequest, event: Event, verb: str) -> HttpResponse:
    messages.success(request, f"イベント「{event.title}」を{verb}しました")
    for warning in event.warnings:
        messages.warning(request, warning)
    return redirect("outreach:event_detail", pk=event.pk)


@require_perm("outreach_manage")
def event_new(request: HttpRequest) -> HttpResponse:
    contract = active_contract()
    form = EventForm(request.POST or None, contract=contract)
    if request.method == "POST" and form.is_valid():
        event = _save_event(request, form, None)
        if event is not None:
            return _after_save(request, event, "登録")
    return render(request, "outreach/event_form.html", {"form": form, "title": "イベントを登録"})


@require_perm("outreach_manage")
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contract = active_contract()
    event = get_object_or_404(event_with_staff(contract=contract), pk=pk)
    form = EventForm(request.POST or None, contract=contract, initial=EventForm.initial_for(event))
    if request.method == "POST" and form.is_valid():
        saved = _save_event(request, form, event)
        if saved is not None:
            return _after_save(request, saved, "更新")
    return render(
        request,
        "outreach/event_form.html",
        {"form": form, "title": f"「{event.title}」を編集", "event": event},
    )


@require_perm("outreach_read")
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contract = active_contract()
    event = get_object_or_404(event_with_staff(contract=contract), pk=pk)
    today = clock.today()
    return render(
        request,
        "outreach/event_detail.html",
        {
            "event": event,
            "checklist": checklist(event=event, today=today),
            "status_form": StatusForm(initial={"status": event.status}),
            "photo_form": PhotoForm(),
            "can_manage": has_perm(request.user, "outreach_manage"),
            "today": today,
        },
    )


def _manageable(pk: int) -> Event:
    return get_object_or_404(Event, pk=pk, contract=active_contract())


@require_POST
@require_perm("outreach_manage")
def event_status(request: HttpRequest, pk: int) -> HttpResponse:
    event = _manageable(pk)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, "状態を選んでください")
        return redirect("outreach:event_detail", pk=pk)
    try:
        event = event_update(
            actor=request.user, event=event, changes={"status": form.cleaned_data["status"]}
        )
    except ValidationError as exc:
        messages.error(request, "、".join(exc.messages))
    else:
        messages.success(request, f"状態を「{event.get_status_display()}」にしました")
    return redirect("outreach:event_detail", pk=pk)


@require_POST
@require_perm("outreach_manage")
def event_checklist(request: HttpRequest, pk: int) -> HttpResponse:
    event = _manageable(pk)
    item = request.POST.get("item", "")
    if item not in CHECKLIST_FIELDS:
        messages.error(request, "チェックリストにない項目です")
    else:
        event_checklist_set(
            actor=request.user, event=event, item=item, done=request.POST.get("done") == "1"
        )
    target = request.POST.get("next", "")
    if target == "board":
        return redirect("outreach:board")
    return redirect("outreach:event_detail", pk=pk)


@require_perm("outreach_manage")
def event_materials(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(
        Event.objects.prefetch_related("materials"), pk=pk, contract=active_contract()
    )
    initial = [
        {"name": m.name, "brought": m.brought, "handed_out": m.handed_out}
        for m in event.materials.all()
    ]
    formset = MaterialFormSet(request.POST or None, initial=initial, prefix="m")
    if request.method == "POST" and formset.is_valid():
        items = [
            MaterialData(f["name"], f.get("brought") or 0, f.get("handed_out") or 0)
            for f in formset.cleaned_data
            if f.get("name")
        ]
        try:
            event_materials_replace(actor=request.user, event=event, items=items)
        except ValidationError as exc:
            messages.error(request, "、".join(exc.messages))
        else:
            messages.success(request, "持参資材を保存しました")
            return redirect("outreach:event_detail", pk=pk)
    return render(request, "outreach/materials_form.html", {"event": event, "formset": formset})


@require_POST
@require_perm("outreach_manage")
def photo_upload(request: HttpRequest, pk: int) -> HttpResponse:
    event = _manageable(pk)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            event_photo_add(
                actor=request.user,
                event=event,
                upload=form.cleaned_data["image"],
                caption=form.cleaned_data["caption"],
            )
        except ValidationError as exc:
            messages.error(request, "、".join(exc.messages))
        else:
            messages.success(request, "写真を登録しました（位置情報などの撮影データは削除済み）")
    else:
        messages.error(request, "写真のファイルを選んでください")
    return redirect("outreach:event_detail", pk=pk)


@require_perm("outreach_read")
def photo_file(request: HttpRequest, pk: int, photo_pk: int) -> HttpResponse:
    try:
        photo = photo_get(contract=active_contract(), event_pk=pk, photo_pk=photo_pk)
    except EventPhoto.DoesNotExist:
        raise Http404("写真が見つかりません") from None
    name = photo.image.name or ""
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    with photo.image.open("rb") as handle:
        response = HttpResponse(handle.read(), content_type=content_type)
    response["Cache-Control"] = "private, max-age=3600"
    return response


@require_POST
@require_perm("outreach_manage")
def photo_delete(request: HttpRequest, pk: int, photo_pk: int) -> HttpResponse:
    try:
        photo = photo_get(contract=active_contract(), event_pk=pk, photo_pk=photo_pk)
    except EventPhoto.DoesNotExist:
        raise Http404("写真が見つかりません") from None
    event_photo_delete(actor=request.user, photo=photo)
    messages.success(request, "写真を削除しました")
    return redirect("outreach:event_detail", pk=pk)


@require_perm("outreach_read")
def event_report(request: HttpRequest, pk: int) -> HttpResponse:
    contract = active_contract()
    event = get_object_or_404(event_with_staff(contract=contract), pk=pk)
    pdf = event_report_pdf(event=event, today=clock.today())
    return download(pdf, f"event-report-{event.pk}.pdf", "application/pdf", inline=True)


@require_perm("outreach_read")
def dashboard(request: HttpRequest) -> HttpResponse:
    contract = active_contract()
    today = clock.today()
    kpi = campaign_kpi(contract=contract, today=today)
    cumulative = cumulative_installs(contract=contract, today=today)
    events = by_event(contract=contract)
    ages, systems = by_age_group(contract=contract), by_os(contract=contract)
    context: dict[str, Any] = {
        "kpi": kpi,
        "cfg": contract.settings,
        "today": today,
        "cumulative": cumulative,
        "events": events,
        "ages": ages,
        "systems": systems,
        "chart_cumulative": charts.cumulative_chart(
            points=cumulative, kpi=kpi, cfg=contract.settings
        ),
        "chart_regions": charts.region_chart(rows=kpi.regions),
        "chart_events": charts.event_chart(bars=events),
        "chart_ages": charts.breakdown_chart(rows=ages, title="年代別の人数"),
        "chart_os": charts.breakdown_chart(rows=systems, title="端末のOS別の人数"),
    }
    return render(request, "outreach/dashboard.html", context)
