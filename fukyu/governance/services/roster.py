"""Staff roster changes and the written notices that must precede them (特記事項第3第2項)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from fukyu.accounts.models import User
from fukyu.audit.services import audit_record, diff, snapshot
from fukyu.core import clock
from fukyu.core.models import Contract
from fukyu.governance.models import RosterChange, RosterMember, RosterNotice
from fukyu.governance.services.common import (
    StateConflictError,
    acting_user,
    lock_contract,
    next_number,
)

VALUE_FIELDS = ("name", "organisation", "role_title", "duties", "is_pi_manager", "is_pi_handler")
NOTICE_REQUIRED_MESSAGE = (
    "個人情報管理責任者・業務従事者の変更は、発注者への事前の書面による報告"
    "（個人情報取扱特記事項第3第2項）を記録するまで反映できません"
)


@dataclass(frozen=True)
class MemberValues:
    name: str
    organisation: str
    role_title: str
    duties: str = ""
    is_pi_manager: bool = False
    is_pi_handler: bool = False
    user: User | None = None


def member_values(member: RosterMember) -> MemberValues:
    return MemberValues(
        name=member.name,
        organisation=member.organisation,
        role_title=member.role_title,
        duties=member.duties,
        is_pi_manager=member.is_pi_manager,
        is_pi_handler=member.is_pi_handler,
        user=member.user,
    )


def _member_json(member: RosterMember) -> dict[str, Any]:
    data = snapshot(member, VALUE_FIELDS)
    data["user"] = member.user.get_username() if member.user else None
    return data


def _notice_needed(kind: str, member: RosterMember | None, values: MemberValues) -> bool:
    touches_now = member is not None and member.handles_personal_data
    touches_after = kind != RosterChange.Kind.REMOVE and (
        values.is_pi_manager or values.is_pi_handler
    )
    return touches_now or touches_after


def roster_change_propose(
    *,
    actor: Any,
    contract: Contract,
    kind: str,
    member: RosterMember | None = None,
    values: MemberValues | None = None,
    reason: str = "",
    planned_on: dt.date | None = None,
) -> RosterChange:
    """Propose an addition, change or removal; it takes effect only through roster_change_apply."""
    if kind not in RosterChange.Kind.values:
        raise ValidationError({"kind": "変更の種類が不正です"})
    if kind == RosterChange.Kind.ADD:
        if member is not None:
            raise ValidationError({"member": "追加では対象者を指定しません"})
        if values is None:
            raise ValidationError({"name": "追加する人の氏名・所属・役割を入力してください"})
    else:
        if member is None or member.contract_id != contract.pk or not member.is_current:
            raise ValidationError({"member": "現在の名簿に載っている人を選んでください"})
        if kind == RosterChange.Kind.REMOVE:
            values = member_values(member)
        elif values is None or values == member_values(member):
            raise ValidationError({"name": "変更後の内容が現在と同じです"})
    assert values is not None  # noqa: S101 (narrowed above)
    with transaction.atomic():
        if member is not None:
            RosterMember.objects.select_for_update().filter(pk=member.pk).exists()
            open_change = member.changes.filter(
                status__in=[RosterChange.Status.PENDING, RosterChange.Status.NOTIFIED]
            ).first()
            if open_change is not None:
                raise StateConflictError(
                    f"{member.name}さんには反映前の変更（{open_change.get_kind_display()}）があります"
                )
        change = RosterChange(
            contract=contract,
            kind=kind,
            member=member,
            name=values.name.strip(),
            organisation=values.organisation.strip(),
            role_title=values.role_title.strip(),
            duties=values.duties,
            is_pi_manager=values.is_pi_manager,
            is_pi_handler=values.is_pi_handler,
            user=values.user,
            before=_member_json(member) if member is not None else {},
            reason=reason,
            planned_on=planned_on,
            requires_notice=_notice_needed(kind, member, values),
            created_at=clock.now(),
            created_by=acting_user(actor),
        )
        change.full_clean()
        change.save()
        audit_record(
            actor=actor,
            action="roster_change.propose",
            obj=change,
            changes={
                "kind": [None, kind],
                "requires_notice": [None, change.requires_notice],
                **diff(change.before, {**snapshot(change, VALUE_FIELDS)}),
            },
            note=reason,
        )
    return change


def roster_notice_record(
    *,
    actor: Any,
    contract: Contract,
    changes: list[RosterChange],
    notified_on: dt.date,
    method: str,
    note: str = "",
) -> RosterNotice:
    """Record the written report to the client covering `changes` (they become 'notified')."""
    if not changes:
        raise ValidationError({"changes": "報告する変更を1件以上選んでください"})
    if notified_on > clock.today():
        raise ValidationError({"notified_on": "報告日に未来の日付は指定できません"})
    with transaction.atomic():
        lock_contract(contract)
        locked = list(
            RosterChange.objects.select_for_update().filter(pk__in=[c.pk for c in changes])
        )
        if len(locked) != len({c.pk for c in changes}) or any(
            c.contract_id != contract.pk for c in locked
        ):
            raise ValidationError({"changes": "この契約の変更を選んでください"})
        not_pending = [c for c in locked if c.status != RosterChange.Status.PENDING]
        if not_pending:
            raise StateConflictError(
                "報告済み・反映済み・取消しの変更は含められません："
                + "、".join(c.name for c in not_pending)
            )
        first = not RosterNotice.objects.filter(contract=contract).exists()
        notice = RosterNotice(
            contract=contract,
            number=next_number(RosterNotice, contract),
            kind=RosterNotice.Kind.INITIAL if first else RosterNotice.Kind.CHANGE,
            notified_on=notified_on,
            method=method,
            note=note,
            recorded_at=clock.now(),
            recorded_by=acting_user(actor),
        )
        notice.full_clean()
        notice.save()
        RosterChange.objects.filter(pk__in=[c.pk for c in locked]).update(
            status=RosterChange.Status.NOTIFIED, notice=notice
        )
        audit_record(
            actor=actor,
            action="roster_notice.record",
            obj=notice,
            changes={
                "notified_on": [None, notified_on],
                "method": [None, method],
                "changes": [None, [str(c) for c in locked]],
            },
            note=note,
        )
    return notice


def roster_change_apply(*, actor: Any, change: RosterChange) -> RosterChange:
    """Make the change effective. A change touching personal-information staff needs a notice."""
    with transaction.atomic():
        locked = RosterChange.objects.select_for_update().get(pk=change.pk)
        if locked.status not in (RosterChange.Status.PENDING, RosterChange.Status.NOTIFIED):
            raise StateConflictError(
                f"この変更は反映できません（現在の状況：{locked.get_status_display()}）"
            )
        if locked.requires_notice and (
            locked.status != RosterChange.Status.NOTIFIED or locked.notice_id is None
        ):
            raise StateConflictError(NOTICE_REQUIRED_MESSAGE)
        now = clock.now()
        member = locked.member
        before = _member_json(member) if member is not None else {}
        if locked.kind == RosterChange.Kind.ADD:
            top = RosterMember.objects.filter(contract=locked.contract).count()
            member = RosterMember(contract=locked.contract, order=top, effective_from=now)
        assert member is not None  # noqa: S101 (update and remove always have one)
        if locked.kind == RosterChange.Kind.REMOVE:
            member.is_current = False
            member.ended_at = now
        else:
            for name in VALUE_FIELDS:
                setattr(member, name, getattr(locked, name))
            member.user = locked.user
        member.full_clean()
        member.save()
        locked.member = member
        locked.status = RosterChange.Status.EFFECTIVE
        locked.applied_at = now
        locked.applied_by = acting_user(actor)
        locked.save(update_fields=["member", "status", "applied_at", "applied_by"])
        after = _member_json(member) if member.is_current else {}
        audit_record(
            actor=actor,
            action="roster_change.apply",
            obj=member,
            changes={"kind": [None, locked.kind], **diff(before, after)},
            note=f"通知：{locked.notice}" if locked.notice_id else "事前報告の対象外",
        )
    return locked


def roster_change_cancel(*, actor: Any, change: RosterChange) -> RosterChange:
    with transaction.atomic():
        locked = RosterChange.objects.select_for_update().get(pk=change.pk)
        if not locked.is_open:
            raise StateConflictError("反映済み・取消し済みの変更は取り消せません")
        before = locked.status
        locked.status = RosterChange.Status.CANCELLED
        locked.cancelled_at = clock.now()
        locked.save(update_fields=["status", "cancelled_at"])
        audit_record(
            actor=actor,
            action="roster_change.cancel",
            obj=locked,
            changes={"status": [before, locked.status]},
        )
    return locked


def roster_notice_acknowledge(*, actor: Any, notice: RosterNotice) -> RosterNotice:
    with transaction.atomic():
        locked = RosterNotice.objects.select_for_update().get(pk=notice.pk)
        if locked.acknowledged_at is not None:
            raise StateConflictError("この届は受領確認済みです")
        locked.acknowledged_at = clock.now()
        locked.acknowledged_by = acting_user(actor)
        locked.save(update_fields=["acknowledged_at", "acknowledged_by"])
        audit_record(
            actor=actor,
            action="roster_notice.acknowledge",
            obj=locked,
            changes={"acknowledged_at": [None, locked.acknowledged_at]},
        )
    return locked
