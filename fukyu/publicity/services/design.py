"""Writes for design items: drafts, the client's pick, proof rounds, comments and approval.

Every file is kept; an approved item is locked (nothing about it can change any more).
"""

from __future__ import annotations

import string
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.db import transaction

from fukyu.audit.services import audit_record, diff, snapshot
from fukyu.core import clock
from fukyu.core.models import Contract
from fukyu.publicity.files import InspectedFile, inspect_upload
from fukyu.publicity.models import DesignDraft, DesignItem, ProofComment, ProofRound
from fukyu.publicity.services.common import require_client

ITEM_FIELDS = ["kind", "title", "description", "due_on", "status"]
MIN_DRAFTS = 2


def _locked_item(item: DesignItem) -> DesignItem:
    """The item row, locked for this transaction, refusing changes once approved."""
    fresh = DesignItem.objects.select_for_update().get(pk=item.pk)
    if fresh.is_locked:
        raise ValidationError("校了（発注者の承認済み）の制作物は変更できません")
    return fresh


def _store(
    obj: DesignDraft | ProofRound, upload: IO[bytes], info: InspectedFile, name: str
) -> None:
    """Attach the upload (and its thumbnail) to `obj` without saving the row."""
    obj.file_kind = info.kind
    obj.size = info.size
    obj.sha256 = info.sha256
    obj.page_count = info.page_count
    obj.original_name = name[:255] or "upload"
    obj.file.save("upload", File(upload), save=False)
    if info.thumbnail is not None:
        obj.thumbnail.save("thumb.jpg", ContentFile(info.thumbnail), save=False)


def _discard(obj: DesignDraft | ProofRound) -> None:
    for field in (obj.file, obj.thumbnail):
        if field:
            field.storage.delete(field.name or "")


def design_item_save(*, actor: Any, item: DesignItem) -> DesignItem:
    """Create or update the description of an item (kind, title, specification, due date)."""
    with transaction.atomic():
        before = {}
        if item.pk:
            before = snapshot(_locked_item(item), ITEM_FIELDS)
        else:
            item.created_by = actor if getattr(actor, "is_authenticated", False) else None
            item.created_at = clock.now()
            item.status = DesignItem.Status.DRAFTING
        item.full_clean()
        item.save()
        audit_record(
            actor=actor,
            action="design_item.update" if before else "design_item.create",
            obj=item,
            changes=diff(before, snapshot(item, ITEM_FIELDS)),
        )
    return item


def design_item_create(
    *,
    actor: Any,
    contract: Contract,
    kind: str,
    title: str,
    description: str = "",
    due_on: Any = None,
) -> DesignItem:
    item = DesignItem(
        contract=contract, kind=kind, title=title, description=description, due_on=due_on
    )
    return design_item_save(actor=actor, item=item)


def _next_label(item: DesignItem) -> str:
    used = set(item.drafts.values_list("label", flat=True))
    for letter in string.ascii_uppercase:
        if f"{letter}案" not in used:
            return f"{letter}案"
    return f"第{len(used) + 1}案"


def design_draft_add(
    *, actor: Any, item: DesignItem, upload: IO[bytes], name: str, note: str = "", label: str = ""
) -> DesignDraft:
    """Add a draft (PDF, PNG or JPEG) while the client has not yet picked one."""
    info = inspect_upload(upload)
    with transaction.atomic():
        item = _locked_item(item)
        if item.status not in (DesignItem.Status.DRAFTING, DesignItem.Status.AWAITING_PICK):
            raise ValidationError("発注者が案を選定した後は、デザイン案を追加できません")
        label = label.strip() or _next_label(item)
        if item.drafts.filter(label=label).exists():
            raise ValidationError({"label": f"「{label}」は既にあります。別の名称にしてください"})
        draft = DesignDraft(
            item=item,
            label=label,
            note=note,
            width=info.width,
            height=info.height,
            uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
            uploaded_at=clock.now(),
        )
        _store(draft, upload, info, name)
        try:
            draft.full_clean()
            draft.save()
            audit_record(
                actor=actor,
                action="design_draft.add",
                obj=draft,
                changes={
                    "label": [None, label],
                    "file": [None, draft.original_name],
                    "sha256": [None, info.sha256],
                },
            )
        except Exception:
            _discard(draft)
            raise
    return draft


def design_drafts_present(*, actor: Any, item: DesignItem) -> DesignItem:
    """Show the drafts to the client for a choice; the specification asks for several (5(3)ロ)."""
    with transaction.atomic():
        item = _locked_item(item)
        if item.status != DesignItem.Status.DRAFTING:
            raise ValidationError("この制作物のデザイン案は既に提示済みです")
        count = item.drafts.count()
        if count < MIN_DRAFTS:
            raise ValidationError(
                f"デザイン案は複数（{MIN_DRAFTS}案以上）提示してください（現在 {count}案）"
            )
        before = snapshot(item, ["status", "presented_at"])
        item.status = DesignItem.Status.AWAITING_PICK
        item.presented_at = clock.now()
        item.save(update_fields=["status", "presented_at"])
        audit_record(
            actor=actor,
            action="design_item.present",
            obj=item,
            changes=diff(before, snapshot(item, ["status", "presented_at"])),
        )
    return item


def design_draft_pick(
    *, actor: Any, item: DesignItem, draft: DesignDraft, note: str = ""
) -> DesignItem:
    """The client picks one of the presented drafts; proofing starts from it."""
    require_client(actor, "デザイン案の選定")
    with transaction.atomic():
        item = _locked_item(item)
        if item.status != DesignItem.Status.AWAITING_PICK:
            raise ValidationError("この制作物は案の選定を受け付けていません")
        if draft.item_id != item.pk:
            raise ValidationError({"draft": "この制作物のデザイン案から選んでください"})
        before = snapshot(item, ["status", "selected_draft"])
        item.selected_draft = draft
        item.selected_by = actor
        item.selected_at = clock.now()
        item.selection_note = note.strip()
        item.status = DesignItem.Status.PROOFING
        item.save(
            update_fields=[
                "selected_draft",
                "selected_by",
                "selected_at",
                "selection_note",
                "status",
            ]
        )
        audit_record(
            actor=actor,
            action="design_item.pick",
            obj=item,
            changes=diff(before, snapshot(item, ["status", "selected_draft"])),
            note=item.selection_note,
        )
    return item


def proof_round_submit(
    *, actor: Any, item: DesignItem, upload: IO[bytes], name: str, note: str = ""
) -> ProofRound:
    """Submit the next numbered proof (初校, 再校 …) to the client."""
    info = inspect_upload(upload)
    with transaction.atomic():
        item = _locked_item(item)
        if item.status != DesignItem.Status.PROOFING:
            raise ValidationError("発注者がデザイン案を選定してから校正を提出してください")
        last = item.rounds.order_by("-number").first()
        if last is not None:
            if last.status == ProofRound.Status.OPEN:
                raise ValidationError(
                    f"第{last.number}校は発注者の確認中です。修正依頼を受けてから次の校正を提出してください"
                )
            pending = list(last.comments.filter(response="").values_list("page", flat=True))
            if pending:
                raise ValidationError(
                    f"第{last.number}校の指摘（{pending[0]}ページ ほか計{len(pending)}件）に"
                    "回答してから次の校正を提出してください"
                )
        proof = ProofRound(
            item=item,
            number=(last.number + 1) if last else 1,
            note=note,
            status=ProofRound.Status.OPEN,
            submitted_by=actor if getattr(actor, "is_authenticated", False) else None,
            submitted_at=clock.now(),
        )
        _store(proof, upload, info, name)
        try:
            proof.full_clean()
            proof.save()
            audit_record(
                actor=actor,
                action="proof_round.submit",
                obj=proof,
                changes={
                    "number": [None, proof.number],
                    "file": [None, proof.original_name],
                    "sha256": [None, info.sha256],
                },
            )
        except Exception:
            _discard(proof)
            raise
    return proof


def _open_round(proof: ProofRound) -> ProofRound:
    _locked_item(proof.item)
    fresh = ProofRound.objects.select_related("item").get(pk=proof.pk)
    if fresh.status != ProofRound.Status.OPEN:
        raise ValidationError(f"第{fresh.number}校は既に{fresh.get_status_display()}となっています")
    return fresh


def proof_comment_add(*, actor: Any, proof: ProofRound, page: int, body: str) -> ProofComment:
    """The client's comment on one page of an open proof."""
    require_client(actor, "校正への指摘")
    with transaction.atomic():
        proof = _open_round(proof)
        if not 1 <= page <= proof.page_count:
            raise ValidationError(
                {"page": f"ページは 1〜{proof.page_count} の範囲で指定してください"}
            )
        if not body.strip():
            raise ValidationError({"body": "指摘内容を入力してください"})
        comment = ProofComment(
            round=proof, page=page, body=body.strip(), author=actor, created_at=clock.now()
        )
        comment.full_clean()
        comment.save()
        audit_record(
            actor=actor,
            action="proof_comment.add",
            obj=comment,
            changes={"page": [None, page], "body": [None, comment.body]},
        )
    return comment


def proof_comment_respond(*, actor: Any, comment: ProofComment, response: str) -> ProofComment:
    """The contractor's response to a comment (kept with the comment in the history)."""
    if not response.strip():
        raise ValidationError({"response": "対応内容を入力してください"})
    with transaction.atomic():
        comment = ProofComment.objects.select_for_update().get(pk=comment.pk)
        later = ProofRound.objects.filter(
            item_id=comment.round.item_id, number__gt=comment.round.number
        ).exists()
        if later and comment.response:
            raise ValidationError("次の校正を提出した後は、回答を変更できません")
        before = snapshot(comment, ["response"])
        comment.response = response.strip()
        comment.responded_by = actor
        comment.responded_at = clock.now()
        comment.full_clean()
        comment.save(update_fields=["response", "responded_by", "responded_at"])
        audit_record(
            actor=actor,
            action="proof_comment.respond",
            obj=comment,
            changes=diff(before, snapshot(comment, ["response"])),
        )
    return comment


def proof_round_return(*, actor: Any, proof: ProofRound, note: str = "") -> ProofRound:
    """The client sends the proof back for changes (修正依頼)."""
    require_client(actor, "校正の修正依頼")
    with transaction.atomic():
        proof = _open_round(proof)
        if not note.strip() and not proof.comments.exists():
            raise ValidationError(
                "修正してほしい内容を、ページごとの指摘かコメントで入力してください"
            )
        proof.status = ProofRound.Status.RETURNED
        proof.decided_by = actor
        proof.decided_at = clock.now()
        proof.decision_note = note.strip()
        proof.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        audit_record(
            actor=actor,
            action="proof_round.return",
            obj=proof,
            changes={"status": [ProofRound.Status.OPEN, proof.status]},
            note=proof.decision_note,
        )
    return proof


def proof_round_approve(*, actor: Any, proof: ProofRound, note: str = "") -> DesignItem:
    """The client approves the proof (校了): it becomes the item's locked, final version."""
    require_client(actor, "校正の承認")
    with transaction.atomic():
        proof = _open_round(proof)
        item = DesignItem.objects.select_for_update().get(pk=proof.item_id)
        proof.status = ProofRound.Status.APPROVED
        proof.decided_by = actor
        proof.decided_at = clock.now()
        proof.decision_note = note.strip()
        proof.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        before = snapshot(item, ["status", "approved_round"])
        item.status = DesignItem.Status.APPROVED
        item.approved_round = proof
        item.approved_by = actor
        item.approved_at = proof.decided_at
        item.save(update_fields=["status", "approved_round", "approved_by", "approved_at"])
        audit_record(
            actor=actor,
            action="proof_round.approve",
            obj=proof,
            changes={
                "status": [ProofRound.Status.OPEN, proof.status],
                "sha256": [None, proof.sha256],
            },
            note=proof.decision_note,
        )
        audit_record(
            actor=actor,
            action="design_item.approve",
            obj=item,
            changes=diff(before, snapshot(item, ["status", "approved_round"])),
        )
    return item
