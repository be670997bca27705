"""Reads of the governance app. Drafts are the contractor's own: the client never sees them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from fukyu.accounts.permissions import has_perm
from fukyu.core.models import Contract
from fukyu.governance.hashing import meeting_content_hash
from fukyu.governance.models import (
    ActionItem,
    EmailAgreement,
    Meeting,
    MeetingReview,
    PlanTask,
    RosterChange,
    RosterMember,
    RosterNotice,
    WorkPlan,
)


def sees_drafts(user: Any) -> bool:
    return has_perm(user, "governance_manage")


# Meetings -----------------------------------------------------------------------------------


def meeting_list(*, contract: Contract, user: Any = None, status: str = "") -> QuerySet[Meeting]:
    qs = Meeting.objects.filter(contract=contract).select_related(
        "submitted_by", "confirmed_by", "corrects"
    )
    if user is not None and not sees_drafts(user):
        qs = qs.exclude(status=Meeting.Status.DRAFT)
    if status:
        qs = qs.filter(status=status)
    return qs


def meeting_detail_list(*, contract: Contract, user: Any = None) -> QuerySet[Meeting]:
    """Meetings with everything their page, their PDF and their hash need."""
    return (
        meeting_list(contract=contract, user=user)
        .prefetch_related(
            "attendees",
            "action_items",
            Prefetch("carried_items", queryset=ActionItem.objects.select_related("meeting")),
            "attachments",
            Prefetch("reviews", queryset=MeetingReview.objects.select_related("actor")),
            "corrections",
        )
        .select_related("contract", "source_email", "created_by")
    )


def meeting_hash_matches(meeting: Meeting) -> bool:
    """A confirmed record still has the content it was confirmed with."""
    return bool(meeting.content_sha256) and meeting_content_hash(meeting) == meeting.content_sha256


def meetings_awaiting_confirmation(*, contract: Contract) -> QuerySet[Meeting]:
    return meeting_list(contract=contract, status=Meeting.Status.SUBMITTED).order_by("submitted_at")


def meetings_returned(*, contract: Contract) -> QuerySet[Meeting]:
    return meeting_list(contract=contract, status=Meeting.Status.CHANGES_REQUESTED)


# Action items -------------------------------------------------------------------------------


def action_item_list(
    *,
    contract: Contract,
    user: Any = None,
    status: str = "",
    overdue_on: dt.date | None = None,
) -> QuerySet[ActionItem]:
    # The list needs only the meeting's number, title and status: leave its long texts behind.
    qs = (
        ActionItem.objects.filter(meeting__contract=contract)
        .select_related("meeting")
        .defer("meeting__agenda", "meeting__minutes", "meeting__decisions")
    )
    if user is not None and not sees_drafts(user):
        qs = qs.exclude(meeting__status=Meeting.Status.DRAFT)
    qs = qs.filter(status=status) if status else qs.exclude(status=ActionItem.Status.SUPERSEDED)
    if overdue_on is not None:
        qs = qs.filter(status=ActionItem.Status.OPEN, due_on__lt=overdue_on)
    return qs.order_by("status", "due_on", "meeting__number", "order", "id")


def overdue_action_items(*, contract: Contract, today: dt.date) -> QuerySet[ActionItem]:
    return action_item_list(contract=contract, overdue_on=today)


# Work plan ----------------------------------------------------------------------------------


def work_plan_list(*, contract: Contract, user: Any = None) -> QuerySet[WorkPlan]:
    qs = WorkPlan.objects.filter(contract=contract).select_related(
        "submitted_by", "acknowledged_by", "created_by"
    )
    if user is not None and not sees_drafts(user):
        qs = qs.exclude(status=WorkPlan.Status.DRAFT)
    return qs.order_by("-version")


def work_plan_latest(*, contract: Contract, user: Any = None) -> WorkPlan | None:
    return work_plan_list(contract=contract, user=user).first()


def plan_tasks(*, plan: WorkPlan) -> list[PlanTask]:
    return list(
        plan.tasks.select_related("work_item")
        .prefetch_related("depends_on")
        .order_by("order", "starts_on", "id")
    )


# Roster -------------------------------------------------------------------------------------


def roster_current(*, contract: Contract) -> QuerySet[RosterMember]:
    return RosterMember.objects.filter(contract=contract, is_current=True).select_related("user")


def pi_staff_list(*, contract: Contract) -> QuerySet[RosterMember]:
    """The effective roster members who are personal-information managers or handlers
    (each with user, name, organisation, is_pi_manager, is_pi_handler)."""
    return roster_current(contract=contract).filter(Q(is_pi_manager=True) | Q(is_pi_handler=True))


def roster_change_list(*, contract: Contract, open_only: bool = False) -> QuerySet[RosterChange]:
    qs = RosterChange.objects.filter(contract=contract).select_related(
        "member", "notice", "user", "created_by", "applied_by"
    )
    if open_only:
        qs = qs.filter(status__in=[RosterChange.Status.PENDING, RosterChange.Status.NOTIFIED])
    return qs


def roster_notice_list(*, contract: Contract) -> QuerySet[RosterNotice]:
    return RosterNotice.objects.filter(contract=contract).select_related(
        "recorded_by", "acknowledged_by"
    )


def roster_after_notice(*, notice: RosterNotice) -> list[RosterMember | RosterChange]:
    """The roster as it stands once the notice's changes are in effect."""
    changes = [c for c in notice.changes.all() if c.status != RosterChange.Status.CANCELLED]
    by_member = {c.member_id: c for c in changes if c.member_id}
    rows: list[RosterMember | RosterChange] = []
    for m in roster_current(contract=notice.contract):
        change = by_member.get(m.pk)
        if change is None:
            rows.append(m)
        elif change.kind == RosterChange.Kind.UPDATE:
            rows.append(change if change.status != RosterChange.Status.EFFECTIVE else m)
    rows += [
        c
        for c in changes
        if c.kind == RosterChange.Kind.ADD and c.status != RosterChange.Status.EFFECTIVE
    ]
    return rows


# E-mail agreements --------------------------------------------------------------------------


def email_agreement_list(*, contract: Contract) -> QuerySet[EmailAgreement]:
    return EmailAgreement.objects.filter(contract=contract).select_related("created_by", "meeting")


# What was submitted to the client and acknowledged, for the reports and deadline boards ------


@dataclass(frozen=True)
class Submission:
    kind: str  # "work_plan" | "staff_roster" | "meeting"
    kind_label: str
    object_id: int
    title: str
    status_label: str
    submitted_on: dt.date | None
    submitted_at: dt.datetime | None
    submitted_by: str
    acknowledged_at: dt.datetime | None
    acknowledged_by: str


def _name(user: Any) -> str:
    return str(user) if user is not None else ""


def submission_log(*, contract: Contract) -> list[Submission]:
    """Every document handed to the client (plans, rosters, meeting records), oldest first:
    when it was submitted and by whom, and when the client acknowledged or confirmed it."""
    rows: list[Submission] = [
        Submission(
            kind="work_plan",
            kind_label="業務実施計画書",
            object_id=p.pk,
            title=str(p),
            status_label=p.get_status_display(),
            submitted_on=p.submitted_at.date() if p.submitted_at else None,
            submitted_at=p.submitted_at,
            submitted_by=_name(p.submitted_by),
            acknowledged_at=p.acknowledged_at,
            acknowledged_by=_name(p.acknowledged_by),
        )
        for p in work_plan_list(contract=contract).exclude(status=WorkPlan.Status.DRAFT)
    ]
    rows += [
        Submission(
            kind="staff_roster",
            kind_label=n.get_kind_display(),
            object_id=n.pk,
            title=str(n),
            status_label="受領確認済み" if n.acknowledged_at else "受領確認待ち",
            submitted_on=n.notified_on,
            submitted_at=n.recorded_at,
            submitted_by=_name(n.recorded_by),
            acknowledged_at=n.acknowledged_at,
            acknowledged_by=_name(n.acknowledged_by),
        )
        for n in roster_notice_list(contract=contract)
    ]
    rows += [
        Submission(
            kind="meeting",
            kind_label="打合せ記録簿",
            object_id=m.pk,
            title=str(m),
            status_label=m.get_status_display(),
            submitted_on=m.submitted_at.date() if m.submitted_at else None,
            submitted_at=m.submitted_at,
            submitted_by=_name(m.submitted_by),
            acknowledged_at=m.confirmed_at,
            acknowledged_by=_name(m.confirmed_by),
        )
        for m in meeting_list(contract=contract).exclude(status=Meeting.Status.DRAFT)
    ]
    return sorted(rows, key=lambda r: (r.submitted_on or dt.date.max, r.kind, r.object_id))
