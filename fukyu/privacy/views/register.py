"""Screens of the register: work locations, training, procedures, subcontracting, inspections
and instructions. Reading needs privacy_read; the contractor's entries privacy_manage; the
client's decisions the client's permission (see perms.py)."""

from __future__ import annotations

from pathlib import PurePath

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe

from fukyu.accounts.permissions import has_perm, require_perm
from fukyu.core import clock
from fukyu.core.forms import add_service_errors
from fukyu.core.selectors import active_contract
from fukyu.privacy import register_services as svc
from fukyu.privacy.forms import (
    AttendanceForm,
    DecisionForm,
    InspectionForm,
    InspectionResponseForm,
    InstructionForm,
    ProcedureForm,
    ResponseForm,
    SubcontractForm,
    TrainingForm,
    WorkLocationForm,
)
from fukyu.privacy.models import Decision
from fukyu.privacy.perms import CLIENT_DECISION_PERM, may_decide
from fukyu.privacy.roster import pi_staff, roster_available
from fukyu.privacy.selectors import (
    inspection_list,
    instruction_list,
    location_list,
    procedure_list,
    staff_training_status,
    subcontract_list,
    training_list,
)
from fukyu.privacy.views.common import attachment, cleaned, form_page


@require_safe
@require_perm("privacy_read")
def location_index(request: HttpRequest) -> HttpResponse:
    contract = active_contract()
    return render(
        request,
        "privacy/location_list.html",
        {"locations": location_list(contract=contract), "today": clock.today()},
    )


@require_perm("privacy_manage")
def location_new(request: HttpRequest) -> HttpResponse:
    contract = active_contract()
    current = location_list(contract=contract).filter(ends_on__isnull=True)
    form = WorkLocationForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        try:
            location = svc.work_location_notify(
                actor=request.user,
                contract=contract,
                **cleaned(
                    form,
                    "name",
                    "address",
                    "handling",
                    "safeguards",
                    "effective_from",
                    "replaces",
                    "change_reason",
                ),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"作業場所「{location}」を発注者に報告しました")
            return redirect("privacy:locations")
    return form_page(
        request,
        form,
        title="作業場所の報告（新設・変更）",
        intro="作業場所は使用を始める前に、変更は変更日より前に発注者へ報告します（特記事項 第4）。"
        "登録した時点が報告日時として記録され、発注者の画面に表示されます。",
        submit="報告する",
        back="privacy:locations",
    )


@require_safe
@require_perm("privacy_read")
def training_index(request: HttpRequest) -> HttpResponse:
    contract = active_contract()
    status = staff_training_status(contract=contract)
    return render(
        request,
        "privacy/training_list.html",
        {
            "sessions": training_list(contract=contract),
            "status": status,
            "untrained": [s for s in status if s.last_trained_on is None],
            "roster_available": roster_available(),
        },
    )


@require_perm("privacy_manage")
def training_new(request: HttpRequest) -> HttpResponse:
    form = TrainingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            session = svc.training_record(
                actor=request.user, contract=active_contract(), **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "研修を記録しました。受講者を登録してください")
            return redirect("privacy:training", pk=session.pk)
    return form_page(
        request,
        form,
        title="研修の記録",
        intro="在職中・退職後の守秘義務、特記事項で守るべき事項などの教育・研修を記録します（第9）。",
        back="privacy:trainings",
    )


@require_perm("privacy_read")
def training_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contract = active_contract()
    session = get_object_or_404(training_list(contract=contract), pk=pk)
    choices = [(p.key, f"{p.name}（{p.pi_role}）") for p in pi_staff(contract=contract)]
    attending = list(session.attendances.values_list("staff_key", flat=True))
    form = AttendanceForm(request.POST or None, choices=choices, initial={"staff": attending})
    if request.method == "POST":
        if not has_perm(request.user, "privacy_manage"):
            raise PermissionDenied("受講者を登録する権限がありません")
        if form.is_valid():
            try:
                svc.training_attendance_set(
                    actor=request.user, session=session, staff_keys=form.cleaned_data["staff"]
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "受講者を記録しました")
                return redirect("privacy:training", pk=session.pk)
    return render(
        request,
        "privacy/training_detail.html",
        {
            "session": session,
            "attendances": session.attendances.all(),
            "form": form if has_perm(request.user, "privacy_manage") else None,
        },
    )


@require_safe
@require_perm("privacy_read")
def procedure_index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "privacy/procedure_list.html",
        {"procedures": procedure_list(contract=active_contract()), "today": clock.today()},
    )


@require_perm("privacy_manage")
def procedure_new(request: HttpRequest) -> HttpResponse:
    form = ProcedureForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            doc = svc.procedure_upload(
                actor=request.user, contract=active_contract(), **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"「{doc}」を登録しました")
            return redirect("privacy:procedures")
    return form_page(
        request,
        form,
        title="取扱要領等の登録（新しい版）",
        intro="個人情報の取扱要領等を作成・改訂したら、新しい版として登録します（第16）。"
        "古い版も履歴として残ります。",
        back="privacy:procedures",
    )


@require_safe
@require_perm("privacy_read")
def procedure_file(request: HttpRequest, pk: int) -> HttpResponse:
    doc = get_object_or_404(procedure_list(contract=active_contract()), pk=pk)
    suffix = PurePath(doc.original_name).suffix
    with doc.file.open("rb") as fh:
        return attachment(fh.read(), f"procedure-{doc.pk}-v{doc.version}{suffix}")


@require_safe
@require_perm("privacy_read")
def subcontract_index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "privacy/subcontract_list.html",
        {"requests": subcontract_list(contract=active_contract())},
    )


@require_perm("privacy_manage")
def subcontract_new(request: HttpRequest) -> HttpResponse:
    form = SubcontractForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = svc.subcontract_request(
                actor=request.user, contract=active_contract(), **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{item}を協議しました。発注者の承諾を待っています")
            return redirect("privacy:subcontract", pk=item.pk)
    return form_page(
        request,
        form,
        title="再委託の協議",
        intro="個人情報の取扱いを第三者に委託するには、着手前に次の事項を明らかにして発注者の"
        "書面による承諾を得ます（特記事項 第13）。",
        submit="協議する",
        back="privacy:subcontracts",
    )


@require_perm("privacy_read")
def subcontract_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(subcontract_list(contract=active_contract()), pk=pk)
    form = DecisionForm(request.POST or None)
    if request.method == "POST":
        if not may_decide(request.user):
            raise PermissionDenied("再委託の承諾は発注者が行います")
        if form.is_valid():
            try:
                svc.subcontract_decide(
                    actor=request.user,
                    request=item,
                    approve=form.cleaned_data["decision"] == "approve",
                    note=form.cleaned_data["note"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "判断を記録しました")
                return redirect("privacy:subcontract", pk=item.pk)
    decidable = item.status == Decision.REQUESTED and may_decide(request.user)
    return render(
        request,
        "privacy/subcontract_detail.html",
        {"item": item, "form": form if decidable else None},
    )


@require_safe
@require_perm("privacy_read")
def inspection_index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "privacy/inspection_list.html",
        {"inspections": inspection_list(contract=active_contract())},
    )


@require_perm("privacy_manage")
def inspection_new(request: HttpRequest) -> HttpResponse:
    form = InspectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            svc.inspection_record(
                actor=request.user, contract=active_contract(), **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "実地調査を記録しました")
            return redirect("privacy:inspections")
    return form_page(
        request,
        form,
        title="実地調査の記録",
        intro="発注者による実地調査（特記事項 第14）の日付・範囲・指摘事項を記録します。",
        back="privacy:inspections",
    )


@require_perm("privacy_read")
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_object_or_404(inspection_list(contract=active_contract()), pk=pk)
    form = InspectionResponseForm(request.POST or None)
    if request.method == "POST":
        if not has_perm(request.user, "privacy_manage"):
            raise PermissionDenied("対応を記録する権限がありません")
        if form.is_valid():
            try:
                svc.inspection_respond(
                    actor=request.user, inspection=inspection, **form.cleaned_data
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "対応を記録しました")
                return redirect("privacy:inspection", pk=inspection.pk)
    can = has_perm(request.user, "privacy_manage")
    return render(
        request,
        "privacy/inspection_detail.html",
        {"inspection": inspection, "form": form if can else None},
    )


@require_safe
@require_perm("privacy_read")
def instruction_index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "privacy/instruction_list.html",
        {
            "instructions": instruction_list(contract=active_contract()),
            "can_issue": may_decide(request.user) or has_perm(request.user, "privacy_manage"),
        },
    )


@require_perm("privacy_manage", CLIENT_DECISION_PERM)
def instruction_new(request: HttpRequest) -> HttpResponse:
    initial = {"issued_on": clock.today(), "issuer": str(request.user)}
    form = InstructionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            item = svc.instruction_record(
                actor=request.user, contract=active_contract(), **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{item.get_kind_display()}を記録しました")
            return redirect("privacy:instruction", pk=item.pk)
    return form_page(
        request,
        form,
        title="指示・報告の求めの記録",
        intro="発注者からの指示、報告・資料提出の求め（特記事項 第15）を記録します。"
        "書面で受けたものは個人情報管理責任者が登録します。",
        back="privacy:instructions",
    )


@require_perm("privacy_read")
def instruction_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(instruction_list(contract=active_contract()), pk=pk)
    form = ResponseForm(request.POST or None)
    if request.method == "POST":
        if not has_perm(request.user, "privacy_manage"):
            raise PermissionDenied("対応を記録する権限がありません")
        if form.is_valid():
            try:
                svc.instruction_respond(
                    actor=request.user, instruction=item, response=form.cleaned_data["response"]
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "対応・報告を記録しました")
                return redirect("privacy:instruction", pk=item.pk)
    can = has_perm(request.user, "privacy_manage")
    return render(
        request, "privacy/instruction_detail.html", {"item": item, "form": form if can else None}
    )
