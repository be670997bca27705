"""Meeting records: list, drafting, the client's confirmation, PDF, attachments, action items."""

from __future__ import annotations

import mimetypes
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from fukyu.accounts.permissions import has_perm, require_perm
from fukyu.core import clock
from fukyu.core.forms import add_service_errors
from fukyu.core.http import download
from fukyu.core.selectors import active_contract
from fukyu.governance.documents.builders import meeting_document
from fukyu.governance.forms import (
    ActionItemFormSet,
    ActionStatusForm,
    AttachmentForm,
    AttendeeFormSet,
    CommentForm,
    MeetingForm,
)
from fukyu.governance.models import ActionItem, Meeting, MeetingAttachment
from fukyu.governance.selectors import (
    action_item_list,
    meeting_detail_list,
    meeting_hash_matches,
    meeting_list,
)
from fukyu.governance.services import (
    ActionItemData,
    AttendeeData,
    MeetingData,
    StateConflictError,
    action_item_set_status,
    attachment_add,
    attachment_delete,
    meeting_confirm,
    meeting_correct,
    meeting_create,
    meeting_request_changes,
    meeting_submit,
    meeting_update,
    meeting_withdraw,
)
from fukyu.governance.views.common import CONFIRM, MANAGE, READ, attempt, document_response


def _meeting(request: HttpRequest, pk: int, *, detail: bool = False) -> Meeting:
    contract = active_contract()
    qs = (
        meeting_detail_list(contract=contract, user=request.user)
        if detail
        else meeting_list(contract=contract, user=request.user)
    )
    return get_object_or_404(qs, pk=pk)


@require_safe
@require_perm(*READ)
def meeting_index(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in Meeting.Status.values:
        status = ""
    meetings = meeting_list(contract=active_contract(), user=request.user, status=status)
    return render(
        request,
        "governance/meeting_list.html",
        {"meetings": meetings, "status": status, "statuses": Meeting.Status.choices},
    )


def _meeting_data(form: MeetingForm, attendees: Any, items: Any) -> MeetingData:
    cd = form.cleaned_data
    return MeetingData(
        title=cd["title"],
        held_at=cd["held_at"],
        ends_at=cd.get("ends_at"),
        place=cd.get("place", ""),
        is_online=bool(cd.get("is_online")),
        agenda=cd.get("agenda", ""),
        minutes=cd.get("minutes", ""),
        decisions=cd.get("decisions", ""),
        attendees=tuple(
            AttendeeData(
                name=f.cleaned_data["name"],
                side=f.cleaned_data["side"],
                organisation=f.cleaned_data.get("organisation", ""),
            )
            for f in attendees.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ),
        action_items=tuple(
            ActionItemData(
                description=f.cleaned_data["description"],
                owner=f.cleaned_data.get("owner", ""),
                due_on=f.cleaned_data.get("due_on"),
                status=f.cleaned_data.get("status") or ActionItem.Status.OPEN,
                id=f.cleaned_data.get("id"),
            )
            for f in items.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ),
    )


def _edit(request: HttpRequest, meeting: Meeting | None) -> HttpResponse:
    contract = active_contract()
    attendee_initial = (
        [
            {"side": a.side, "name": a.name, "organisation": a.organisation}
            for a in meeting.attendees.all()
        ]
        if meeting
        else []
    )
    item_initial = (
        [
            {
                "id": i.pk,
                "description": i.description,
                "owner": i.owner,
                "due_on": i.due_on,
                "status": i.status,
            }
            for i in meeting.action_items.all()
        ]
        if meeting
        else []
    )
    post = request.POST if request.method == "POST" else None
    form = MeetingForm(post, instance=meeting or Meeting(contract=contract))
    attendees = AttendeeFormSet(post, prefix="att", initial=attendee_initial)
    items = ActionItemFormSet(post, prefix="act", initial=item_initial)
    if post is not None and form.is_valid() and attendees.is_valid() and items.is_valid():
        data = _meeting_data(form, attendees, items)
        try:
            if meeting is None:
                saved = meeting_create(actor=request.user, contract=contract, data=data)
            else:
                saved = meeting_update(actor=request.user, meeting=meeting, data=data)
        except StateConflictError as exc:
            messages.error(request, str(exc))
            if meeting is None:
                return redirect("governance:meetings")
            return redirect("governance:meeting", meeting.pk)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{saved}を保存しました")
            return redirect("governance:meeting", saved.pk)
    return render(
        request,
        "governance/meeting_form.html",
        {"form": form, "attendees": attendees, "items": items, "meeting": meeting},
    )


@require_perm(MANAGE)
def meeting_new(request: HttpRequest) -> HttpResponse:
    return _edit(request, None)


@require_perm(MANAGE)
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, detail=True)
    if not meeting.is_editable:
        messages.error(
            request,
            "確認済みの記録は編集できません。訂正版を作成してください"
            if meeting.is_locked
            else "提出済みの記録は編集できません。提出を取り下げてから編集してください",
        )
        return redirect("governance:meeting", meeting.pk)
    return _edit(request, meeting)


@require_safe
@require_perm(*READ)
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, detail=True)
    return render(
        request,
        "governance/meeting_detail.html",
        {
            "meeting": meeting,
            "today": clock.today(),
            "comment_form": CommentForm(),
            "attachment_form": AttachmentForm(),
            "hash_ok": meeting_hash_matches(meeting) if meeting.is_locked else None,
            "can_manage": has_perm(request.user, MANAGE),
            "can_confirm": has_perm(request.user, CONFIRM),
            "status_choices": ActionStatusForm.base_fields["status"].choices,  # type: ignore[attr-defined]
        },
    )


@require_POST
@require_perm(MANAGE)
def meeting_submit_view(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    attempt(
        request,
        lambda: meeting_submit(actor=request.user, meeting=meeting),
        "発注者に提出しました。発注者の確認を待っています",
    )
    return redirect("governance:meeting", meeting.pk)


@require_POST
@require_perm(MANAGE)
def meeting_withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    attempt(
        request,
        lambda: meeting_withdraw(actor=request.user, meeting=meeting),
        "提出を取り下げました。編集できます",
    )
    return redirect("governance:meeting", meeting.pk)


@require_POST
@require_perm(MANAGE)
def meeting_correct_view(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    result: dict[str, Meeting] = {}

    def run() -> None:
        result["new"] = meeting_correct(actor=request.user, original=meeting)

    if attempt(request, run, "訂正版の記録を作成しました。内容を直して提出してください"):
        return redirect("governance:meeting_edit", result["new"].pk)
    return redirect("governance:meeting", meeting.pk)


@require_POST
@require_perm(CONFIRM)
def meeting_confirm_view(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    form = CommentForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    attempt(
        request,
        lambda: meeting_confirm(actor=request.user, meeting=meeting, comment=comment),
        "打合せ記録を確認しました。記録は確定し、以後は変更できません",
    )
    return redirect("governance:meeting", meeting.pk)


@require_POST
@require_perm(CONFIRM)
def meeting_request_changes_view(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    form = CommentForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    attempt(
        request,
        lambda: meeting_request_changes(actor=request.user, meeting=meeting, comment=comment),
        "受注者に修正を依頼しました",
    )
    return redirect("governance:meeting", meeting.pk)


@require_safe
@require_perm(*READ)
def meeting_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, detail=True)
    doc = meeting_document(meeting=meeting)
    return document_response(doc, f"打合せ記録簿_第{meeting.number}号", "pdf")


@require_POST
@require_perm(MANAGE)
def attachment_new(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "添付するファイルを選んでください")
    else:
        upload = form.cleaned_data["file"]
        attempt(
            request,
            lambda: attachment_add(actor=request.user, meeting=meeting, upload=upload),
            f"「{upload.name}」を添付しました",
        )
    return redirect("governance:meeting", meeting.pk)


def _attachment(request: HttpRequest, pk: int) -> MeetingAttachment:
    visible = meeting_list(contract=active_contract(), user=request.user)
    return get_object_or_404(
        MeetingAttachment.objects.select_related("meeting"), pk=pk, meeting__in=visible
    )


@require_safe
@require_perm(*READ)
def attachment_get(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = _attachment(request, pk)
    with attachment.file.open("rb") as fh:
        content = fh.read()
    kind = mimetypes.guess_type(attachment.name)[0] or "application/octet-stream"
    return download(content, attachment.name, kind)


@require_POST
@require_perm(MANAGE)
def attachment_remove(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = _attachment(request, pk)
    meeting_pk = attachment.meeting_id
    attempt(
        request,
        lambda: attachment_delete(actor=request.user, attachment=attachment),
        f"「{attachment.name}」を削除しました",
    )
    return redirect("governance:meeting", meeting_pk)


@require_safe
@require_perm(*READ)
def action_item_index(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "open")
    if status not in [*ActionItem.Status.values, "all"]:
        status = "open"
    overdue = request.GET.get("overdue") == "1"
    today = clock.today()
    items = action_item_list(
        contract=active_contract(),
        user=request.user,
        status="" if status == "all" else status,
        overdue_on=today if overdue else None,
    )
    return render(
        request,
        "governance/action_items.html",
        {
            "items": items,
            "status": status,
            "overdue": overdue,
            "today": today,
            "statuses": ActionItem.Status.choices,
            "status_choices": ActionStatusForm.base_fields["status"].choices,  # type: ignore[attr-defined]
            "can_manage": has_perm(request.user, MANAGE),
        },
    )


@require_POST
@require_perm(MANAGE)
def action_item_status(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(ActionItem, pk=pk, meeting__contract=active_contract())
    form = ActionStatusForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: action_item_set_status(
                actor=request.user, item=item, status=form.cleaned_data["status"]
            ),
            f"対応事項「{item.description}」を「{ActionItem.Status(form.cleaned_data['status']).label}」にしました",
        )
    else:
        messages.error(request, "状況を選んでください")
    back = request.POST.get("next", "")
    if back.startswith("/ops/governance/"):
        return redirect(back)
    return redirect("governance:action_items")
