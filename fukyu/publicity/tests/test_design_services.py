"""Design items through the services: drafts, the client's pick, proof rounds, approval, lock."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from fukyu.accounts.models import User
from fukyu.audit.models import AuditEvent
from fukyu.core.models import Contract
from fukyu.publicity import services
from fukyu.publicity.models import DesignItem, ProofRound
from fukyu.publicity.selectors import approved_design_files
from fukyu.publicity.tests.factories import (
    approved_item,
    gif_bytes,
    item_with_drafts,
    jpeg_bytes,
    pdf_bytes,
    png_bytes,
    upload,
)


@pytest.fixture
def staff(make_user: Callable[..., User]) -> User:
    return make_user("publicity")


@pytest.fixture
def client_user(make_user: Callable[..., User]) -> User:
    return make_user("client")


def test_drafts_are_inspected_by_content(contract: Contract, staff: User, media_root: Path) -> None:
    item = services.design_item_create(
        actor=staff, contract=contract, kind="poster", title="ポスター"
    )
    png = services.design_draft_add(
        actor=staff, item=item, upload=upload("poster.jpg", png_bytes()), name="poster.jpg"
    )
    assert (png.label, png.file_kind, png.width, png.height) == ("A案", "png", 800, 1131)
    assert png.file.name.endswith(".png")  # the content decides, not the name
    with Image.open(media_root / png.thumbnail.name) as thumb:
        assert thumb.format == "JPEG" and max(thumb.size) == 640
    jpg = services.design_draft_add(
        actor=staff, item=item, upload=upload("b.jpg", jpeg_bytes()), name="b.jpg"
    )
    pdf = services.design_draft_add(
        actor=staff, item=item, upload=upload("c.pdf", pdf_bytes(3)), name="c.pdf"
    )
    assert (jpg.label, jpg.file_kind) == ("B案", "jpg")
    assert (pdf.label, pdf.file_kind, pdf.page_count) == ("C案", "pdf", 3)
    with Image.open(media_root / pdf.thumbnail.name) as thumb:  # the first page, rendered
        assert thumb.format == "JPEG" and thumb.size == (453, 640)  # A4 portrait
    assert (media_root / pdf.file.name).read_bytes()[:5] == b"%PDF-"
    assert AuditEvent.objects.filter(action="design_draft.add").count() == 3


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "ファイルが空です"),
        (gif_bytes(), "GIF 形式"),
        (b"hello, this is text", "PDF・PNG・JPEG のいずれでもない"),
        (b"%PDF-1.7\n garbage", "PDFとして読み込めません"),
        (png_bytes()[:200], "画像ファイルが壊れている"),
    ],
)
def test_other_files_are_refused_in_japanese(
    contract: Contract, staff: User, media_root: Path, data: bytes, message: str
) -> None:
    item = services.design_item_create(
        actor=staff, contract=contract, kind="poster", title="ポスター"
    )
    with pytest.raises(ValidationError) as exc:
        services.design_draft_add(
            actor=staff, item=item, upload=upload("x.pdf", data), name="x.pdf"
        )
    assert message in " ".join(exc.value.messages)
    assert item.drafts.count() == 0
    assert not media_root.exists() or not any(p.is_file() for p in media_root.rglob("*"))


def test_several_drafts_are_required_before_presenting(contract: Contract, staff: User) -> None:
    item = services.design_item_create(
        actor=staff, contract=contract, kind="pamphlet", title="パンフ"
    )
    services.design_draft_add(
        actor=staff, item=item, upload=upload("a.png", png_bytes()), name="a.png"
    )
    with pytest.raises(ValidationError, match="2案以上"):
        services.design_drafts_present(actor=staff, item=item)
    services.design_draft_add(
        actor=staff, item=item, upload=upload("b.png", png_bytes()), name="b.png"
    )
    item = services.design_drafts_present(actor=staff, item=item)
    assert item.status == DesignItem.Status.AWAITING_PICK


def test_only_the_client_picks_and_the_pick_is_recorded(
    contract: Contract, staff: User, client_user: User, make_user: Callable[..., User]
) -> None:
    item = item_with_drafts(contract, staff)
    second = item.drafts.order_by("id")[1]
    for someone in (staff, make_user("manager"), make_user(None, superuser=True)):
        with pytest.raises(ValidationError, match="発注者（県）の利用者だけ"):
            services.design_draft_pick(actor=someone, item=item, draft=second)
    item = services.design_draft_pick(actor=client_user, item=item, draft=second, note="B案で")
    assert item.status == DesignItem.Status.PROOFING
    assert (item.selected_draft, item.selected_by, item.selection_note) == (
        second,
        client_user,
        "B案で",
    )
    assert item.selected_at is not None
    event = AuditEvent.objects.get(action="design_item.pick")
    assert event.actor == client_user and event.changes["status"] == ["awaiting_pick", "proofing"]
    with pytest.raises(ValidationError, match="案を選定した後"):
        services.design_draft_add(
            actor=staff, item=item, upload=upload("c.png", png_bytes()), name="c.png"
        )


def test_proof_rounds_comments_responses_and_lock(
    contract: Contract, staff: User, client_user: User
) -> None:
    item = item_with_drafts(contract, staff)
    with pytest.raises(ValidationError, match="選定してから"):
        services.proof_round_submit(
            actor=staff, item=item, upload=upload("p.pdf", pdf_bytes()), name="p.pdf"
        )
    services.design_draft_pick(actor=client_user, item=item, draft=item.drafts.first())  # type: ignore[arg-type]
    first = services.proof_round_submit(
        actor=staff, item=item, upload=upload("p1.pdf", pdf_bytes(4)), name="初校.pdf"
    )
    assert (first.number, first.page_count, first.original_name) == (1, 4, "初校.pdf")
    with pytest.raises(ValidationError, match="確認中"):
        services.proof_round_submit(
            actor=staff, item=item, upload=upload("p.pdf", pdf_bytes()), name="p.pdf"
        )
    with pytest.raises(ValidationError, match="1〜4"):
        services.proof_comment_add(actor=client_user, proof=first, page=5, body="?")
    with pytest.raises(ValidationError, match="発注者"):
        services.proof_comment_add(actor=staff, proof=first, page=1, body="自分で指摘")
    c1 = services.proof_comment_add(actor=client_user, proof=first, page=1, body="ロゴを大きく")
    c3 = services.proof_comment_add(actor=client_user, proof=first, page=3, body="電話番号の誤り")
    with pytest.raises(ValidationError, match="発注者"):
        services.proof_round_return(actor=staff, proof=first)
    services.proof_round_return(actor=client_user, proof=first, note="2点修正願います")
    first.refresh_from_db()
    assert first.status == ProofRound.Status.RETURNED and first.decided_by == client_user
    with pytest.raises(ValidationError, match="修正依頼"):
        services.proof_comment_add(actor=client_user, proof=first, page=2, body="遅れた指摘")
    services.proof_comment_respond(actor=staff, comment=c1, response="1.5倍にしました")
    with pytest.raises(ValidationError, match="3ページ ほか計1件"):
        services.proof_round_submit(
            actor=staff, item=item, upload=upload("p.pdf", pdf_bytes()), name="p.pdf"
        )
    services.proof_comment_respond(actor=staff, comment=c3, response="0120-000-000 に修正")
    second = services.proof_round_submit(
        actor=staff, item=item, upload=upload("p2.png", png_bytes()), name="再校.png"
    )
    assert (second.number, second.file_kind, second.page_count) == (2, "png", 1)
    with pytest.raises(ValidationError, match="回答を変更できません"):
        services.proof_comment_respond(actor=staff, comment=c1, response="やはり2倍")
    with pytest.raises(ValidationError, match="発注者"):
        services.proof_round_approve(actor=staff, proof=second)
    item = services.proof_round_approve(actor=client_user, proof=second, note="校了")
    assert item.status == DesignItem.Status.APPROVED and item.is_locked
    assert (item.approved_round, item.approved_by) == (second, client_user)
    assert {e.action for e in AuditEvent.objects.filter(object_id=str(second.pk))} >= {
        "proof_round.submit",
        "proof_round.approve",
    }
    # Locked: nothing about the item can change any more.
    item.title = "改題"
    with pytest.raises(ValidationError, match="校了"):
        services.design_item_save(actor=staff, item=item)
    with pytest.raises(ValidationError, match="校了"):
        services.proof_round_submit(
            actor=staff, item=item, upload=upload("p.pdf", pdf_bytes()), name="p.pdf"
        )
    with pytest.raises(ValidationError, match="校了"):
        services.proof_comment_add(actor=client_user, proof=second, page=1, body="追加")
    with pytest.raises(ValidationError, match="校了"):
        services.design_draft_add(
            actor=staff, item=item, upload=upload("z.png", png_bytes()), name="z.png"
        )
    # The whole history is kept.
    assert list(item.rounds.values_list("number", "status")) == [(1, "returned"), (2, "approved")]
    assert item.drafts.count() == 2
    assert ProofRound.objects.get(pk=first.pk).comments.count() == 2


def test_approved_design_files_for_the_deliverables(
    contract: Contract, staff: User, client_user: User, media_root: Path
) -> None:
    assert approved_design_files(contract=contract) == []
    item, proof = approved_item(contract, staff, client_user)
    item_with_drafts(contract, staff)  # not approved: not a deliverable
    files = approved_design_files(contract=contract)
    assert len(files) == 1
    entry = files[0]
    assert (entry.item_id, entry.round_number, entry.sha256) == (item.pk, 1, proof.sha256)
    assert entry.suggested_name == "ポスター_B2ポスター_第1校.pdf"
    with entry.file.open("rb") as fh:
        assert fh.read(5) == b"%PDF-"
    assert entry.approved_by == str(client_user)
