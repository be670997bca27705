"""The access log page (read-only, filterable), export approvals and the export gate."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from fukyu.audit.models import AuditEvent
from fukyu.core import clock
from fukyu.privacy.models import AccessLogEntry, Decision, ExportApproval
from fukyu.privacy.services import (
    export_approval_decide,
    export_approval_request,
    personal_data_reveal,
    personal_export_authorize,
)
from fukyu.privacy.tests.factories import make_approval, make_contact, make_incident

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_in_tmp(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def test_access_log_page_filters_and_is_read_only(
    contract: Any, make_user: Any, login: Any, django_assert_max_num_queries: Any
) -> None:
    officer = make_user("privacy_officer", username="officer")
    supervisor = make_user("supervisor", username="sv")
    contact = make_contact(contract, officer)
    personal_data_reveal(actor=officer, obj=contact, field_names=["name"], reason="お詫びの電話")
    personal_data_reveal(actor=supervisor, obj=contact, field_names=["phone"], reason="折り返し")
    client = login(make_user("client"))
    url = reverse("privacy:access_log")
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "お詫びの電話" in body and "折り返し" in body
    filtered = client.get(url, {"actor": "sv"}).content.decode()
    assert "折り返し" in filtered and "お詫びの電話" not in filtered
    assert client.get(url, {"date_from": "不正"}).status_code == 200  # bad filter: shown, no 500
    # Nobody can edit it: the page refuses writes and nothing changes.
    assert client.post(url, {"reason": "x"}).status_code == 405
    assert AccessLogEntry.objects.count() == 2
    csv_body = client.get(reverse("privacy:access_log_csv"), {"action": "reveal"}).content
    assert csv_body.startswith("\ufeff".encode()) and "お詫びの電話".encode() in csv_body


def test_operator_cannot_read_the_access_log(contract: Any, make_user: Any, login: Any) -> None:
    client = login(make_user("operator"))
    assert client.get(reverse("privacy:access_log")).status_code == 403


def test_export_approval_flow_and_gate(contract: Any, make_user: Any) -> None:
    supervisor = make_user("supervisor")
    client_user = make_user("client")
    manager = make_user("manager")
    approval = export_approval_request(
        actor=supervisor,
        contract=contract,
        purpose="折り返し連絡",
        scope="氏名・電話番号",
        destination="作業場所内の端末",
        valid_until=clock.today() + dt.timedelta(days=3),
        max_rows=10,
    )
    assert AuditEvent.objects.filter(action="export_approval.request").count() == 1
    with pytest.raises(PermissionDenied):  # not approved yet
        personal_export_authorize(actor=supervisor, approval=approval, row_count=1)
    with pytest.raises(PermissionDenied):  # the contractor never approves its own request
        export_approval_decide(actor=manager, approval=approval, approve=True)
    approval = export_approval_decide(actor=client_user, approval=approval, approve=True)
    assert approval.status == Decision.APPROVED and approval.decided_by == client_user
    entry = personal_export_authorize(actor=supervisor, approval=approval, row_count=7)
    assert entry.action == AccessLogEntry.Action.EXPORT and entry.row_count == 7
    assert "折り返し連絡" in entry.reason
    with pytest.raises(PermissionDenied, match="上限件数"):
        personal_export_authorize(actor=supervisor, approval=approval, row_count=4)
    approval.refresh_from_db()
    assert approval.rows_exported == 7
    with pytest.raises(ValidationError):
        export_approval_decide(actor=client_user, approval=approval, approve=False, note="x")


def test_operator_cannot_export_even_with_an_approval(
    contract: Any, make_user: Any, login: Any
) -> None:
    operator = make_user("operator")
    approval = make_approval(contract, make_user("supervisor"), approver=make_user("client"))
    with pytest.raises(PermissionDenied):
        personal_export_authorize(actor=operator, approval=approval, row_count=1)
    assert not AccessLogEntry.objects.exists()
    client = login(operator)
    assert client.get(reverse("privacy:export_new")).status_code == 403
    assert client.get(reverse("privacy:pack")).status_code == 403


def test_expired_approval_is_refused(contract: Any, make_user: Any) -> None:
    supervisor = make_user("supervisor")
    approval = make_approval(
        contract,
        supervisor,
        approver=make_user("client"),
        valid_until=clock.today() - dt.timedelta(days=1),
    )
    with pytest.raises(PermissionDenied, match="有効期限"):
        personal_export_authorize(actor=supervisor, approval=approval, row_count=1)


def test_request_and_decide_through_the_screens(contract: Any, make_user: Any, login: Any) -> None:
    supervisor = make_user("supervisor")
    client = login(supervisor)
    past = (clock.today() - dt.timedelta(days=1)).isoformat()
    bad = client.post(
        reverse("privacy:export_new"),
        {"purpose": "p", "scope": "s", "destination": "d", "valid_until": past},
    )
    assert bad.status_code == 200 and "本日以降" in bad.content.decode()
    future = (clock.today() + dt.timedelta(days=5)).isoformat()
    response = client.post(
        reverse("privacy:export_new"),
        {
            "purpose": "名簿の照合",
            "scope": "電話番号",
            "destination": "端末",
            "valid_until": future,
        },
    )
    approval = ExportApproval.objects.get()
    assert response.status_code == 302 and approval.requested_by == supervisor
    url = reverse("privacy:export", args=[approval.pk])
    client.logout()
    manager_client = login(make_user("manager"))
    assert manager_client.post(url, {"decision": "approve"}).status_code == 403
    manager_client.logout()
    client_client = login(make_user("client"))
    page = client_client.get(url).content.decode()
    assert "判断を記録する" in page
    refused = client_client.post(url, {"decision": "reject", "note": ""})
    assert "理由を入力" in refused.content.decode()
    assert client_client.post(url, {"decision": "approve", "note": "期限厳守"}).status_code == 302
    approval.refresh_from_db()
    assert approval.status == Decision.APPROVED and approval.decision_note == "期限厳守"
    assert AuditEvent.objects.filter(action="export_approval.decide", object_id=str(approval.pk))


def test_client_cannot_reveal_personal_data(contract: Any, make_user: Any, login: Any) -> None:
    officer = make_user("privacy_officer")
    contact = make_contact(contract, officer, incident=make_incident(contract, officer))
    url = reverse("privacy:contact_reveal", args=[contact.pk])
    client = login(make_user("client"))
    assert client.get(url).status_code == 403
    assert client.post(url, {"reason": "確認"}).status_code == 403
    with pytest.raises(PermissionDenied):
        personal_data_reveal(
            actor=make_user("client"), obj=contact, field_names=["name"], reason="確認"
        )
    assert not AccessLogEntry.objects.exists()


def test_reveal_needs_a_reason_and_is_logged(contract: Any, make_user: Any, login: Any) -> None:
    officer = make_user("privacy_officer")
    contact = make_contact(contract, officer, incident=make_incident(contract, officer))
    client = login(officer)
    url = reverse("privacy:contact_reveal", args=[contact.pk])
    masked = client.get(url).content.decode()
    assert "試験 花子" not in masked and "090-****-2222" in masked
    assert "試験 花子" not in client.post(url, {"reason": ""}).content.decode()
    shown = client.post(url, {"reason": "お詫びの連絡"})
    assert "試験 花子" in shown.content.decode() and shown["Cache-Control"] == "no-store"
    entry = AccessLogEntry.objects.get()
    assert entry.actor == officer and entry.reason == "お詫びの連絡"
