"""Work plan, staff roster, meeting records and e-mail agreements (spec 5(4), 5(5); 特記事項第3)."""

from fukyu.governance.models.emails import EmailAgreement
from fukyu.governance.models.meetings import (
    ActionItem,
    Meeting,
    MeetingAttachment,
    MeetingAttendee,
    MeetingReview,
)
from fukyu.governance.models.plans import PlanTask, WorkItem, WorkPlan
from fukyu.governance.models.roster import RosterChange, RosterMember, RosterNotice

__all__ = [
    "ActionItem",
    "EmailAgreement",
    "Meeting",
    "MeetingAttachment",
    "MeetingAttendee",
    "MeetingReview",
    "PlanTask",
    "RosterChange",
    "RosterMember",
    "RosterNotice",
    "WorkItem",
    "WorkPlan",
]
