"""Rows of the role matrix for the callcenter app's routes (see tests/role_matrix.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fukyu.callcenter.models import DeliveryLog
from fukyu.callcenter.report_services import daily_report_record
from fukyu.callcenter.tests.factories import make_faq, make_inquiry
from fukyu.core import clock
from tests.role_matrix_types import Row

READERS = ("inquiry_log", "inquiry_read", "callcenter_manage")
ESC_READERS = ("callcenter_manage", "escalation_respond", "inquiry_log")
REPORTS = ("reports_read", "callcenter_manage")
ESC_API = ("callcenter_manage", "escalation_respond", "inquiry_read")
OPS_ROUTES: dict[str, Row] = {
    "ops/callcenter/": (("inquiry_log",), None),
    "ops/callcenter/inquiries/": (("inquiry_read",), None),
    "ops/callcenter/inquiries/<int:pk>/": (("inquiry_read", "personal_data_read"), "inquiry"),
    "ops/callcenter/inquiries/<int:pk>/edit/": (("callcenter_manage",), "inquiry"),
    "ops/callcenter/inquiries/<int:pk>/reveal/": ("post_only", "inquiry"),
    "ops/callcenter/faq/": (READERS, None),
    "ops/callcenter/faq/new/": (("callcenter_manage",), None),
    "ops/callcenter/faq/candidates/": (("callcenter_manage",), None),
    "ops/callcenter/faq/<int:pk>/": (READERS, "faq"),
    "ops/callcenter/faq/<int:pk>/edit/": (("callcenter_manage",), "faq"),
    "ops/callcenter/faq/<int:pk>/retire/": ("post_only", "faq"),
    "ops/callcenter/faq/<int:pk>/restore/": ("post_only", "faq"),
    "ops/callcenter/escalations/": (ESC_READERS, None),
    "ops/callcenter/escalations/<int:pk>/": (ESC_READERS, "escalation"),
    "ops/callcenter/escalations/<int:pk>/send/": ("post_only", "escalation"),
    "ops/callcenter/escalations/<int:pk>/answer/": ("post_only", "escalation"),
    "ops/callcenter/escalations/<int:pk>/callback/": ("post_only", "escalation"),
    "ops/callcenter/reports/": (REPORTS, None),
    "ops/callcenter/calls/": (("callcenter_manage",), None),
    "ops/callcenter/reports/summary/": (REPORTS, "summary"),
    "ops/callcenter/reports/summary/file.<str:fmt>": (REPORTS, "summary_file"),
    "ops/callcenter/reports/<str:day>/": (REPORTS, "report"),
    "ops/callcenter/reports/<str:day>/file.<str:fmt>": (REPORTS, "report_file"),
    "ops/callcenter/reports/<str:day>/notes/": ("post_only", "report"),
    "ops/callcenter/reports/<str:day>/review/": ("post_only", "report"),
    "ops/callcenter/reports/<str:day>/deliver/": ("post_only", "report"),
}
# One row per route: GET /inquiries is checked here; POST /inquiries (inquiry_log) is covered
# by fukyu/callcenter/tests/test_api.py.
API_ROUTES: dict[str, Row] = {
    "api/v1/inquiries": (("inquiry_read",), None),
    "api/v1/inquiries/<int:inquiry_id>": (("inquiry_read",), "inquiry_api"),
    "api/v1/faq/search": (READERS, "faq_search"),
    "api/v1/escalations": (ESC_API, None),
    "api/v1/escalations/<int:escalation_id>": (ESC_API, "escalation_api"),
    "api/v1/reports/daily/<day>": (REPORTS, "report_day"),
    "api/v1/reports/weekly/<day>": (REPORTS, "report_day"),
    "api/v1/reports/monthly/<month>": (REPORTS, "report_month"),
}


def make_objects(contract: Any, make_user: Any) -> dict[str, dict[str, Any]]:
    """Objects that parameterised routes need: key -> URL kwargs (and optional "query"/"data")."""
    inquiry = make_inquiry(
        contract,
        make_user("operator"),
        outcome="callback",
        caller_name="宮城 太郎",
        caller_phone="0223334444",
    )
    faq = make_faq(contract)
    escalated = make_inquiry(
        contract,
        make_user("operator"),
        outcome="escalation",
        caller_name="宮城 花子",
        caller_phone="0225556666",
    )
    escalation = escalated.escalation
    record = daily_report_record(contract=contract, day=dt.date(2024, 11, 5))
    DeliveryLog.objects.create(report=record, channel="portal", ok=True, attempted_at=clock.now())
    return {
        "inquiry": {"pk": inquiry.pk},
        "inquiry_api": {"inquiry_id": inquiry.pk},
        "faq": {"pk": faq.pk},
        "faq_search": {"query": {"q": "暗証番号"}},
        "escalation": {"pk": escalation.pk},
        "escalation_api": {"escalation_id": escalation.pk},
        "report_day": {"day": "2024-11-05"},
        "report": {"day": "2024-11-05"},
        "report_file": {"day": "2024-11-05", "fmt": "pdf"},
        "report_month": {"month": "2024-11"},
        "summary": {"query": {"kind": "monthly", "month": "2024-11"}},
        "summary_file": {"fmt": "xlsx", "query": {"kind": "weekly", "day": "2024-11-05"}},
    }
