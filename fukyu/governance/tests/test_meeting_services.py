"""Meeting records through the services: workflow, lock, content hash, corrections, carry-over."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from fukyu.accounts.models import User
from fukyu.audit.models import AuditEvent
from fukyu.core.models import Contract
from fukyu.governance.hashing import meeting_content_hash
from fukyu.governance.models import ActionItem, Meeting, MeetingAttendee
from fukyu.governance.selectors import meeting_hash_matches, submission_log
from fukyu.governance.services import (
    ActionItemData,
    StateConflictError,
    action_item_set_status,
    attachment_add,
    meeting_confirm,
    meeting_correct,
    meeting_data,
    meeting_request_changes,
    meeting_submit,
    meeting_update,
    meeting_withdraw,
)
from fukyu.governance.tests.factories import HELD_AT, make_meeting
from fukyu.governance.tests.factories import meeting_data as sample


@pytest.fixture
def manager(make_user: Callable[..., User]) -> User:
    return make_user("manager", display_name="受注 花子", organisation="受注者")


@pytest.fixture
def client_user(make_user: Callable[..., User]) -> User:
    return make_user("client", display_name="県職員 一郎", organisation="宮城県")


def test_create_numbers_records_and_audits(contract: Contract, manager: User) -> None:
    first = make_meeting(contract, manager)
    second = make_meeting(contract, manager, title="第2回")
    assert (first.number, second.number) == (1, 2)
    assert first.status == Meeting.Status.DRAFT
    assert [a.side for a in first.attendees.all()] == ["client", "contractor"]
    event = AuditEvent.objects.get(action="meeting.create", object_id=str(first.pk))
    assert event.actor == manager
    assert event.changes["title"] == [None, "業務着手時の打合せ"]


def test_submit_requires_both_sides_and_content(contract: Contract, manager: User) -> None:
    only_client = sample().attendees[:1]
    meeting = make_meeting(contract, manager, attendees=only_client, minutes="", decisions="")
    with pytest.raises(ValidationError) as caught:
        meeting_submit(actor=manager, meeting=meeting)
    assert "受注者側の出席者を入力してください" in caught.value.messages
    assert "協議内容または決定事項を入力してください" in caught.value.messages
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.DRAFT


def test_full_workflow_locks_and_hashes(
    contract: Contract, manager: User, client_user: User
) -> None:
    meeting = make_meeting(contract, manager, submit=True)
    assert meeting.submitted_by == manager
    with pytest.raises(StateConflictError, match="提出済み"):
        meeting_update(actor=manager, meeting=meeting, data=sample(title="変更"))
    returned = meeting_request_changes(
        actor=client_user, meeting=meeting, comment="決定事項に日付を入れてください"
    )
    assert returned.status == Meeting.Status.CHANGES_REQUESTED
    meeting_update(
        actor=manager, meeting=meeting, data=sample(decisions="ポスターは案B（9月20日決定）。")
    )
    meeting_submit(actor=manager, meeting=meeting)
    confirmed = meeting_confirm(actor=client_user, meeting=meeting, comment="確認しました")
    assert confirmed.status == Meeting.Status.CONFIRMED
    assert confirmed.confirmed_by == client_user
    assert len(confirmed.content_sha256) == 64
    assert confirmed.content_sha256 == meeting_content_hash(confirmed)
    assert meeting_hash_matches(confirmed)
    assert [r.kind for r in confirmed.reviews.all()] == [
        "submitted",
        "changes_requested",
        "submitted",
        "confirmed",
    ]
    with pytest.raises(StateConflictError, match="確認済み"):
        meeting_update(actor=manager, meeting=confirmed, data=sample(title="後から変更"))
    with pytest.raises(StateConflictError):
        attachment_add(
            actor=manager,
            meeting=confirmed,
            upload=SimpleUploadedFile("追加資料.pdf", b"%PDF-1.4 test"),
        )
    confirmed.refresh_from_db()
    assert confirmed.title == "業務着手時の打合せ"
    actions = list(
        AuditEvent.objects.filter(object_id=str(meeting.pk), object_type="governance.meeting")
        .order_by("at", "id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "meeting.create",
        "meeting.submit",
        "meeting.request_changes",
        "meeting.update",
        "meeting.submit",
        "meeting.confirm",
    ]


def test_request_changes_needs_a_comment(
    contract: Contract, manager: User, client_user: User
) -> None:
    meeting = make_meeting(contract, manager, submit=True)
    with pytest.raises(ValidationError, match="コメント"):
        meeting_request_changes(actor=client_user, meeting=meeting, comment="  ")
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.SUBMITTED


def test_cannot_confirm_a_draft_or_twice(
    contract: Contract, manager: User, client_user: User
) -> None:
    meeting = make_meeting(contract, manager)
    with pytest.raises(StateConflictError, match="提出済みの記録だけ"):
        meeting_confirm(actor=client_user, meeting=meeting)
    meeting_submit(actor=manager, meeting=meeting)
    meeting_confirm(actor=client_user, meeting=meeting)
    with pytest.raises(StateConflictError, match="確認済み"):
        meeting_confirm(actor=client_user, meeting=meeting)


def test_withdraw_returns_to_draft(contract: Contract, manager: User) -> None:
    meeting = make_meeting(contract, manager, submit=True)
    meeting_withdraw(actor=manager, meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.DRAFT
    meeting_update(actor=manager, meeting=meeting, data=sample(title="取り下げ後の修正"))
    meeting.refresh_from_db()
    assert meeting.title == "取り下げ後の修正"


def test_hash_detects_tampering_and_is_canonical(
    contract: Contract, manager: User, client_user: User
) -> None:
    meeting = make_meeting(contract, manager, submit=True)
    confirmed = meeting_confirm(actor=client_user, meeting=meeting)
    twin = make_meeting(contract, manager, submit=True)
    assert meeting_content_hash(twin) != confirmed.content_sha256  # the number differs
    Meeting.objects.filter(pk=confirmed.pk).update(decisions="書き換えられた決定事項")
    confirmed.refresh_from_db()
    assert not meeting_hash_matches(confirmed)
    MeetingAttendee.objects.filter(meeting=confirmed).update(name="別人")
    Meeting.objects.filter(pk=confirmed.pk).update(decisions="ポスターはデザイン案Bを基本とする。")
    confirmed.refresh_from_db()
    assert not meeting_hash_matches(confirmed)


def test_action_item_status_can_change_after_lock_without_breaking_hash(
    contract: Contract, manager: User, client_user: User
) -> None:
    meeting = make_meeting(contract, manager, submit=True)
    meeting_confirm(actor=client_user, meeting=meeting)
    item = meeting.action_items.get()
    action_item_set_status(actor=manager, item=item, status="done")
    item.refresh_from_db()
    assert item.status == ActionItem.Status.DONE
    assert item.completed_on is not None
    meeting.refresh_from_db()
    assert meeting_hash_matches(meeting)
    with pytest.raises(ValidationError):
        action_item_set_status(actor=manager, item=item, status="superseded")
    assert AuditEvent.objects.filter(
        action="action_item.set_status", object_id=str(item.pk)
    ).exists()


def test_open_items_are_carried_into_the_next_meeting(contract: Contract, manager: User) -> None:
    first = make_meeting(contract, manager)
    done = ActionItemData(description="済んだ事項", due_on=dt.date(2024, 9, 12), status="done")
    meeting_update(
        actor=manager,
        meeting=first,
        data=sample(action_items=(*meeting_data(first).action_items, done)),
    )
    second = make_meeting(
        contract, manager, title="第2回", held_at=HELD_AT + dt.timedelta(days=14), action_items=()
    )
    carried = list(second.carried_items.all())
    assert [i.description for i in carried] == ["コールセンターのFAQ案を提出する"]
    earlier = make_meeting(
        contract, manager, title="過去の打合せ", held_at=HELD_AT - dt.timedelta(days=3)
    )
    assert earlier.carried_items.count() == 0


def test_update_keeps_action_item_identity(contract: Contract, manager: User) -> None:
    meeting = make_meeting(contract, manager)
    item = meeting.action_items.get()
    kept = ActionItemData(description="FAQ案（修正）", owner="受注 花子", id=item.pk)
    meeting_update(
        actor=manager,
        meeting=meeting,
        data=sample(action_items=(kept, ActionItemData(description="新しい事項"))),
    )
    items = list(meeting.action_items.all())
    assert [(i.pk == item.pk, i.description) for i in items] == [
        (True, "FAQ案（修正）"),
        (False, "新しい事項"),
    ]
    meeting_update(actor=manager, meeting=meeting, data=sample(action_items=()))
    assert not ActionItem.objects.filter(pk=item.pk).exists()


def test_correction_is_a_new_linked_record(
    contract: Contract, manager: User, client_user: User
) -> None:
    original = make_meeting(contract, manager, submit=True)
    meeting_confirm(actor=client_user, meeting=original)
    with pytest.raises(StateConflictError):
        meeting_correct(actor=manager, original=make_meeting(contract, manager))
    correction = meeting_correct(actor=manager, original=original)
    assert correction.corrects == original
    assert correction.status == Meeting.Status.DRAFT
    assert correction.number == 3
    assert correction.decisions == original.decisions
    with pytest.raises(StateConflictError, match="訂正版"):
        meeting_correct(actor=manager, original=original)
    meeting_update(
        actor=manager, meeting=correction, data=sample(decisions="ポスターはデザイン案Cとする。")
    )
    meeting_submit(actor=manager, meeting=correction)
    meeting_confirm(actor=client_user, meeting=correction)
    original.refresh_from_db()
    assert original.status == Meeting.Status.CONFIRMED
    assert original.decisions == "ポスターはデザイン案Bを基本とする。"
    assert original.action_items.get().status == ActionItem.Status.SUPERSEDED
    assert correction.action_items.get().status == ActionItem.Status.OPEN


def test_attachments_are_hashed_and_copied_into_a_correction(
    contract: Contract, manager: User, client_user: User
) -> None:
    meeting = make_meeting(contract, manager)
    attachment = attachment_add(
        actor=manager, meeting=meeting, upload=SimpleUploadedFile("配布資料.txt", b"agenda v1")
    )
    assert attachment.sha256 == hashlib.sha256(b"agenda v1").hexdigest()
    assert attachment.size == 9
    with pytest.raises(ValidationError):
        attachment_add(actor=manager, meeting=meeting, upload=SimpleUploadedFile("空.txt", b""))
    meeting_submit(actor=manager, meeting=meeting)
    meeting_confirm(actor=client_user, meeting=meeting)
    correction = meeting_correct(actor=manager, original=meeting)
    copy = correction.attachments.get()
    assert (copy.name, copy.sha256) == ("配布資料.txt", attachment.sha256)
    with copy.file.open("rb") as fh:
        assert fh.read() == b"agenda v1"


def test_submission_log_lists_meetings_with_both_confirmations(
    contract: Contract, manager: User, client_user: User
) -> None:
    make_meeting(contract, manager)  # a draft is not in the log
    meeting = make_meeting(contract, manager, submit=True)
    meeting_confirm(actor=client_user, meeting=meeting)
    log = submission_log(contract=contract)
    assert [(r.kind, r.object_id, r.submitted_by, r.acknowledged_by) for r in log] == [
        ("meeting", meeting.pk, "受注 花子", "県職員 一郎")
    ]
