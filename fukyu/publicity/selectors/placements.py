"""Reads of publicity placements (for the screens, the API and the performance report)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet, Sum

from fukyu.core.models import Contract
from fukyu.publicity.models import Placement


def placement_list(
    *, contract: Contract, status: str = "", medium: str = ""
) -> QuerySet[Placement]:
    """Placements of the contract by start date, with the design item and the consent."""
    qs = Placement.objects.filter(contract=contract).select_related(
        "design_item", "client_approved_by", "run_recorded_by"
    )
    if status:
        qs = qs.filter(status=status)
    if medium:
        qs = qs.filter(medium=medium)
    return qs


def placements_awaiting_consent(*, contract: Contract) -> QuerySet[Placement]:
    """Planned paid placements the client has not consented to yet."""
    return placement_list(contract=contract, status=Placement.Status.PLANNED).filter(
        is_paid=True, client_approved_at__isnull=True
    )


@dataclass(frozen=True)
class MediumSummary:
    medium: str
    label: str
    count: int
    reach: int
    cost: int


def placement_summary_by_medium(*, contract: Contract) -> list[MediumSummary]:
    """Placements that ran: how many, their reach and cost, per medium."""
    labels = dict(Placement.Medium.choices)
    rows = (
        Placement.objects.filter(contract=contract, status=Placement.Status.RUN)
        .order_by()
        .values("medium")
        .annotate(n=Count("id"), reach=Sum("reach"), cost=Sum("cost"))
    )
    found = {r["medium"]: r for r in rows}
    return [
        MediumSummary(
            medium=code,
            label=label,
            count=found[code]["n"],
            reach=found[code]["reach"] or 0,
            cost=found[code]["cost"] or 0,
        )
        for code, label in labels.items()
        if code in found
    ]
