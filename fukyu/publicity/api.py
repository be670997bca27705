"""The publicity API router, mounted at /api/v1/ by config/api.py."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from fukyu.accounts.api_auth import API_AUTH
from fukyu.accounts.permissions import api_require
from fukyu.core.selectors import active_contract
from fukyu.publicity.models import DesignItem, Placement
from fukyu.publicity.selectors import (
    design_item_list,
    distribution_by_region,
    placement_list,
    print_run_list,
    print_summary,
)

router = Router(tags=["広報・制作物"])
READ = "publicity_read"


class ApprovedVersionOut(Schema):
    round_number: int
    file_kind: str
    sha256: str
    page_count: int
    approved_at: dt.datetime
    approved_by: str


class DesignItemOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    status: str
    status_label: str
    due_on: dt.date | None
    draft_count: int
    round_count: int
    selected_draft: str | None
    approved: ApprovedVersionOut | None


class PrintRunOut(Schema):
    id: int
    item_id: int
    item_title: str
    round_number: int
    quantity: int
    printer: str
    ordered_on: dt.date | None
    delivery_date: dt.date
    planned: int
    shipped: int
    received: int
    used_at_events: int
    stock: int
    low_stock: bool


class RegionDistributionOut(Schema):
    region_code: str
    region_name: str
    municipalities: int
    facilities: int
    planned: int
    shipped: int
    received: int


class PlacementOut(Schema):
    id: int
    medium: str
    medium_label: str
    outlet: str
    title: str
    starts_on: dt.date
    ends_on: dt.date
    reach: int | None
    cost: int
    is_paid: bool
    client_approved: bool
    client_approved_at: dt.datetime | None
    status: str


def _choice(value: str, choices: list[tuple[str, str]], name: str) -> str:
    if value and value not in dict(choices):
        allowed = "、".join(v for v, _ in choices)
        raise HttpError(422, f"{name} には {allowed} のいずれかを指定してください")
    return value


@router.get("/publicity/items", response=list[DesignItemOut], auth=API_AUTH)
def items(request: HttpRequest, kind: str = "", status: str = "") -> list[DesignItemOut]:
    """Design items with their stage and, once approved, the locked version."""
    api_require(request, READ)
    _choice(kind, DesignItem.Kind.choices, "kind")
    _choice(status, DesignItem.Status.choices, "status")
    result = []
    for item in design_item_list(contract=active_contract(), kind=kind, status=status):
        proof = item.approved_round
        approved = None
        if proof is not None and item.approved_at is not None:
            approved = ApprovedVersionOut(
                round_number=proof.number,
                file_kind=proof.file_kind,
                sha256=proof.sha256,
                page_count=proof.page_count,
                approved_at=item.approved_at,
                approved_by=str(item.approved_by or ""),
            )
        result.append(
            DesignItemOut(
                id=item.pk,
                kind=item.kind,
                kind_label=item.get_kind_display(),
                title=item.title,
                status=item.status,
                status_label=item.get_status_display(),
                due_on=item.due_on,
                draft_count=item.draft_count,  # type: ignore[attr-defined]
                round_count=item.round_count,  # type: ignore[attr-defined]
                selected_draft=item.selected_draft.label if item.selected_draft else None,
                approved=approved,
            )
        )
    return result


@router.get("/publicity/print-runs", response=list[PrintRunOut], auth=API_AUTH)
def print_runs(request: HttpRequest) -> list[PrintRunOut]:
    """Print runs with planned, shipped, received, used-at-event copies and the stock left."""
    api_require(request, READ)
    return [
        PrintRunOut(
            id=row.run.pk,
            item_id=row.run.item_id,
            item_title=row.run.item.title,
            round_number=row.run.proof_round.number,
            quantity=row.run.quantity,
            printer=row.run.printer,
            ordered_on=row.run.ordered_on,
            delivery_date=row.run.delivery_date,
            planned=row.totals.planned,
            shipped=row.totals.shipped,
            received=row.totals.received,
            used_at_events=row.totals.used,
            stock=row.totals.stock,
            low_stock=row.low_stock,
        )
        for row in print_summary(contract=active_contract())
    ]


@router.get("/publicity/distribution", response=list[RegionDistributionOut], auth=API_AUTH)
def distribution(request: HttpRequest, print_run: int | None = None) -> list[RegionDistributionOut]:
    """Distribution by region (圏域): every region, optionally for one print run."""
    api_require(request, READ)
    contract = active_contract()
    run = None
    if print_run is not None:
        run = print_run_list(contract=contract).filter(pk=print_run).first()
        if run is None:
            raise HttpError(404, f"印刷 {print_run} は見つかりません")
    return [
        RegionDistributionOut(
            region_code=r.region.code,
            region_name=r.region.name,
            municipalities=r.municipalities,
            facilities=r.facilities,
            planned=r.planned,
            shipped=r.shipped,
            received=r.received,
        )
        for r in distribution_by_region(contract=contract, run=run)
    ]


@router.get("/publicity/placements", response=list[PlacementOut], auth=API_AUTH)
def placements(request: HttpRequest, status: str = "", medium: str = "") -> list[PlacementOut]:
    """Publicity placements (media, dates, reach, cost, the client's consent)."""
    api_require(request, READ)
    _choice(status, Placement.Status.choices, "status")
    _choice(medium, Placement.Medium.choices, "medium")
    return [
        PlacementOut(
            id=p.pk,
            medium=p.medium,
            medium_label=p.get_medium_display(),
            outlet=p.outlet,
            title=p.title,
            starts_on=p.starts_on,
            ends_on=p.ends_on,
            reach=p.reach,
            cost=p.cost,
            is_paid=p.is_paid,
            client_approved=p.client_approved,
            client_approved_at=p.client_approved_at,
            status=p.status,
        )
        for p in placement_list(contract=active_contract(), status=status, medium=medium)
    ]
