"""A PDF design draft or proof gets a preview: its first page rendered by PDFium as a JPEG."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from reportlab.lib.pagesizes import A3, A4, landscape
from reportlab.pdfgen import canvas

from fukyu.accounts.models import User
from fukyu.core.models import Contract
from fukyu.publicity import files, services
from fukyu.publicity.tests.factories import upload


@pytest.fixture
def staff(make_user: Any) -> User:
    user: User = make_user("publicity")
    return user


def _pdf(pagesize: tuple[float, float], colours: list[tuple[float, float, float]]) -> bytes:
    """One page per colour, the left half of each page filled with it."""
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=pagesize)
    width, height = pagesize
    for r, g, b in colours:
        page.setFillColorRGB(r, g, b)
        page.rect(0, 0, width / 2, height, stroke=0, fill=1)
        page.showPage()
    page.save()
    return out.getvalue()


def _rgb(image: Image.Image, x: float, y: float) -> tuple[int, int, int]:
    px = image.convert("RGB").getpixel((int(x * image.width), int(y * image.height)))
    assert isinstance(px, tuple)
    return px[0], px[1], px[2]


def test_first_page_is_rendered_not_the_others() -> None:
    thumb = files.pdf_first_page(_pdf(A4, [(1, 0, 0), (0, 0, 1)]))
    assert thumb is not None
    with Image.open(io.BytesIO(thumb)) as image:
        assert image.format == "JPEG" and image.size == (453, 640)
        red = _rgb(image, 0.25, 0.5)
        white = _rgb(image, 0.75, 0.5)
    assert red[0] > 200 and red[1] < 60 and red[2] < 60  # page 1 (red), not page 2 (blue)
    assert min(white) > 240


def test_landscape_pages_keep_their_shape() -> None:
    thumb = files.pdf_first_page(_pdf(landscape(A3), [(0, 0.5, 0)]))
    assert thumb is not None
    with Image.open(io.BytesIO(thumb)) as image:
        assert image.size == (640, 453)


def test_draft_upload_stores_the_preview_and_the_page_shows_it(
    contract: Contract, staff: User, media_root: Path, login: Any
) -> None:
    item = services.design_item_create(
        actor=staff, contract=contract, kind="pamphlet", title="パンフレット"
    )
    draft = services.design_draft_add(
        actor=staff,
        item=item,
        upload=upload("pamphlet.pdf", _pdf(A4, [(1, 0, 0), (0, 0, 1), (0, 1, 0)])),
        name="pamphlet.pdf",
    )
    assert draft.file_kind == "pdf" and draft.page_count == 3
    with Image.open(media_root / draft.thumbnail.name) as image:
        assert _rgb(image, 0.25, 0.5)[0] > 200
    page = login(staff).get(f"/ops/publicity/items/{item.pk}/").content.decode()
    assert f'src="/ops/publicity/files/drafts/{draft.pk}/thumbnail/"' in page
    assert "A案のPDFの1ページ目（クリックでPDFを開く）" in page
    assert "PDFの1ページ目（全3ページ）" in page


def test_a_pdf_pdfium_cannot_draw_is_kept_with_a_link(
    contract: Contract, staff: User, monkeypatch: pytest.MonkeyPatch, login: Any
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise files.pypdfium2.PdfiumError("cannot render")

    monkeypatch.setattr(files.pypdfium2, "PdfDocument", broken)
    item = services.design_item_create(
        actor=staff, contract=contract, kind="poster", title="ポスター"
    )
    draft = services.design_draft_add(
        actor=staff, item=item, upload=upload("p.pdf", _pdf(A4, [(1, 0, 0)])), name="p.pdf"
    )
    assert draft.thumbnail.name == "" and draft.page_count == 1
    page = login(staff).get(f"/ops/publicity/items/{item.pk}/").content.decode()
    assert f'href="/ops/publicity/files/drafts/{draft.pk}/"' in page
    assert "A案のPDFを開く" in page
