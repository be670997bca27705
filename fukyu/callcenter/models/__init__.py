from fukyu.callcenter.models.calls import CallRecord
from fukyu.callcenter.models.escalation import (
    OPEN_STATUSES,
    Escalation,
    EscalationEvent,
    EscalationStatus,
    Urgency,
)
from fukyu.callcenter.models.faq import FaqEntry, FaqRevision
from fukyu.callcenter.models.inquiry import (
    NEEDS_CALLER,
    AgeGroup,
    Caller,
    Channel,
    DeviceOS,
    Inquiry,
    InquiryCounter,
    Outcome,
)
from fukyu.callcenter.models.report import DailyReport, DeliveryLog

__all__ = [
    "NEEDS_CALLER",
    "OPEN_STATUSES",
    "AgeGroup",
    "CallRecord",
    "Caller",
    "Channel",
    "DailyReport",
    "DeliveryLog",
    "DeviceOS",
    "Escalation",
    "EscalationEvent",
    "EscalationStatus",
    "FaqEntry",
    "FaqRevision",
    "Inquiry",
    "InquiryCounter",
    "Outcome",
    "Urgency",
]
