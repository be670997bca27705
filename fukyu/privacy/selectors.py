"""Reads of the privacy app. Objects of another contract answer 404 (filtered here)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.shortcuts import get_object_or_404

from fukyu.core import clock
from fukyu.core.calendar import TOKYO
from fukyu.core.models import Contract
from fukyu.privacy.models import (
    AccessLogEntry,
    Decision,
    ExportApproval,
    HandlingProcedure,
    Incident,
    Inspection,
    Instruction,
    PersonalContact,
    PurgeRun,
    SubcontractRequest,
    TrainingAttendance,
    TrainingSession,
    WorkLocation,
)
from fukyu.privacy.roster import PiStaff, pi_staff


def access_log_list(
    *,
    action: str = "",
    actor: str = "",
    object_type: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[AccessLogEntry]:
    qs = AccessLogEntry.objects.all()
    if action:
        qs = qs.filter(action=action)
    if actor:
        qs = qs.filter(actor_label__icontains=actor)
    if object_type:
        qs = qs.filter(object_type__icontains=object_type)
    if date_from:
        qs = qs.filter(at__gte=dt.datetime.combine(date_from, dt.time.min, tzinfo=TOKYO))
    if date_to:
        end = dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min, tzinfo=TOKYO)
        qs = qs.filter(at__lt=end)
    return qs


def access_log_summary() -> list[dict[str, Any]]:
    """Per month, action and actor: how many accesses and rows."""
    rows: dict[tuple[str, str, str], dict[str, Any]] = {}
    for entry in AccessLogEntry.objects.only("at", "action", "actor_label", "row_count"):
        month = entry.at.astimezone(TOKYO).strftime("%Y-%m")
        key = (month, entry.get_action_display(), entry.actor_label)
        row = rows.setdefault(
            key,
            {"month": month, "action": key[1], "actor": key[2], "entries": 0, "rows": 0},
        )
        row["entries"] += 1
        row["rows"] += entry.row_count
    return [rows[k] for k in sorted(rows)]


def export_approval_list(*, contract: Contract) -> QuerySet[ExportApproval]:
    return ExportApproval.objects.filter(contract=contract).select_related(
        "requested_by", "decided_by"
    )


def export_approval_get(*, contract: Contract, pk: int) -> ExportApproval:
    return get_object_or_404(export_approval_list(contract=contract), pk=pk)


def export_log(*, approval: ExportApproval | None = None) -> QuerySet[AccessLogEntry]:
    qs = AccessLogEntry.objects.filter(action=AccessLogEntry.Action.EXPORT)
    if approval is not None:
        qs = qs.filter(object_type=ExportApproval._meta.label_lower, object_id=str(approval.pk))
    return qs


def purge_run_list() -> QuerySet[PurgeRun]:
    return PurgeRun.objects.all()


def location_list(*, contract: Contract) -> QuerySet[WorkLocation]:
    return WorkLocation.objects.filter(contract=contract).select_related("notified_by")


def locations_in_effect(*, contract: Contract, day: dt.date) -> list[WorkLocation]:
    return [
        loc
        for loc in location_list(contract=contract)
        if loc.effective_from <= day and (loc.ends_on is None or loc.ends_on >= day)
    ]


def training_list(*, contract: Contract) -> QuerySet[TrainingSession]:
    return TrainingSession.objects.filter(contract=contract).annotate(
        attendee_count=Count("attendances")
    )


def attendance_list(*, contract: Contract) -> QuerySet[TrainingAttendance]:
    return TrainingAttendance.objects.filter(session__contract=contract).select_related("session")


@dataclass(frozen=True)
class StaffTraining:
    person: PiStaff
    last_trained_on: dt.date | None
    sessions: int


def staff_training_status(*, contract: Contract) -> list[StaffTraining]:
    """Each manager and handler with the date of their latest training (None: never)."""
    latest: dict[str, dt.date] = {}
    count: dict[str, int] = {}
    for a in attendance_list(contract=contract).filter(session__held_on__lte=clock.today()):
        latest[a.staff_key] = max(latest.get(a.staff_key, a.session.held_on), a.session.held_on)
        count[a.staff_key] = count.get(a.staff_key, 0) + 1
    return [
        StaffTraining(p, latest.get(p.key), count.get(p.key, 0))
        for p in pi_staff(contract=contract)
    ]


def untrained_staff(*, contract: Contract) -> list[PiStaff]:
    return [s.person for s in staff_training_status(contract=contract) if s.last_trained_on is None]


def procedure_list(*, contract: Contract) -> QuerySet[HandlingProcedure]:
    return HandlingProcedure.objects.filter(contract=contract).select_related("uploaded_by")


def procedures_in_effect(*, contract: Contract, day: dt.date) -> list[HandlingProcedure]:
    """The newest version in effect of each document."""
    current: dict[str, HandlingProcedure] = {}
    for doc in procedure_list(contract=contract).filter(effective_on__lte=day):
        current.setdefault(doc.title, doc)  # ordered newest first within a title
    return list(current.values())


def subcontract_list(*, contract: Contract) -> QuerySet[SubcontractRequest]:
    return SubcontractRequest.objects.filter(contract=contract).select_related(
        "requested_by", "decided_by"
    )


def inspection_list(*, contract: Contract) -> QuerySet[Inspection]:
    return Inspection.objects.filter(contract=contract).select_related("recorded_by")


def instruction_list(*, contract: Contract) -> QuerySet[Instruction]:
    return Instruction.objects.filter(contract=contract).select_related(
        "recorded_by", "responded_by"
    )


def incident_list(*, contract: Contract) -> QuerySet[Incident]:
    return Incident.objects.filter(contract=contract).select_related("reported_by")


def incident_get(*, contract: Contract, pk: int) -> Incident:
    return get_object_or_404(incident_list(contract=contract), pk=pk)


def contact_get(*, contract: Contract, pk: int) -> PersonalContact:
    return get_object_or_404(PersonalContact.objects.filter(contract=contract), pk=pk)


def pending_counts(*, contract: Contract) -> dict[str, int]:
    """What waits for someone: client decisions, responses, open incidents."""
    return {
        "exports": ExportApproval.objects.filter(
            contract=contract, status=Decision.REQUESTED
        ).count(),
        "subcontracts": SubcontractRequest.objects.filter(
            contract=contract, status=Decision.REQUESTED
        ).count(),
        "instructions": Instruction.objects.filter(
            contract=contract, responded_at__isnull=True
        ).count(),
        "incidents": Incident.objects.filter(
            contract=contract, status=Incident.Status.OPEN
        ).count(),
    }


def incident_totals(*, contract: Contract) -> dict[str, int]:
    agg = Incident.objects.filter(contract=contract).aggregate(
        n=Count("id"), people=Sum("people_affected"), records=Sum("records_affected")
    )
    return {k: int(v or 0) for k, v in agg.items()}
