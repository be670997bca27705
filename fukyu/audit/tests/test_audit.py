from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import transaction
from django.test import Client

from fukyu.accounts.models import User
from fukyu.audit.models import AuditEvent
from fukyu.audit.services import audit_record, audit_record_many, diff
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


def test_bulk_rows_read_like_single_ones(
    contract: Contract, make_user: Callable[..., User]
) -> None:
    operator = make_user("operator")
    moment = contract.loaded_at
    with transaction.atomic():
        single = audit_record(
            actor=operator, action="demo.x", obj=contract, changes={"key": ["a", "b"], "n": [1, 2]}
        )
        written = audit_record_many(
            action="demo.x",
            entries=[
                (operator, contract, {"key": ["a", "b"], "n": [1, 2]}, moment),
                (None, contract, {"n": [None, 3]}, moment),
            ],
            note="合成",
        )
    assert written == 2
    rows = list(AuditEvent.objects.filter(action="demo.x").exclude(pk=single.pk).order_by("pk"))
    assert [r.actor_label for r in rows] == [operator.get_username(), "system"]
    assert rows[0].changes == single.changes == {"key": ["********", "********"], "n": [1, 2]}
    assert (rows[0].object_type, rows[0].object_id) == (single.object_type, single.object_id)
    assert rows[0].at == moment and rows[1].note == "合成" and rows[0].actor == operator
