"""Models of the privacy app: the access log and approvals, the register, incidents."""

from fukyu.privacy.models.access import AccessLogEntry, Decision, ExportApproval, PurgeRun
from fukyu.privacy.models.incidents import Incident, IncidentAction, PersonalContact
from fukyu.privacy.models.register import (
    HandlingProcedure,
    Inspection,
    Instruction,
    SubcontractRequest,
    TrainingAttendance,
    TrainingSession,
    WorkLocation,
)

__all__ = [
    "AccessLogEntry",
    "Decision",
    "ExportApproval",
    "HandlingProcedure",
    "Incident",
    "IncidentAction",
    "Inspection",
    "Instruction",
    "PersonalContact",
    "PurgeRun",
    "SubcontractRequest",
    "TrainingAttendance",
    "TrainingSession",
    "WorkLocation",
]
