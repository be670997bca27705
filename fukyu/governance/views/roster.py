"""The staff roster: the effective members, proposed changes, notices to the client, the 届."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from fukyu.accounts.permissions import has_perm, require_perm
from fukyu.core import clock
from fukyu.core.forms import add_service_errors
from fukyu.core.selectors import active_contract
from fukyu.governance.documents.builders import notice_document, roster_document
from fukyu.governance.forms import MemberForm, NoticeForm, RemoveForm
from fukyu.governance.models import RosterChange, RosterMember, RosterNotice
from fukyu.governance.selectors import (
    roster_after_notice,
    roster_change_list,
    roster_current,
    roster_notice_list,
)
from fukyu.governance.services import (
    MemberValues,
    StateConflictError,
    roster_change_apply,
    roster_change_cancel,
    roster_change_propose,
    roster_notice_acknowledge,
    roster_notice_record,
)
from fukyu.governance.views.common import CONFIRM, MANAGE, READ, attempt, document_response


@require_safe
@require_perm(*READ)
def roster_index(request: HttpRequest) -> HttpResponse:
    contract = active_contract()
    can_manage = has_perm(request.user, MANAGE)
    return render(
        request,
        "governance/roster.html",
        {
            "members": roster_current(contract=contract),
            "changes": roster_change_list(contract=contract, open_only=True) if can_manage else [],
            "notices": roster_notice_list(contract=contract).prefetch_related("changes"),
            "can_manage": can_manage,
            "can_confirm": has_perm(request.user, CONFIRM),
        },
    )


def _values(cd: dict[str, Any]) -> MemberValues:
    return MemberValues(
        name=cd["name"],
        organisation=cd["organisation"],
        role_title=cd["role_title"],
        duties=cd.get("duties", ""),
        is_pi_manager=bool(cd.get("is_pi_manager")),
        is_pi_handler=bool(cd.get("is_pi_handler")),
        user=cd.get("user"),
    )


def _propose(
    request: HttpRequest, form: Any, kind: str, member: RosterMember | None, title: str
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        try:
            change = roster_change_propose(
                actor=request.user,
                contract=active_contract(),
                kind=kind,
                member=member,
                values=_values(cd) if kind != RosterChange.Kind.REMOVE else None,
                reason=cd.get("reason", ""),
                planned_on=cd.get("planned_on"),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except StateConflictError as exc:
            messages.error(request, str(exc))
            return redirect("governance:roster")
        else:
            if change.requires_notice:
                messages.warning(
                    request,
                    f"{change}を起案しました。個人情報管理責任者・業務従事者に関わる変更のため、"
                    "発注者への事前報告を記録してから反映してください",
                )
            else:
                messages.success(request, f"{change}を起案しました。反映すると名簿に載ります")
            return redirect("governance:roster")
    return render(
        request,
        "governance/form.html",
        {"form": form, "title": title, "back_url": "governance:roster"},
    )


@require_perm(MANAGE)
def roster_add(request: HttpRequest) -> HttpResponse:
    form = MemberForm(request.POST or None)
    return _propose(request, form, RosterChange.Kind.ADD, None, "業務従事者の追加")


def _member(pk: int) -> RosterMember:
    return get_object_or_404(RosterMember, pk=pk, contract=active_contract(), is_current=True)


@require_perm(MANAGE)
def roster_member_change(request: HttpRequest, pk: int) -> HttpResponse:
    member = _member(pk)
    initial = {
        "name": member.name,
        "organisation": member.organisation,
        "role_title": member.role_title,
        "duties": member.duties,
        "is_pi_manager": member.is_pi_manager,
        "is_pi_handler": member.is_pi_handler,
        "user": member.user,
    }
    form = MemberForm(request.POST or None, initial=initial)
    return _propose(request, form, RosterChange.Kind.UPDATE, member, f"{member.name}さんの変更")


@require_perm(MANAGE)
def roster_member_remove(request: HttpRequest, pk: int) -> HttpResponse:
    member = _member(pk)
    form = RemoveForm(request.POST or None)
    return _propose(
        request, form, RosterChange.Kind.REMOVE, member, f"{member.name}さんを名簿から外す"
    )


def _change(pk: int) -> RosterChange:
    return get_object_or_404(RosterChange, pk=pk, contract=active_contract())


@require_POST
@require_perm(MANAGE)
def roster_change_apply_view(request: HttpRequest, pk: int) -> HttpResponse:
    change = _change(pk)
    attempt(
        request,
        lambda: roster_change_apply(actor=request.user, change=change),
        f"{change}を名簿に反映しました",
    )
    return redirect("governance:roster")


@require_POST
@require_perm(MANAGE)
def roster_change_cancel_view(request: HttpRequest, pk: int) -> HttpResponse:
    change = _change(pk)
    attempt(
        request,
        lambda: roster_change_cancel(actor=request.user, change=change),
        f"{change}を取り消しました",
    )
    return redirect("governance:roster")


@require_perm(MANAGE)
def roster_notice_new(request: HttpRequest) -> HttpResponse:
    contract = active_contract()
    pending = roster_change_list(contract=contract).filter(status=RosterChange.Status.PENDING)
    form = NoticeForm(
        request.POST or None,
        pending=pending,
        initial={
            "notified_on": clock.today(),
            "changes": list(pending),
            "method": RosterNotice.Method.DOCUMENT,
        },
    )
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        try:
            notice = roster_notice_record(
                actor=request.user,
                contract=contract,
                changes=list(cd["changes"]),
                notified_on=cd["notified_on"],
                method=cd["method"],
                note=cd.get("note", ""),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except StateConflictError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"{notice}の報告を記録しました。変更を反映できます")
            return redirect("governance:roster_notice", notice.pk)
    return render(
        request,
        "governance/notice_form.html",
        {"form": form, "pending": pending},
    )


def _notice(pk: int) -> RosterNotice:
    return get_object_or_404(
        roster_notice_list(contract=active_contract()).prefetch_related("changes"), pk=pk
    )


@require_safe
@require_perm(*READ)
def roster_notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    notice = _notice(pk)
    return render(
        request,
        "governance/notice_detail.html",
        {
            "notice": notice,
            "changes": notice.changes.select_related("member").all(),
            "can_confirm": has_perm(request.user, CONFIRM),
        },
    )


@require_POST
@require_perm(CONFIRM)
def roster_notice_acknowledge_view(request: HttpRequest, pk: int) -> HttpResponse:
    notice = _notice(pk)
    attempt(
        request,
        lambda: roster_notice_acknowledge(actor=request.user, notice=notice),
        f"{notice}の受領を確認しました",
    )
    return redirect("governance:roster_notice", notice.pk)


@require_safe
@require_perm(*READ)
def roster_export(request: HttpRequest, fmt: str) -> HttpResponse:
    contract = active_contract()
    doc = roster_document(
        contract=contract, members=list(roster_current(contract=contract)), day=clock.today()
    )
    return document_response(doc, "業務従事者等届", fmt)


@require_safe
@require_perm(*READ)
def roster_notice_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    notice = _notice(pk)
    doc = notice_document(
        notice=notice,
        changes=list(notice.changes.all()),
        roster=roster_after_notice(notice=notice),
    )
    return document_response(doc, f"{notice.get_kind_display()}_第{notice.number}号", fmt)
