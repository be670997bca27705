"""Rows of the role matrix for the publicity app's routes (see tests/role_matrix.py).

Client-only actions (pick, comment, return, approve, consent) are open to `publicity_read` here;
the service refuses anyone but the client (services.common.is_client) with a message. A
dedicated "publicity_approve" permission would make them a row of their own.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from PIL import Image

from fukyu.core.models import Municipality
from fukyu.publicity.models import (
    DesignDraft,
    DesignItem,
    DistributionLine,
    Placement,
    PrintRun,
    ProofComment,
    ProofRound,
    Shipment,
)
from tests.role_matrix_types import Row

R, M = ("publicity_read",), ("publicity_manage",)
P = "ops/publicity/"
OPS_ROUTES: dict[str, Row] = {
    P: (R, None),
    P + "items/new/": (M, None),
    P + "items/<int:pk>/": (R, "pub_item"),
    P + "items/<int:pk>/edit/": (M, "pub_item"),
    P + "items/<int:pk>/drafts/": (M, "pub_item", "POST"),
    P + "items/<int:pk>/present/": (M, "pub_item", "POST"),
    P + "items/<int:pk>/pick/": (R, "pub_item", "POST"),
    P + "items/<int:pk>/rounds/": (M, "pub_item", "POST"),
    P + "rounds/<int:pk>/": (R, "pub_round"),
    P + "rounds/<int:pk>/comments/": (R, "pub_round", "POST"),
    P + "rounds/<int:pk>/return/": (R, "pub_round", "POST"),
    P + "rounds/<int:pk>/approve/": (R, "pub_round", "POST"),
    P + "comments/<int:pk>/respond/": (M, "pub_comment", "POST"),
    P + "files/drafts/<int:pk>/": (R, "pub_draft"),
    P + "files/drafts/<int:pk>/thumbnail/": (R, "pub_draft"),
    P + "files/rounds/<int:pk>/": (R, "pub_round"),
    P + "files/rounds/<int:pk>/thumbnail/": (R, "pub_round"),
    P + "print-runs/": (R, None),
    P + "print-runs/new/": (M, None),
    P + "print-runs/<int:pk>/": (R, "pub_run"),
    P + "print-runs/<int:pk>/edit/": (M, "pub_run"),
    P + "print-runs/<int:pk>/plan/": (M, "pub_run"),
    P + "print-runs/<int:pk>/plan/facility/": (M, "pub_run", "POST"),
    P + "print-runs/<int:pk>/shipments/": (M, "pub_run", "POST"),
    P + "print-runs/<int:pk>/usages/": (M, "pub_run", "POST"),
    P + "shipments/<int:pk>/receipt/": (M, "pub_shipment", "POST"),
    P + "distribution/": (R, None),
    P + "facilities/": (R, None),
    P + "facilities/import/": (M, None),
    P + "placements/": (R, None),
    P + "placements/new/": (M, None),
    P + "placements/<int:pk>/": (R, "pub_placement"),
    P + "placements/<int:pk>/edit/": (M, "pub_placement"),
    P + "placements/<int:pk>/approve/": (R, "pub_placement", "POST"),
    P + "placements/<int:pk>/run/": (M, "pub_placement", "POST"),
    P + "placements/<int:pk>/cancel/": (M, "pub_placement", "POST"),
}
API_ROUTES: dict[str, Row] = {
    "api/v1/publicity/items": (R, None),
    "api/v1/publicity/print-runs": (R, None),
    "api/v1/publicity/distribution": (R, None),
    "api/v1/publicity/placements": (R, None),
}


def _stored(name: str, fmt: str) -> str:
    """A small fixed image under MEDIA_ROOT, written once and reused by every run."""
    if not default_storage.exists(name):
        out = io.BytesIO()
        Image.new("RGB", (60, 80), "navy").save(out, fmt)
        default_storage.save(name, ContentFile(out.getvalue()))
    return name


def make_objects(contract: Any, make_user: Any) -> dict[str, dict[str, Any]]:
    """Objects that parameterised routes need: key -> URL kwargs (and optional "query"/"data")."""
    now = timezone.now()
    png = _stored("publicity/role-matrix/design.png", "PNG")
    thumb = _stored("publicity/role-matrix/thumb.jpg", "JPEG")
    item = DesignItem.objects.create(
        contract=contract, kind="poster", title="マトリクス用", created_at=now
    )
    draft = DesignDraft.objects.create(
        item=item,
        label="A案",
        file=png,
        thumbnail=thumb,
        file_kind="png",
        original_name="a.png",
        size=1,
        sha256="0" * 64,
        uploaded_at=now,
    )
    proof = ProofRound.objects.create(
        item=item,
        number=1,
        file=png,
        thumbnail=thumb,
        file_kind="png",
        original_name="p.png",
        size=1,
        sha256="0" * 64,
        submitted_at=now,
        status="approved",
    )
    DesignItem.objects.filter(pk=item.pk).update(
        status="approved", selected_draft=draft, approved_round=proof, approved_at=now
    )
    comment = ProofComment.objects.create(round=proof, page=1, body="指摘", created_at=now)
    run = PrintRun.objects.create(
        contract=contract,
        item=item,
        proof_round=proof,
        quantity=100,
        printer="印刷所",
        delivery_date=dt.date(2024, 11, 1),
        created_at=now,
    )
    town = Municipality.objects.filter(contract=contract).first()
    line = DistributionLine.objects.create(
        contract=contract, print_run=run, municipality=town, quantity=10
    )
    shipment = Shipment.objects.create(
        line=line, quantity=5, shipped_on=dt.date(2024, 11, 2), created_at=now
    )
    placement = Placement.objects.create(
        contract=contract,
        medium="newspaper",
        outlet="新聞",
        title="告知",
        starts_on=dt.date(2024, 12, 1),
        ends_on=dt.date(2024, 12, 1),
        cost=1000,
        is_paid=True,
        created_at=now,
    )
    return {
        "pub_item": {"pk": item.pk},
        "pub_draft": {"pk": draft.pk},
        "pub_round": {"pk": proof.pk},
        "pub_comment": {"pk": comment.pk},
        "pub_run": {"pk": run.pk},
        "pub_shipment": {"pk": shipment.pk},
        "pub_placement": {"pk": placement.pk},
    }
