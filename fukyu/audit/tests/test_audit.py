from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import transaction
from django.test import Client

from fukyu.accounts.models import User
from fukyu.audit.models import AuditEvent
from fukyu.audit.services import audit_record, diff
from fukyu.core.models import Contract


def test_audit_record_requires_the_change_transaction(contract: Contract) -> None:
    # pytest-django wraps each test in a transaction; step outside it to see the guard.
    with pytest.raises(RuntimeError, match="inside the transaction"):
        _outside_transaction()
    assert not AuditEvent.objects.filter(action="x.y").exists()


def _outside_transaction() -> None:
    conn = transaction.get_connection()
    saved = conn.in_atomic_block
    conn.in_atomic_block = False
    try:
        audit_record(actor=None, action="x.y", object_type="t", object_id="1")
    finally:
        conn.in_atomic_block = saved


def test_secrets_are_masked_and_diff_keeps_only_changes(contract: Contract) -> None:
    with transaction.atomic():
        event = audit_record(
            actor=None,
            action="user.password",
            obj=contract,
            changes={"password": ["old", "new"], "name": ["a", "b"]},
        )
    assert event.changes["password"] == ["********", "********"]
    assert event.changes["name"] == ["a", "b"]
    assert event.actor_label == "system"
    assert diff({"a": 1, "b": 2}, {"a": 1, "b": 3}) == {"b": [2, 3]}


def test_audit_log_is_read_only_for_managers_and_clients(
    contract: Contract, make_user: Callable[..., User], login: Callable[[User], Client]
) -> None:
    client = login(make_user("client"))
    before = AuditEvent.objects.count()
    page = client.get("/ops/audit/", {"action": "contract"})
    assert page.status_code == 200
    assert "contract.load" in page.content.decode()
    assert client.post("/ops/audit/", {"action": "delete"}).status_code in (403, 405)
    assert AuditEvent.objects.count() == before
