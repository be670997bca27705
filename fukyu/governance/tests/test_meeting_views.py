"""Meeting screens through the real views: drafting, the client's confirmation, PDF, action items."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from fukyu.accounts.models import User
from fukyu.audit.models import AuditEvent
from fukyu.core.models import Contract
from fukyu.governance.models import ActionItem, Meeting
from fukyu.governance.services import meeting_confirm, meeting_submit
from fukyu.governance.tests.factories import make_meeting


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))


@pytest.fixture
def manager(make_user: Callable[..., User]) -> User:
    return make_user("manager", display_name="受注 花子", organisation="受注者")


@pytest.fixture
def client_user(make_user: Callable[..., User]) -> User:
    return make_user("client", display_name="県職員 一郎", organisation="宮城県")


def form_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "title": "キャンペーン準備の打合せ",
        "held_at": "2024-09-17T13:30",
        "ends_at": "2024-09-17T15:00",
        "place": "県庁 第1会議室",
        "agenda": "広報物のスケジュール",
        "minutes": "ポスター案3点を提示した。",
        "decisions": "ポスターは案Aとする。",
        "att-TOTAL_FORMS": "3",
        "att-INITIAL_FORMS": "0",
        "att-MIN_NUM_FORMS": "0",
        "att-MAX_NUM_FORMS": "200",
        "att-0-side": "client",
        "att-0-name": "県職員 一郎",
        "att-0-organisation": "デジタルみやぎ推進課",
        "att-1-side": "contractor",
        "att-1-name": "受注 花子",
        "att-1-organisation": "受注者",
        "att-2-side": "client",
        "att-2-name": "",
        "att-2-organisation": "",
        "act-TOTAL_FORMS": "2",
        "act-INITIAL_FORMS": "0",
        "act-MIN_NUM_FORMS": "0",
        "act-MAX_NUM_FORMS": "500",
        "act-0-description": "ポスターの校正刷りを提出する",
        "act-0-owner": "受注 花子",
        "act-0-due_on": "2024-09-27",
        "act-0-status": "open",
        "act-1-description": "",
        "act-1-status": "open",
    }
    data.update(overrides)
    return data


def test_manager_drafts_a_meeting_through_the_form(
    contract: Contract, manager: User, login: Callable[[User], Client]
) -> None:
    web = login(manager)
    page = web.get("/ops/governance/meetings/new/")
    assert page.status_code == 200
    assert "出席者の行を追加" in page.content.decode()
    response = web.post("/ops/governance/meetings/new/", form_data())
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/ops/governance/meetings/{meeting.pk}/"
    assert timezone.localtime(meeting.held_at).hour == 13
    assert [(a.side, a.name) for a in meeting.attendees.all()] == [
        ("client", "県職員 一郎"),
        ("contractor", "受注 花子"),
    ]
    assert [i.description for i in meeting.action_items.all()] == ["ポスターの校正刷りを提出する"]
    assert AuditEvent.objects.filter(action="meeting.create", actor=manager).exists()


def test_form_errors_are_shown_in_japanese(
    contract: Contract, manager: User, login: Callable[[User], Client]
) -> None:
    web = login(manager)
    response = web.post(
        "/ops/governance/meetings/new/",
        form_data(**{"title": "", "att-1-name": "", "att-1-organisation": "x"}),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "このフィールドは必須です" in body
    assert Meeting.objects.count() == 0


def test_client_confirms_through_the_view_and_the_record_locks(
    contract: Contract,
    manager: User,
    client_user: User,
    login: Callable[[User], Client],
    django_user_model: Any,
) -> None:
    meeting = make_meeting(contract, manager, submit=True)
    web = login(client_user)
    page = web.get(f"/ops/governance/meetings/{meeting.pk}/").content.decode()
    assert "確認する" in page and "修正を依頼する" in page
    response = web.post(
        f"/ops/governance/meetings/{meeting.pk}/confirm/", {"comment": "内容を確認しました"}
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CONFIRMED
    assert meeting.confirmed_by == client_user
    assert len(meeting.content_sha256) == 64
    event = AuditEvent.objects.get(action="meeting.confirm", object_id=str(meeting.pk))
    assert event.actor == client_user
    page = web.get(f"/ops/governance/meetings/{meeting.pk}/").content.decode()
    assert meeting.content_sha256 in page
    assert "内容は確認時のままです" in page


def test_client_requests_changes_with_a_comment(
    contract: Contract, manager: User, client_user: User, login: Callable[[User], Client]
) -> None:
    meeting = make_meeting(contract, manager, submit=True)
    web = login(client_user)
    empty = web.post(f"/ops/governance/meetings/{meeting.pk}/request-changes/", {"comment": ""})
    assert empty.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.SUBMITTED
    follow = web.get(f"/ops/governance/meetings/{meeting.pk}/").content.decode()
    assert "修正を依頼する内容をコメントに入力してください" in follow
    web.post(
        f"/ops/governance/meetings/{meeting.pk}/request-changes/",
        {"comment": "出席者に課長を加えてください"},
    )
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CHANGES_REQUESTED
    review = meeting.reviews.get(kind="changes_requested")
    assert (review.actor, review.comment) == (client_user, "出席者に課長を加えてください")
    assert AuditEvent.objects.filter(action="meeting.request_changes", actor=client_user).exists()
    manager_page = login(manager).get(f"/ops/governance/meetings/{meeting.pk}/").content.decode()
    assert "発注者からの修正依頼" in manager_page
    assert "出席者に課長を加えてください" in manager_page


def test_only_the_client_role_confirms(
    contract: Contract, manager: User, login: Callable[[User], Client]
) -> None:
    meeting = make_meeting(contract, manager, submit=True)
    response = login(manager).post(f"/ops/governance/meetings/{meeting.pk}/confirm/")
    assert response.status_code == 403
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.SUBMITTED


def test_confirmed_record_refuses_edits_through_the_view(
    contract: Contract, manager: User, client_user: User, login: Callable[[User], Client]
) -> None:
    meeting = make_meeting(contract, manager, submit=True)
    meeting_confirm(actor=client_user, meeting=meeting)
    web = login(manager)
    assert web.get(f"/ops/governance/meetings/{meeting.pk}/edit/").status_code == 302
    web.post(f"/ops/governance/meetings/{meeting.pk}/edit/", form_data(title="改ざん"))
    meeting.refresh_from_db()
    assert meeting.title == "業務着手時の打合せ"
    response = web.post(f"/ops/governance/meetings/{meeting.pk}/correct/")
    correction = Meeting.objects.get(corrects=meeting)
    assert response["Location"] == f"/ops/governance/meetings/{correction.pk}/edit/"


def test_client_does_not_see_drafts(
    contract: Contract, manager: User, client_user: User, login: Callable[[User], Client]
) -> None:
    draft = make_meeting(contract, manager)
    web = login(client_user)
    assert web.get(f"/ops/governance/meetings/{draft.pk}/").status_code == 404
    assert "業務着手時の打合せ" not in web.get("/ops/governance/meetings/").content.decode()


def test_pdf_shows_content_and_both_confirmations(
    contract: Contract, manager: User, client_user: User, login: Callable[[User], Client]
) -> None:
    meeting = make_meeting(contract, manager, submit=True)
    meeting = meeting_confirm(actor=client_user, meeting=meeting)
    response = login(client_user).get(f"/ops/governance/meetings/{meeting.pk}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for expected in [
        "打合せ記録簿",
        "第1号",
        "業務着手時の打合せ",
        "令和6年9月10日（火）10:00〜11:30",
        "県庁第3会議室",
        "デジタルみやぎ推進課県職員一郎",
        "受注者業務責任者受注花子",
        "ポスターはデザイン案Bを基本とする。",
        "コールセンターのFAQ案を提出する",
        "令和6年9月20日",
        "受注者（記録・提出）受注者受注花子",
        "発注者（確認）宮城県県職員一郎",
        meeting.content_sha256[:32],
    ]:
        assert expected in text, expected
    assert "案】" not in text
    draft = make_meeting(contract, manager)
    draft_text = pdf_text(login(manager).get(f"/ops/governance/meetings/{draft.pk}/pdf/").content)
    assert "【案】" in draft_text
    assert "未確認" in draft_text


def test_attachments_upload_and_download(
    contract: Contract, manager: User, client_user: User, login: Callable[[User], Client]
) -> None:
    meeting = make_meeting(contract, manager)
    web = login(manager)
    upload = SimpleUploadedFile("配布資料.txt", "議題メモ".encode())
    web.post(f"/ops/governance/meetings/{meeting.pk}/attachments/", {"file": upload})
    attachment = meeting.attachments.get()
    assert attachment.name == "配布資料.txt"
    download = web.get(f"/ops/governance/attachments/{attachment.pk}/")
    assert download.status_code == 200
    assert download.content == "議題メモ".encode()
    assert (
        login(client_user).get(f"/ops/governance/attachments/{attachment.pk}/").status_code == 404
    )
    meeting_submit(actor=manager, meeting=meeting)
    assert (
        login(client_user).get(f"/ops/governance/attachments/{attachment.pk}/").status_code == 200
    )


def test_action_item_list_and_status_update(
    contract: Contract,
    manager: User,
    login: Callable[[User], Client],
    settings: Any,
    django_assert_max_num_queries: Any,
) -> None:
    settings.FUKYU_TODAY = "2024-10-01"
    for n in range(5):
        make_meeting(contract, manager, title=f"打合せ{n}")
    web = login(manager)
    with django_assert_max_num_queries(15):
        page = web.get("/ops/governance/actions/", {"overdue": "1"})
    body = page.content.decode()
    assert body.count("期限切れ</span>") == 5
    item = ActionItem.objects.first()
    assert item is not None
    response = web.post(
        f"/ops/governance/actions/{item.pk}/status/", {"status": "done", "next": "/evil.example/"}
    )
    assert response["Location"] == "/ops/governance/actions/"
    item.refresh_from_db()
    assert item.status == ActionItem.Status.DONE
    with django_assert_max_num_queries(15):
        web.get("/ops/governance/meetings/")


def test_home_panels(
    contract: Contract,
    manager: User,
    client_user: User,
    login: Callable[[User], Client],
    settings: Any,
) -> None:
    settings.FUKYU_TODAY = "2024-10-01"
    make_meeting(contract, manager, submit=True)
    manager_home = login(manager).get("/ops/").content.decode()
    assert "期限を過ぎた対応事項" in manager_home
    assert "コールセンターのFAQ案を提出する" in manager_home
    client_home = login(client_user).get("/ops/").content.decode()
    assert "確認をお願いしている書類" in client_home
    assert "打合せ記録 第1号「業務着手時の打合せ」" in client_home
    assert "期限を過ぎた対応事項" not in client_home
