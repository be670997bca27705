"""Escalations: notify_by by the client's calendar, the steps (review and send through a real
SMTP conversation, the prefecture's answer, the callback), their history, screens and API."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import verified_login
from fukyu.audit.models import AuditEvent
from fukyu.callcenter.escalation_services import (
    escalation_answer,
    escalation_callback,
    escalation_notify_by,
    escalation_send,
)
from fukyu.callcenter.models import Escalation, EscalationEvent, EscalationStatus
from fukyu.callcenter.tests.factories import make_inquiry
from fukyu.core.calendar import TOKYO
from tests.smtp import Inbox, body_of, smtp_settings

pytestmark = pytest.mark.django_db


def at(y: int, m: int, d: int, hh: int, mm: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, tzinfo=TOKYO)


@pytest.mark.parametrize(
    ("received", "expected"),
    [
        (at(2024, 11, 6, 12), at(2024, 11, 6, 12, 30)),  # Wednesday, within hours
        (at(2024, 11, 8, 17, 10), at(2024, 11, 11, 9)),  # Friday after 17:00 → Monday
        (at(2024, 11, 9, 11), at(2024, 11, 11, 9)),  # Saturday → Monday
        (at(2024, 11, 2, 11), at(2024, 11, 5, 9)),  # Saturday, Monday 11/4 a holiday → Tuesday
        (at(2024, 12, 27, 18), at(2025, 1, 6, 9)),  # year-end closure
        (at(2024, 11, 6, 8, 15), at(2024, 11, 6, 9)),  # before 9:00 on a business day
    ],
)
def test_notify_by_follows_the_clients_calendar(
    contract: Any, received: dt.datetime, expected: dt.datetime
) -> None:
    assert escalation_notify_by(contract=contract, received_at=received) == expected


def escalate(contract: Any, operator: Any, received: dt.datetime | None = None) -> Escalation:
    inquiry = make_inquiry(
        contract,
        operator,
        outcome="escalation",
        caller_name="青葉 花子",
        caller_phone="0225556666",
        received_at=received or at(2024, 11, 8, 17, 10),
    )
    return Escalation.objects.get(inquiry=inquiry)


def test_an_escalation_inquiry_opens_an_escalation_in_its_transaction(
    contract: Any, make_user: Any
) -> None:
    operator = make_user("operator")
    esc = escalate(contract, operator)
    assert esc.status == EscalationStatus.OPEN
    assert esc.notify_by == at(2024, 11, 11, 9)
    assert esc.escalated_by == operator
    assert esc.reason == esc.inquiry.summary
    assert list(esc.events.values_list("kind", flat=True)) == ["opened"]
    assert AuditEvent.objects.filter(action="escalation.opened", object_id=str(esc.pk)).exists()
    resolved = make_inquiry(contract, operator)
    assert not Escalation.objects.filter(inquiry=resolved).exists()


def test_full_cycle_through_the_screens_with_a_real_smtp_server(
    contract: Any, make_user: Any, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    operator = make_user("operator")
    supervisor = make_user("supervisor")
    pref = make_user("client", email="tantou@pref.example.lg.jp")
    esc = escalate(contract, operator)
    sv = verified_login(Client(), supervisor)
    listing = sv.get(reverse("callcenter:escalations"))
    assert listing.status_code == 200
    assert "期限超過" in listing.content.decode()  # 2024's deadline is long past
    with smtp_settings(port):
        response = sv.post(reverse("callcenter:escalation_send", args=[esc.pk]))
    assert response.status_code == 302
    esc.refresh_from_db()
    assert esc.status == EscalationStatus.SENT
    assert esc.notified_at is not None and esc.reviewed_by == supervisor
    assert len(inbox.messages) == 1
    rcpt, message = inbox.messages[0]
    assert rcpt == ["tantou@pref.example.lg.jp"]
    body = body_of(message)
    assert esc.inquiry.number in body and "青葉" not in body and "0225556666" not in body

    portal = verified_login(Client(), pref)
    page = portal.get(reverse("callcenter:escalation_detail", args=[esc.pk]))
    assert page.status_code == 200 and "回答・指示を登録する" in page.content.decode()
    bad = portal.post(reverse("callcenter:escalation_answer", args=[esc.pk]), {"answer": " "})
    assert bad.status_code == 422
    ok = portal.post(
        reverse("callcenter:escalation_answer", args=[esc.pk]),
        {"answer": "市町村窓口での再設定を案内してください"},
    )
    assert ok.status_code == 302
    esc.refresh_from_db()
    assert esc.status == EscalationStatus.ANSWERED and esc.answered_by == pref

    op = verified_login(Client(), operator)
    done = op.post(
        reverse("callcenter:escalation_callback", args=[esc.pk]), {"note": "折り返して案内済み"}
    )
    assert done.status_code == 302
    esc.refresh_from_db()
    assert esc.status == EscalationStatus.CLOSED and esc.closed_at is not None
    kinds = list(EscalationEvent.objects.filter(escalation=esc).values_list("kind", flat=True))
    assert kinds == ["opened", "reviewed", "sent", "answered", "callback", "closed"]
    audited = set(
        AuditEvent.objects.filter(
            object_id=str(esc.pk), action__startswith="escalation."
        ).values_list("action", flat=True)
    )
    assert audited == {f"escalation.{k}" for k in kinds}


def test_a_failed_send_is_recorded_and_can_be_resent(
    contract: Any, make_user: Any, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    supervisor = make_user("supervisor")
    esc = escalate(contract, make_user("operator"))
    assert escalation_send(actor=supervisor, escalation=esc) is False  # nobody to send to
    esc.refresh_from_db()
    assert esc.status == EscalationStatus.OPEN and "メールアドレス" in esc.notify_error
    make_user("client", email="kakari@pref.example.lg.jp")
    with smtp_settings(port):
        assert escalation_send(actor=supervisor, escalation=esc) is True
    esc.refresh_from_db()
    assert esc.status == EscalationStatus.SENT and esc.notify_error == ""
    assert len(inbox.messages) == 1
    kinds = list(esc.events.values_list("kind", flat=True))
    assert kinds == ["opened", "reviewed", "send_failed", "sent"]


def test_callback_needs_the_prefectures_answer_first(contract: Any, make_user: Any) -> None:
    from django.core.exceptions import ValidationError

    operator = make_user("operator")
    esc = escalate(contract, operator)
    with pytest.raises(ValidationError):
        escalation_callback(actor=operator, escalation=esc, note="折り返し")
    escalation_answer(actor=make_user("client"), escalation=esc, answer="回答します")
    closed = escalation_callback(actor=operator, escalation=esc, note="折り返し")
    assert closed.status == EscalationStatus.CLOSED


def test_api_lists_and_shows_escalations_with_history(
    contract: Any, make_user: Any, api_client: Any
) -> None:
    esc = escalate(contract, make_user("operator"))
    other = escalate(contract, make_user("operator"), at(2024, 11, 6, 12))
    escalation_answer(actor=make_user("client"), escalation=other, answer="了解")
    api = api_client(make_user("client"))
    listed = api.get("/api/v1/escalations?status=open")
    assert listed.status_code == 200
    assert [e["id"] for e in listed.json()] == [esc.pk]
    detail = api.get(f"/api/v1/escalations/{other.pk}").json()
    assert detail["inquiry_id"] == other.inquiry_id
    assert detail["inquiry_number"] == other.inquiry.number
    assert detail["notify_by"].startswith("2024-11-06T12:30:00")
    assert detail["notified_at"] is None and detail["status"] == "answered"
    assert [h["kind"] for h in detail["history"]] == ["opened", "answered"]
    bad = api.get("/api/v1/escalations?status=nope")
    assert bad.status_code == 422 and "status" in bad.json()["detail"]
    missing = api.get("/api/v1/escalations/999999")
    assert (
        missing.status_code == 404
        and missing.json()["detail"] == "エスカレーションが見つかりません"
    )


def test_list_page_has_no_n_plus_one(
    contract: Any, make_user: Any, login: Any, django_assert_max_num_queries: Any
) -> None:
    operator = make_user("operator")
    for _ in range(5):
        escalate(contract, operator)
    client = login(make_user("supervisor"))
    with django_assert_max_num_queries(15):
        response = client.get(reverse("callcenter:escalations"))
    assert response.content.decode().count("期限超過") == 5
