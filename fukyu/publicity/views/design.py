"""Screens for design items: drafts side by side, the client's pick, proof rounds."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from fukyu.accounts.permissions import has_perm, require_perm
from fukyu.core.forms import add_service_errors
from fukyu.core.selectors import active_contract
from fukyu.publicity import services
from fukyu.publicity.forms import (
    CommentForm,
    DecisionForm,
    DesignFileForm,
    DesignItemForm,
    DraftForm,
    PickForm,
    ResponseForm,
)
from fukyu.publicity.models import DesignDraft, DesignItem, ProofRound
from fukyu.publicity.selectors import (
    design_item_detail,
    design_item_list,
    design_items,
    proof_comments,
    proof_rounds,
)
from fukyu.publicity.views.common import file_response, flash_error

READ, MANAGE = "publicity_read", "publicity_manage"


@require_safe
@require_perm(READ)
def item_index(request: HttpRequest) -> HttpResponse:
    contract = active_contract()
    kind, status = request.GET.get("kind", ""), request.GET.get("status", "")
    items = design_item_list(contract=contract, kind=kind, status=status)
    return render(
        request,
        "publicity/item_list.html",
        {
            "items": items,
            "kinds": DesignItem.Kind.choices,
            "statuses": DesignItem.Status.choices,
            "q": {"kind": kind, "status": status},
            "is_client": services.is_client(request.user),
        },
    )


@require_perm(MANAGE)
def item_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    contract = active_contract()
    item = (
        get_object_or_404(design_items(contract=contract), pk=pk)
        if pk
        else DesignItem(contract=contract)
    )
    form = DesignItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.design_item_save(actor=request.user, item=form.save(commit=False))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{item}を保存しました")
            return redirect("publicity:item", pk=item.pk)
    title = "制作物の編集" if pk else "制作物の登録"
    return render(
        request, "publicity/form.html", {"form": form, "title": title, "back": "publicity:index"}
    )


def _can_add_drafts(item: DesignItem) -> bool:
    return item.status in (DesignItem.Status.DRAFTING, DesignItem.Status.AWAITING_PICK)


def _can_submit_round(item: DesignItem) -> bool:
    if item.status != DesignItem.Status.PROOFING:
        return False
    rounds = list(item.rounds.all())
    return not rounds or rounds[-1].status != ProofRound.Status.OPEN


def _render_item(
    request: HttpRequest, item: DesignItem, status: int = 200, **forms: Any
) -> HttpResponse:
    manage = has_perm(request.user, MANAGE)
    client = services.is_client(request.user)
    rounds = list(item.rounds.all())
    context = {
        "item": item,
        "drafts": list(item.drafts.all()),
        "rounds": rounds,
        "manage": manage,
        "is_client": client,
        "draft_form": forms.get("draft_form")
        or (DraftForm(prefix="draft") if manage and _can_add_drafts(item) else None),
        "proof_form": forms.get("proof_form")
        or (DesignFileForm(prefix="proof") if manage and _can_submit_round(item) else None),
        "pick_form": forms.get("pick_form")
        or (
            PickForm(item=item)
            if client and item.status == DesignItem.Status.AWAITING_PICK
            else None
        ),
        "can_present": manage and item.status == DesignItem.Status.DRAFTING,
    }
    return render(request, "publicity/item_detail.html", context, status=status)


def _item(request: HttpRequest, pk: int) -> DesignItem:
    return get_object_or_404(design_item_detail(contract=active_contract()), pk=pk)


@require_safe
@require_perm(READ)
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_item(request, _item(request, pk))


@require_POST
@require_perm(MANAGE)
def draft_add(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    form = DraftForm(request.POST, request.FILES, prefix="draft")
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            draft = services.design_draft_add(
                actor=request.user,
                item=item,
                upload=upload,
                name=upload.name,
                note=form.cleaned_data["note"],
                label=form.cleaned_data["label"],
            )
        except ValidationError as exc:
            form.add_error("label" if hasattr(exc, "error_dict") else "file", exc)
        else:
            messages.success(request, f"デザイン案「{draft.label}」を登録しました")
            return redirect("publicity:item", pk=item.pk)
    return _render_item(request, _item(request, pk), status=422, draft_form=form)


@require_POST
@require_perm(MANAGE)
def drafts_present(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    try:
        services.design_drafts_present(actor=request.user, item=item)
    except ValidationError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, "デザイン案を発注者に提示しました")
    return redirect("publicity:item", pk=item.pk)


@require_POST
@require_perm(READ)
def draft_pick(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    form = PickForm(request.POST, item=item)
    if not form.is_valid():
        messages.error(request, "採用する案を選んでください")
        return redirect("publicity:item", pk=item.pk)
    try:
        services.design_draft_pick(
            actor=request.user,
            item=item,
            draft=form.cleaned_data["draft"],
            note=form.cleaned_data["note"],
        )
    except ValidationError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, f"「{form.cleaned_data['draft'].label}」を採用しました")
    return redirect("publicity:item", pk=item.pk)


@require_POST
@require_perm(MANAGE)
def round_submit(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    form = DesignFileForm(request.POST, request.FILES, prefix="proof")
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            proof = services.proof_round_submit(
                actor=request.user,
                item=item,
                upload=upload,
                name=upload.name,
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            messages.success(request, f"第{proof.number}校を発注者に提出しました")
            return redirect("publicity:round", pk=proof.pk)
    return _render_item(request, _item(request, pk), status=422, proof_form=form)


def _round(pk: int) -> ProofRound:
    return get_object_or_404(proof_rounds(contract=active_contract()), pk=pk)


def _render_round(
    request: HttpRequest, proof: ProofRound, status: int = 200, **forms: Any
) -> HttpResponse:
    manage = has_perm(request.user, MANAGE)
    client = services.is_client(request.user)
    item = proof.item
    is_open = proof.status == ProofRound.Status.OPEN and not item.is_locked
    later = item.rounds.filter(number__gt=proof.number).exists()
    comments = list(proof.comments.select_related("author", "responded_by"))
    pages: dict[int, list[Any]] = {}
    for c in comments:
        pages.setdefault(c.page, []).append(c)
    context = {
        "proof": proof,
        "item": item,
        "pages": sorted(pages.items()),
        "comment_count": len(comments),
        "manage": manage,
        "is_client": client,
        "comment_form": forms.get("comment_form")
        or (CommentForm() if client and is_open else None),
        "decision_form": DecisionForm() if client and is_open else None,
        "can_respond": manage and not later,
        "siblings": list(item.rounds.all()),
    }
    return render(request, "publicity/round_detail.html", context, status=status)


@require_safe
@require_perm(READ)
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_round(request, _round(pk))


@require_POST
@require_perm(READ)
def comment_add(request: HttpRequest, pk: int) -> HttpResponse:
    proof = _round(pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.proof_comment_add(
                actor=request.user,
                proof=proof,
                page=form.cleaned_data["page"],
                body=form.cleaned_data["body"],
            )
        except ValidationError as exc:
            if not services.is_client(request.user):
                flash_error(request, exc)
                return redirect("publicity:round", pk=proof.pk)
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{form.cleaned_data['page']}ページへの指摘を登録しました")
            return redirect("publicity:round", pk=proof.pk)
    return _render_round(request, proof, status=422, comment_form=form)


@require_POST
@require_perm(MANAGE)
def comment_respond(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_object_or_404(proof_comments(contract=active_contract()), pk=pk)
    form = ResponseForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("対応内容を入力してください")
        services.proof_comment_respond(
            actor=request.user, comment=comment, response=form.cleaned_data["response"]
        )
    except ValidationError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, f"{comment.page}ページの指摘に回答しました")
    return redirect("publicity:round", pk=comment.round_id)


def _decide(request: HttpRequest, pk: int, *, approve: bool) -> HttpResponse:
    proof = _round(pk)
    form = DecisionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        if approve:
            services.proof_round_approve(actor=request.user, proof=proof, note=note)
        else:
            services.proof_round_return(actor=request.user, proof=proof, note=note)
    except ValidationError as exc:
        flash_error(request, exc)
    else:
        done = "承認しました（校了）" if approve else "修正を依頼しました"
        messages.success(request, f"第{proof.number}校を{done}")
    return redirect("publicity:round", pk=proof.pk)


@require_POST
@require_perm(READ)
def round_return(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, approve=False)


@require_POST
@require_perm(READ)
def round_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, approve=True)


def _draft(pk: int) -> DesignDraft:
    return get_object_or_404(DesignDraft.objects.filter(item__contract=active_contract()), pk=pk)


@require_safe
@require_perm(READ)
def draft_file(request: HttpRequest, pk: int) -> HttpResponse:
    draft = _draft(pk)
    return file_response(draft.file, kind=draft.file_kind, filename=draft.original_name)


@require_safe
@require_perm(READ)
def draft_thumbnail(request: HttpRequest, pk: int) -> HttpResponse:
    draft = _draft(pk)
    return file_response(draft.thumbnail, kind="jpg", filename=f"thumb-{draft.pk}.jpg")


@require_safe
@require_perm(READ)
def round_file(request: HttpRequest, pk: int) -> HttpResponse:
    proof = _round(pk)
    return file_response(proof.file, kind=proof.file_kind, filename=proof.original_name)


@require_safe
@require_perm(READ)
def round_thumbnail(request: HttpRequest, pk: int) -> HttpResponse:
    proof = _round(pk)
    return file_response(proof.thumbnail, kind="jpg", filename=f"thumb-proof-{proof.pk}.jpg")
