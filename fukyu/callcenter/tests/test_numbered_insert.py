"""The one-statement create on PostgreSQL writes what the ORM path writes (fukyu.callcenter.
numbered_insert); on SQLite only the ORM path exists, and these tests check that it is taken."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fukyu.accounts.models import User
from fukyu.audit.models import AuditEvent
from fukyu.callcenter import numbered_insert, services
from fukyu.callcenter.models import FaqEntry, Inquiry, InquiryCounter
from fukyu.callcenter.tests.factories import (
    category,
    make_faq,
    make_inquiry,
    mini_app,
    municipality,
)
from fukyu.core.models import Contract

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _day(settings: Any) -> None:
    settings.FUKYU_TODAY = "2024-11-06"


ON_POSTGRESQL = connection.vendor == "postgresql"
SKIP = ("id", "seq", "number", "created_at", "updated_at", "idempotency_key")


def _row(inquiry: Inquiry) -> dict[str, Any]:
    values = Inquiry.objects.filter(pk=inquiry.pk).values().get()
    return {k: v for k, v in values.items() if k not in SKIP}


def _audit(inquiry: Inquiry) -> AuditEvent:
    return AuditEvent.objects.get(action="inquiry.create", object_id=str(inquiry.pk))


def _details(contract: Contract, faq: FaqEntry) -> dict[str, Any]:
    return {
        "category": category(contract, "registration"),
        "mini_app": mini_app(contract),
        "faq": faq,
        "channel": "email",
        "municipality": municipality(contract, "042021"),
        "age_group": "60s",
        "device_os": "ios",
        "handle_seconds": 185,
        "summary": "原子力防災のミニアプリが表示されない",
    }


def test_both_paths_write_the_same_inquiry_and_audit_row(
    contract: Contract, make_user: Callable[..., User], monkeypatch: pytest.MonkeyPatch
) -> None:
    op = make_user("operator")
    faq = make_faq(contract)
    make_inquiry(contract, op)  # the counter row exists from here on
    with CaptureQueriesContext(connection) as one:
        fast = make_inquiry(contract, op, **_details(contract, faq))
    monkeypatch.setattr(numbered_insert, "supported", lambda: False)
    orm = make_inquiry(contract, op, **_details(contract, faq))
    assert (fast.number, orm.number) == ("R6-000002", "R6-000003")
    assert _row(fast) == _row(orm)
    assert _row(fast)["faq_id"] == faq.pk and _row(fast)["outside_hours"] is False
    fast_event, orm_event = _audit(fast), _audit(orm)
    assert fast_event.changes.pop("number") == [None, "R6-000002"]
    assert orm_event.changes.pop("number") == [None, "R6-000003"]
    assert fast_event.changes == orm_event.changes
    assert (fast_event.object_repr, fast_event.actor, fast_event.object_type) == (
        "R6-000002",
        op,
        "callcenter.inquiry",
    )
    # The object in hand is the saved row, as after the ORM's save.
    assert fast.pk and not fast._state.adding
    with CaptureQueriesContext(connection) as reads:
        assert not hasattr(fast, "caller")  # known to have none, without a query
    assert reads.captured_queries == []
    writes = [q["sql"] for q in one.captured_queries if "INSERT" in q["sql"]]
    assert len(writes) == (1 if ON_POSTGRESQL else 2)  # PostgreSQL: one statement for all


def test_numbers_past_six_digits_and_a_missing_counter(
    contract: Contract, make_user: Callable[..., User]
) -> None:
    op = make_user("operator")
    first = make_inquiry(contract, op)  # no counter row yet: the ORM path creates it
    assert first.number == "R6-000001"
    InquiryCounter.objects.filter(contract=contract).update(last=999_998)
    assert make_inquiry(contract, op).number == "R6-999999"
    assert make_inquiry(contract, op).number == "R6-1000000"
    assert Inquiry.objects.get(number="R6-1000000").seq == 1_000_000


def test_a_refused_insert_consumes_no_number_and_leaves_the_transaction_usable(
    contract: Contract, make_user: Callable[..., User], monkeypatch: pytest.MonkeyPatch
) -> None:
    op = make_user("operator")
    make_inquiry(contract, op, idempotency_key="k-1")
    # A retry racing the first request: its lookup ran before the first one committed, so it
    # reaches the insert, which the unique index refuses; the service then replays the first.
    real = services._by_idempotency_key
    lookups: list[str] = []

    def racing(contract: Contract, key: str) -> Inquiry | None:
        lookups.append(key)
        return None if len(lookups) == 1 else real(contract, key)

    monkeypatch.setattr(services, "_by_idempotency_key", racing)
    again = make_inquiry(contract, op, idempotency_key="k-1")
    assert again.number == "R6-000001" and lookups == ["k-1", "k-1"]
    monkeypatch.undo()
    assert make_inquiry(contract, op).number == "R6-000002"
    assert Inquiry.objects.count() == 2
    assert AuditEvent.objects.filter(action="inquiry.create").count() == 2
