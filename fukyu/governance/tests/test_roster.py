"""The staff roster: changes to personal-information staff wait for a prior notice (第3第2項)."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from typing import Any

import docx
import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from pypdf import PdfReader

from fukyu.accounts.models import User
from fukyu.audit.models import AuditEvent
from fukyu.core.models import Contract
from fukyu.governance.models import RosterChange, RosterMember, RosterNotice
from fukyu.governance.selectors import pi_staff_list, roster_current, submission_log
from fukyu.governance.services import (
    NOTICE_REQUIRED_MESSAGE,
    MemberValues,
    StateConflictError,
    member_values,
    roster_change_apply,
    roster_change_cancel,
    roster_change_propose,
    roster_notice_acknowledge,
    roster_notice_record,
)

LEADER = MemberValues(
    name="責任 太郎",
    organisation="受注者 本社",
    role_title="業務責任者",
    duties="業務全体の統括",
    is_pi_manager=True,
)
OPERATOR = MemberValues(
    name="応対 花子",
    organisation="受注者 コールセンター",
    role_title="オペレーター",
    duties="問い合わせ対応",
    is_pi_handler=True,
)
DESIGNER = MemberValues(
    name="制作 次郎", organisation="協力会社", role_title="デザイナー", duties="ポスター制作"
)


def text_of_docx(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return re.sub(r"\s+", "", "".join(parts))


def text_of_pdf(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in reader.pages))


@pytest.fixture
def manager(make_user: Callable[..., User]) -> User:
    return make_user("manager", display_name="受注 花子")


def add(contract: Contract, actor: User, values: MemberValues) -> RosterChange:
    return roster_change_propose(actor=actor, contract=contract, kind="add", values=values)


def notify(contract: Contract, actor: User, *changes: RosterChange) -> RosterNotice:
    return roster_notice_record(
        actor=actor,
        contract=contract,
        changes=list(changes),
        notified_on=dt.date(2024, 9, 2),
        method=RosterNotice.Method.DOCUMENT,
    )


def test_pi_change_cannot_take_effect_before_notice(contract: Contract, manager: User) -> None:
    change = add(contract, manager, LEADER)
    assert change.requires_notice
    with pytest.raises(StateConflictError) as caught:
        roster_change_apply(actor=manager, change=change)
    assert str(caught.value) == NOTICE_REQUIRED_MESSAGE
    assert not RosterMember.objects.exists()
    notice = notify(contract, manager, change)
    change.refresh_from_db()
    assert (change.status, change.notice) == (RosterChange.Status.NOTIFIED, notice)
    assert notice.kind == RosterNotice.Kind.INITIAL
    applied = roster_change_apply(actor=manager, change=change)
    assert applied.status == RosterChange.Status.EFFECTIVE
    member = RosterMember.objects.get()
    assert (member.name, member.is_pi_manager, member.is_current) == ("責任 太郎", True, True)
    event = AuditEvent.objects.get(action="roster_change.apply")
    assert event.changes["name"] == [None, "責任 太郎"]
    assert "第1号" in event.note


def test_non_pi_change_takes_effect_without_notice(contract: Contract, manager: User) -> None:
    change = add(contract, manager, DESIGNER)
    assert not change.requires_notice
    roster_change_apply(actor=manager, change=change)
    assert list(roster_current(contract=contract).values_list("name", flat=True)) == ["制作 次郎"]
    assert pi_staff_list(contract=contract).count() == 0


def test_update_and_removal_of_pi_staff_need_notice(contract: Contract, manager: User) -> None:
    first = add(contract, manager, OPERATOR)
    notify(contract, manager, first)
    member = roster_change_apply(actor=manager, change=first).member
    assert member is not None
    duties = MemberValues(**{**member_values(member).__dict__, "duties": "SV 補助"})
    update = roster_change_propose(
        actor=manager, contract=contract, kind="update", member=member, values=duties
    )
    assert update.requires_notice
    assert update.before["duties"] == "問い合わせ対応"
    with pytest.raises(StateConflictError, match="反映前の変更"):
        roster_change_propose(actor=manager, contract=contract, kind="remove", member=member)
    with pytest.raises(StateConflictError, match="第3第2項"):
        roster_change_apply(actor=manager, change=update)
    second = notify(contract, manager, update)
    assert second.kind == RosterNotice.Kind.CHANGE
    assert second.number == 2
    roster_change_apply(actor=manager, change=update)
    member.refresh_from_db()
    assert member.duties == "SV 補助"
    removal = roster_change_propose(actor=manager, contract=contract, kind="remove", member=member)
    assert removal.requires_notice
    with pytest.raises(StateConflictError):
        roster_change_apply(actor=manager, change=removal)
    notify(contract, manager, removal)
    roster_change_apply(actor=manager, change=removal)
    member.refresh_from_db()
    assert not member.is_current
    assert member.ended_at is not None
    assert pi_staff_list(contract=contract).count() == 0


def test_making_a_plain_member_a_handler_needs_notice(contract: Contract, manager: User) -> None:
    member = roster_change_apply(actor=manager, change=add(contract, manager, DESIGNER)).member
    assert member is not None
    promoted = MemberValues(**{**member_values(member).__dict__, "is_pi_handler": True})
    change = roster_change_propose(
        actor=manager, contract=contract, kind="update", member=member, values=promoted
    )
    assert change.requires_notice
    with pytest.raises(StateConflictError):
        roster_change_apply(actor=manager, change=change)
    roster_change_cancel(actor=manager, change=change)
    same = member_values(member)
    with pytest.raises(ValidationError, match="同じ"):
        roster_change_propose(
            actor=manager, contract=contract, kind="update", member=member, values=same
        )


def test_pi_staff_list_has_only_effective_pi_members(
    contract: Contract, manager: User, make_user: Callable[..., User]
) -> None:
    account = make_user("operator", username="oto_hanako")
    linked = MemberValues(**{**OPERATOR.__dict__, "user": account})
    leader, operator, designer = (add(contract, manager, v) for v in (LEADER, linked, DESIGNER))
    pending = add(
        contract,
        manager,
        MemberValues(
            name="未反映 四郎", organisation="受注者", role_title="SV", is_pi_handler=True
        ),
    )
    notify(contract, manager, leader, operator)
    for change in (leader, operator, designer):
        roster_change_apply(actor=manager, change=change)
    staff = list(pi_staff_list(contract=contract))
    assert [(m.name, m.organisation, m.is_pi_manager, m.is_pi_handler) for m in staff] == [
        ("責任 太郎", "受注者 本社", True, False),
        ("応対 花子", "受注者 コールセンター", False, True),
    ]
    assert staff[1].user == account
    assert pending.status == RosterChange.Status.PENDING


def test_notice_rules(contract: Contract, manager: User, make_user: Callable[..., User]) -> None:
    change = add(contract, manager, LEADER)
    with pytest.raises(ValidationError, match="未来"):
        roster_notice_record(
            actor=manager,
            contract=contract,
            changes=[change],
            notified_on=dt.date(2999, 1, 1),
            method="document",
        )
    with pytest.raises(ValidationError):
        roster_notice_record(
            actor=manager,
            contract=contract,
            changes=[],
            notified_on=dt.date(2024, 9, 2),
            method="document",
        )
    notice = notify(contract, manager, change)
    with pytest.raises(StateConflictError, match="報告済み"):
        notify(contract, manager, change)
    client = make_user("client", display_name="県職員 一郎")
    roster_notice_acknowledge(actor=client, notice=notice)
    with pytest.raises(StateConflictError):
        roster_notice_acknowledge(actor=client, notice=notice)
    log = submission_log(contract=contract)
    assert [(r.kind, r.submitted_on, r.acknowledged_by) for r in log] == [
        ("staff_roster", dt.date(2024, 9, 2), "県職員 一郎")
    ]


def test_cancelled_change_cannot_be_applied(contract: Contract, manager: User) -> None:
    change = add(contract, manager, DESIGNER)
    roster_change_cancel(actor=manager, change=change)
    with pytest.raises(StateConflictError):
        roster_change_apply(actor=manager, change=change)
    assert not RosterMember.objects.exists()


def test_roster_screens_enforce_notice_then_apply(
    contract: Contract, manager: User, login: Callable[[User], Client]
) -> None:
    web = login(manager)
    response = web.post(
        "/ops/governance/roster/add/",
        {
            "name": "責任 太郎",
            "organisation": "受注者 本社",
            "role_title": "業務責任者",
            "duties": "統括",
            "is_pi_manager": "on",
            "reason": "業務開始",
        },
    )
    assert response.status_code == 302
    change = RosterChange.objects.get()
    web.post(f"/ops/governance/roster/changes/{change.pk}/apply/")
    change.refresh_from_db()
    assert change.status == RosterChange.Status.PENDING
    page = web.get("/ops/governance/roster/").content.decode()
    assert "第3第2項" in page
    assert "報告を記録すると反映できます" in page
    response = web.post(
        "/ops/governance/roster/notices/new/",
        {"changes": [change.pk], "notified_on": "2024-09-02", "method": "document"},
    )
    notice = RosterNotice.objects.get()
    assert response["Location"] == f"/ops/governance/roster/notices/{notice.pk}/"
    web.post(f"/ops/governance/roster/changes/{change.pk}/apply/")
    change.refresh_from_db()
    assert change.status == RosterChange.Status.EFFECTIVE
    assert AuditEvent.objects.filter(action="roster_notice.record", actor=manager).exists()


def test_client_acknowledges_a_notice_through_the_view(
    contract: Contract,
    manager: User,
    make_user: Callable[..., User],
    login: Callable[[User], Client],
) -> None:
    notice = notify(contract, manager, add(contract, manager, LEADER))
    client = make_user("client")
    web = login(client)
    assert (
        "受領を確認する" in web.get(f"/ops/governance/roster/notices/{notice.pk}/").content.decode()
    )
    web.post(f"/ops/governance/roster/notices/{notice.pk}/acknowledge/")
    notice.refresh_from_db()
    assert notice.acknowledged_by == client
    assert web.get("/ops/governance/roster/add/").status_code == 403


def test_roster_exports_as_the_todoke(
    contract: Contract, manager: User, login: Callable[[User], Client], settings: Any
) -> None:
    settings.FUKYU_TODAY = "2024-09-13"
    changes = [add(contract, manager, v) for v in (LEADER, OPERATOR, DESIGNER)]
    notify(contract, manager, *changes)
    for change in changes:
        roster_change_apply(actor=manager, change=change)
    web = login(manager)
    docx_response = web.get("/ops/governance/roster/docx/")
    assert docx_response.status_code == 200
    text = text_of_docx(docx_response.content)
    for expected in [
        "業務従事者等届",
        "令和6年9月13日",
        "宮城県知事殿",
        "責任太郎",
        "業務責任者",
        "応対花子",
        "オペレーター",
        "制作次郎",
        "個人情報取扱特記事項第3第1項",
    ]:
        assert expected in text, expected
    table = docx.Document(io.BytesIO(docx_response.content)).tables[0]
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[1][1:] == ["責任 太郎", "受注者 本社", "業務責任者", "業務全体の統括", "○", ""]
    assert rows[2][5:] == ["", "○"]
    pdf = text_of_pdf(web.get("/ops/governance/roster/pdf/").content)
    for expected in ["業務従事者等届", "令和6年9月13日", "責任太郎", "応対花子", "制作次郎"]:
        assert expected in pdf, expected


def test_change_notice_document_lists_the_change_and_the_resulting_roster(
    contract: Contract, manager: User, login: Callable[[User], Client]
) -> None:
    first = add(contract, manager, OPERATOR)
    notify(contract, manager, first)
    member = roster_change_apply(actor=manager, change=first).member
    assert member is not None
    replacement = add(
        contract,
        manager,
        MemberValues(
            name="後任 五郎", organisation="受注者", role_title="オペレーター", is_pi_handler=True
        ),
    )
    removal = roster_change_propose(
        actor=manager,
        contract=contract,
        kind="remove",
        member=member,
        reason="異動のため",
        planned_on=dt.date(2024, 12, 1),
    )
    notice = notify(contract, manager, replacement, removal)
    web = login(manager)
    text = text_of_pdf(web.get(f"/ops/governance/roster/notices/{notice.pk}/pdf/").content)
    for expected in [
        "業務従事者等変更届",
        "第3第2項",
        "令和6年9月2日",
        "追加",
        "後任五郎",
        "削除",
        "応対花子",
        "異動のため",
        "令和6年12月1日",
    ]:
        assert expected in text, expected
    document = docx.Document(
        io.BytesIO(web.get(f"/ops/governance/roster/notices/{notice.pk}/docx/").content)
    )
    after = [[c.text for c in row.cells] for row in document.tables[-1].rows]
    assert [r[1] for r in after[1:]] == ["後任 五郎"]
