"""Reads of design items, drafts and proof rounds, and the approved files for the deliverables."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.fields.files import FieldFile

from fukyu.core.models import Contract
from fukyu.publicity.models import DesignItem, ProofComment, ProofRound


def design_item_list(
    *, contract: Contract, kind: str = "", status: str = ""
) -> QuerySet[DesignItem]:
    qs = (
        DesignItem.objects.filter(contract=contract)
        .select_related("selected_draft", "approved_round", "selected_by", "approved_by")
        .annotate(
            draft_count=Count("drafts", distinct=True),
            round_count=Count("rounds", distinct=True),
            open_rounds=Count(
                "rounds", filter=Q(rounds__status=ProofRound.Status.OPEN), distinct=True
            ),
        )
    )
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    return qs


def design_items(*, contract: Contract) -> QuerySet[DesignItem]:
    """Items of the contract, for lookups by id (others answer 404)."""
    return DesignItem.objects.filter(contract=contract)


def design_item_detail(*, contract: Contract) -> QuerySet[DesignItem]:
    """Items with everything the item page shows: drafts, rounds and their comments."""
    comments = ProofComment.objects.select_related("author", "responded_by")
    rounds = ProofRound.objects.select_related("submitted_by", "decided_by").prefetch_related(
        Prefetch("comments", queryset=comments)
    )
    return (
        design_items(contract=contract)
        .select_related(
            "selected_draft", "selected_by", "approved_round", "approved_by", "created_by"
        )
        .prefetch_related("drafts__uploaded_by", Prefetch("rounds", queryset=rounds))
    )


def proof_rounds(*, contract: Contract) -> QuerySet[ProofRound]:
    return ProofRound.objects.filter(item__contract=contract).select_related(
        "item", "submitted_by", "decided_by"
    )


def proof_comments(*, contract: Contract) -> QuerySet[ProofComment]:
    return ProofComment.objects.filter(round__item__contract=contract).select_related("round__item")


def open_proof_rounds(*, contract: Contract) -> QuerySet[ProofRound]:
    return proof_rounds(contract=contract).filter(status=ProofRound.Status.OPEN)


def items_awaiting_pick(*, contract: Contract) -> QuerySet[DesignItem]:
    return design_items(contract=contract).filter(status=DesignItem.Status.AWAITING_PICK)


def unanswered_comments(*, contract: Contract) -> QuerySet[ProofComment]:
    """Comments of returned rounds that the contractor has not answered yet."""
    return proof_comments(contract=contract).filter(
        response="", round__status=ProofRound.Status.RETURNED
    )


@dataclass(frozen=True)
class ApprovedDesignFile:
    """The approved, locked version of a design item (goes into the deliverables)."""

    item_id: int
    kind: str
    kind_label: str
    title: str
    round_number: int
    file: FieldFile
    file_kind: str
    original_name: str
    size: int
    sha256: str
    page_count: int
    approved_at: dt.datetime
    approved_by: str

    @property
    def suggested_name(self) -> str:
        """A file name for the deliverables package: 種類_名称_第N校.ext."""
        safe = "".join(c for c in self.title if c not in '\\/:*?"<>|').strip() or "無題"
        return f"{self.kind_label}_{safe}_第{self.round_number}校.{self.file_kind}"


def approved_design_files(*, contract: Contract) -> list[ApprovedDesignFile]:
    """Every approved design item's final file, in the order the items were approved."""
    items = (
        DesignItem.objects.filter(contract=contract, status=DesignItem.Status.APPROVED)
        .select_related("approved_round", "approved_by")
        .order_by("approved_at", "id")
    )
    result = []
    for item in items:
        proof = item.approved_round
        if proof is None or item.approved_at is None:
            continue
        result.append(
            ApprovedDesignFile(
                item_id=item.pk,
                kind=item.kind,
                kind_label=item.get_kind_display(),
                title=item.title,
                round_number=proof.number,
                file=proof.file,
                file_kind=proof.file_kind,
                original_name=proof.original_name,
                size=proof.size,
                sha256=proof.sha256,
                page_count=proof.page_count,
                approved_at=item.approved_at,
                approved_by=str(item.approved_by or ""),
            )
        )
    return result
