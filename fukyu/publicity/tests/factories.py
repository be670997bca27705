"""Test data for the publicity app: real PNG/JPEG/PDF bytes and items at each stage."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter

from fukyu.core.models import Contract
from fukyu.publicity import services
from fukyu.publicity.models import DesignItem, PrintRun, ProofRound


def png_bytes(size: tuple[int, int] = (800, 1131), color: str = "navy") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()


def jpeg_bytes(size: tuple[int, int] = (800, 1131), color: str = "orange") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "JPEG")
    return out.getvalue()


def gif_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("P", (10, 10)).save(out, "GIF")
    return out.getvalue()


def pdf_bytes(pages: int = 4) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def upload(
    name: str, data: bytes, content_type: str = "application/octet-stream"
) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def item_with_drafts(contract: Contract, staff: Any, *, present: bool = True) -> DesignItem:
    item = services.design_item_create(
        actor=staff, contract=contract, kind=DesignItem.Kind.POSTER, title="B2ポスター"
    )
    services.design_draft_add(
        actor=staff, item=item, upload=upload("a.png", png_bytes()), name="a.png"
    )
    services.design_draft_add(
        actor=staff, item=item, upload=upload("b.pdf", pdf_bytes(2)), name="b.pdf"
    )
    if present:
        services.design_drafts_present(actor=staff, item=item)
    item.refresh_from_db()
    return item


def approved_item(contract: Contract, staff: Any, client: Any) -> tuple[DesignItem, ProofRound]:
    item = item_with_drafts(contract, staff)
    services.design_draft_pick(actor=client, item=item, draft=item.drafts.first())  # type: ignore[arg-type]
    proof = services.proof_round_submit(
        actor=staff, item=item, upload=upload("p1.pdf", pdf_bytes(2)), name="p1.pdf"
    )
    item = services.proof_round_approve(actor=client, proof=proof)
    proof.refresh_from_db()
    return item, proof


def print_run(contract: Contract, staff: Any, client: Any, quantity: int = 1000) -> PrintRun:
    item, _ = approved_item(contract, staff, client)
    run = PrintRun(
        contract=contract,
        item=item,
        quantity=quantity,
        printer="みやぎ印刷株式会社",
        delivery_date=dt.date(2024, 11, 15),
    )
    return services.print_run_save(actor=staff, run=run)
