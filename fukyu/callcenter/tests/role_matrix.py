"""Rows of the role matrix for the callcenter app's routes (see tests/role_matrix.py)."""

from __future__ import annotations

from typing import Any

from fukyu.callcenter.tests.factories import make_faq, make_inquiry
from tests.role_matrix_types import Row

READERS = ("inquiry_log", "inquiry_read", "callcenter_manage")
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
}
# One row per route: GET /inquiries is checked here; POST /inquiries (inquiry_log) is covered
# by fukyu/callcenter/tests/test_api.py.
API_ROUTES: dict[str, Row] = {
    "api/v1/inquiries": (("inquiry_read",), None),
    "api/v1/inquiries/<int:inquiry_id>": (("inquiry_read",), "inquiry_api"),
    "api/v1/faq/search": (READERS, "faq_search"),
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
    return {
        "inquiry": {"pk": inquiry.pk},
        "inquiry_api": {"inquiry_id": inquiry.pk},
        "faq": {"pk": faq.pk},
        "faq_search": {"query": {"q": "暗証番号"}},
    }
