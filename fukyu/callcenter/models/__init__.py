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

__all__ = [
    "NEEDS_CALLER",
    "AgeGroup",
    "Caller",
    "Channel",
    "DeviceOS",
    "FaqEntry",
    "FaqRevision",
    "Inquiry",
    "InquiryCounter",
    "Outcome",
]
