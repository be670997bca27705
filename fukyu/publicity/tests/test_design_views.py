"""The whole design flow through the real views: a publicity user and a client user."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from PIL import Image

from conftest import verified_login
from fukyu.accounts.models import User
from fukyu.audit.models import AuditEvent
from fukyu.core.models import Contract
from fukyu.publicity.models import DesignItem, ProofComment, ProofRound
from fukyu.publicity.tests.factories import item_with_drafts, pdf_bytes, png_bytes, upload


@pytest.fixture
def staff(make_user: Callable[..., User]) -> User:
    return make_user("publicity", display_name="広報 太郎")


@pytest.fixture
def client_user(make_user: Callable[..., User]) -> User:
    return make_user("client", display_name="県 花子")


@pytest.fixture
def as_staff(staff: User) -> Client:
    return verified_login(Client(), staff)


@pytest.fixture
def as_client(client_user: User) -> Client:
    return verified_login(Client(), client_user)


def text(response: Any) -> str:
    return response.content.decode()


def messages_of(client: Client, url: str) -> str:
    return text(client.get(url))


def test_draft_pick_proof_rounds_and_lock_through_the_views(
    contract: Contract, staff: User, client_user: User, as_staff: Client, as_client: Client
) -> None:
    # Publicity staff register the item and upload three drafts.
    response = as_staff.post(
        "/ops/publicity/items/new/",
        {"kind": "poster", "title": "キャンペーンポスター（B2）", "description": "駅・庁舎に掲示"},
    )
    item = DesignItem.objects.get(contract=contract, title="キャンペーンポスター（B2）")
    assert (
        response.status_code == 302 and response["Location"] == f"/ops/publicity/items/{item.pk}/"
    )
    base = f"/ops/publicity/items/{item.pk}/"
    for name, data in (
        ("a.png", png_bytes()),
        ("b.pdf", pdf_bytes(2)),
        ("c.jpg", png_bytes(color="red")),
    ):
        response = as_staff.post(
            base + "drafts/", {"draft-file": upload(name, data), "draft-note": f"{name}の案"}
        )
        assert response.status_code == 302
    bad = as_staff.post(
        base + "drafts/", {"draft-file": upload("x.docx", b"PK\x03\x04 not a design")}
    )
    assert bad.status_code == 422
    assert "PDF・PNG・JPEG のいずれでもないファイルです" in text(bad)
    assert item.drafts.count() == 3
    # The client cannot upload; the drafts are shown side by side with thumbnails.
    assert (
        as_client.post(base + "drafts/", {"draft-file": upload("a.png", png_bytes())}).status_code
        == 403
    )
    as_staff.post(base + "present/")
    page = text(as_client.get(base))
    for draft in item.drafts.all():
        assert f"<strong>{draft.label}</strong>" in page
    a, b, _ = item.drafts.order_by("id")
    assert f'src="/ops/publicity/files/drafts/{a.pk}/thumbnail/"' in page
    assert f'href="/ops/publicity/files/drafts/{b.pk}/"' in page
    assert f'src="/ops/publicity/files/drafts/{b.pk}/thumbnail/"' in page
    assert "PDFの1ページ目（全2ページ）" in page
    assert "この案を採用する" in page
    thumb = as_client.get(f"/ops/publicity/files/drafts/{a.pk}/thumbnail/")
    assert thumb["Content-Type"] == "image/jpeg"
    with Image.open(io.BytesIO(b"".join(thumb.streaming_content))) as img:  # type: ignore[attr-defined]
        assert img.format == "JPEG"
    full = as_client.get(f"/ops/publicity/files/drafts/{b.pk}/")
    assert full["Content-Type"] == "application/pdf"
    assert b"".join(full.streaming_content)[:5] == b"%PDF-"  # type: ignore[attr-defined]
    # Publicity staff cannot pick for the client.
    as_staff.post(base + "pick/", {"draft": b.pk})
    item.refresh_from_db()
    assert item.selected_draft is None
    assert "発注者（県）の利用者だけ" in messages_of(as_staff, base)
    # The client picks B案.
    assert (
        as_client.post(base + "pick/", {"draft": b.pk, "note": "Bで進めてください"}).status_code
        == 302
    )
    item.refresh_from_db()
    assert (item.status, item.selected_draft, item.selected_by) == ("proofing", b, client_user)
    assert AuditEvent.objects.filter(action="design_item.pick", actor=client_user).exists()
    # First proof: 3 pages, two comments, returned.
    response = as_staff.post(
        base + "rounds/", {"proof-file": upload("初校.pdf", pdf_bytes(3)), "proof-note": "初校です"}
    )
    first = ProofRound.objects.get(item=item, number=1)
    assert response["Location"] == f"/ops/publicity/rounds/{first.pk}/"
    round_url = f"/ops/publicity/rounds/{first.pk}/"
    assert (
        as_staff.post(round_url + "comments/", {"page": 1, "body": "自作自演"}).status_code == 302
    )
    assert not first.comments.exists()
    out_of_range = as_client.post(round_url + "comments/", {"page": 4, "body": "4ページ目"})
    assert out_of_range.status_code == 422 and "1〜3 の範囲" in text(out_of_range)
    as_client.post(round_url + "comments/", {"page": 1, "body": "ロゴを大きく"})
    as_client.post(round_url + "comments/", {"page": 3, "body": "問い合わせ先の時間を追記"})
    as_client.post(round_url + "return/", {"note": "2点の修正をお願いします"})
    first.refresh_from_db()
    assert first.status == "returned" and first.decided_by == client_user
    # The second proof is refused until every comment has a response.
    as_staff.post(base + "rounds/", {"proof-file": upload("再校.pdf", pdf_bytes(3))})
    assert not ProofRound.objects.filter(item=item, number=2).exists()
    for comment in ProofComment.objects.filter(round=first):
        assert (
            as_staff.post(
                f"/ops/publicity/comments/{comment.pk}/respond/", {"response": "修正しました"}
            ).status_code
            == 302
        )
    assert (
        as_client.post(
            f"/ops/publicity/comments/{comment.pk}/respond/", {"response": "x"}
        ).status_code
        == 403
    )
    page = text(as_client.get(round_url))
    assert page.count("修正しました") == 2 and "1ページ" in page and "3ページ" in page
    as_staff.post(base + "rounds/", {"proof-file": upload("再校.pdf", pdf_bytes(3))})
    second = ProofRound.objects.get(item=item, number=2)
    second_url = f"/ops/publicity/rounds/{second.pk}/"
    # Only the client approves.
    as_staff.post(second_url + "approve/")
    second.refresh_from_db()
    assert second.status == "open"
    assert "承認する（校了）" in text(as_client.get(second_url))
    assert "承認する（校了）" not in text(as_staff.get(second_url))
    as_client.post(second_url + "approve/", {"note": "校了とします"})
    item.refresh_from_db()
    assert (item.status, item.approved_round, item.approved_by) == ("approved", second, client_user)
    events = AuditEvent.objects.filter(
        action__in=["proof_round.approve", "design_item.approve"], actor=client_user
    )
    assert events.count() == 2
    # Locked: no new proof, no new drafts, no edit; the screens say so.
    page = text(as_staff.get(base))
    assert "校了：第2校" in page and "変更・差し替えはできません" in page
    assert "第3校を提出" not in page and "デザイン案を追加" not in page
    as_staff.post(base + "rounds/", {"proof-file": upload("三校.pdf", pdf_bytes(3))})
    assert item.rounds.count() == 2
    edit = as_staff.post(base + "edit/", {"kind": "poster", "title": "改題"})
    assert edit.status_code == 200 and "校了" in text(edit)
    item.refresh_from_db()
    assert item.title == "キャンペーンポスター（B2）"
    # The history stays: both rounds, all drafts, comments with responses.
    history = text(as_client.get(base))
    assert "第1校" in history and "第2校" in history and "修正依頼" in history


def test_other_contracts_objects_answer_404(
    contract: Contract, staff: User, as_staff: Client
) -> None:
    item = item_with_drafts(contract, staff)
    other = Contract.objects.create(
        code="other",
        name="別契約",
        fiscal_year=2025,
        client="県",
        contractor="社",
        starts_on=contract.starts_on,
        ends_on=contract.ends_on,
        loaded_at=contract.loaded_at,
    )
    DesignItem.objects.filter(pk=item.pk).update(contract=other)
    assert as_staff.get(f"/ops/publicity/items/{item.pk}/").status_code == 404
    draft = item.drafts.first()
    assert draft is not None
    assert as_staff.get(f"/ops/publicity/files/drafts/{draft.pk}/").status_code == 404
