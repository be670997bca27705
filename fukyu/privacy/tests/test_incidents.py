"""Incidents (第17): saving one notifies the prefecture through a real SMTP conversation (an
aiosmtpd server on 127.0.0.1), shows it on the client's home page, and yields a PDF report."""

from __future__ import annotations

import email
from collections.abc import Iterator
from io import BytesIO
from typing import Any

import pypdf
import pytest
from django.urls import reverse
from django.utils import timezone

from fukyu.audit.models import AuditEvent
from fukyu.privacy.models import Incident, IncidentAction, PersonalContact
from tests.smtp import Inbox, body_of, free_port, smtp_server, smtp_settings

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    yield from smtp_server()


FORM = {
    "title": "折り返し依頼票のFAX誤送信",
    "what_happened": "折り返し依頼票1枚を誤った番号へFAX送信した",
    "data_kinds": "問い合わせ者の氏名・電話番号",
    "people_affected": "1",
    "records_affected": "1",
    "location": "仙台コールセンター",
    "occurred_at": "",
}


def with_notify_emails(contract: Any, emails: list[str]) -> None:
    contract.config = {**contract.config, "client_notify_emails": emails}
    contract.save(update_fields=["config"])


def test_saving_an_incident_emails_the_prefecture_at_once(
    contract: Any, make_user: Any, login: Any, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    with_notify_emails(contract, ["kojinjoho@pref.example.lg.jp"])
    make_user("client", email="tantou@pref.example.lg.jp")
    officer = make_user("privacy_officer")
    client = login(officer)
    discovered = timezone.localtime().replace(second=0, microsecond=0)
    with smtp_settings(port):
        response = client.post(
            reverse("privacy:incident_new"),
            {**FORM, "discovered_at": discovered.strftime("%Y-%m-%dT%H:%M")},
        )
    assert response.status_code == 302
    incident = Incident.objects.get()
    assert incident.notified_at is not None and incident.notify_error == ""
    assert len(inbox.messages) == 1
    recipients, message = inbox.messages[0]
    assert sorted(recipients) == ["kojinjoho@pref.example.lg.jp", "tantou@pref.example.lg.jp"]
    subject = str(email.header.make_header(email.header.decode_header(message["Subject"])))
    assert subject.startswith("【個人情報事故の第一報】折り返し依頼票のFAX誤送信")
    body = body_of(message)
    assert "1人（1件）" in body and "仙台コールセンター" in body
    assert f"/ops/privacy/incidents/{incident.pk}/" in body
    kinds = list(incident.actions.values_list("kind", flat=True))
    assert kinds == [IncidentAction.Kind.REPORTED, IncidentAction.Kind.NOTIFIED]
    assert AuditEvent.objects.filter(action="incident.report", object_id=str(incident.pk))
    client.logout()
    home = login(make_user("client")).get(reverse("core:home")).content.decode()
    assert "対応中の事故があります（1件）" in home and "折り返し依頼票のFAX誤送信" in home


def test_a_mail_failure_keeps_the_record_and_can_be_retried(
    contract: Any, make_user: Any, login: Any, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    make_user("client", email="tantou@pref.example.lg.jp")
    client = login(make_user("privacy_officer"))
    discovered = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    with smtp_settings(free_port()):  # nothing listens there
        response = client.post(
            reverse("privacy:incident_new"), {**FORM, "discovered_at": discovered}
        )
    incident = Incident.objects.get()
    assert response.status_code == 302 and incident.notified_at is None
    assert "メールを送信できませんでした" in incident.notify_error
    page = client.get(reverse("privacy:incident", args=[incident.pk])).content.decode()
    assert "通知に失敗しています" in page and "もう一度通知する" in page
    with smtp_settings(port):
        client.post(reverse("privacy:incident", args=[incident.pk]), {"notify": "1"})
    incident.refresh_from_db()
    assert incident.notified_at is not None and len(inbox.messages) == 1


def test_bad_input_is_explained(contract: Any, make_user: Any, login: Any) -> None:
    client = login(make_user("privacy_officer"))
    response = client.post(
        reverse("privacy:incident_new"),
        {**FORM, "people_affected": "-1", "discovered_at": "2999-01-01T00:00"},
    )
    body = response.content.decode()
    assert response.status_code == 200 and not Incident.objects.exists()
    assert "0以上" in body or "以上" in body
    response = client.post(
        reverse("privacy:incident_new"), {**FORM, "discovered_at": "2999-01-01T00:00"}
    )
    assert "未来" in response.content.decode() and not Incident.objects.exists()


def test_timeline_contacts_close_and_written_report(
    contract: Any, make_user: Any, login: Any
) -> None:
    officer = make_user("privacy_officer")
    client = login(officer)
    client.post(
        reverse("privacy:incident_new"),
        {**FORM, "discovered_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")},
    )
    incident = Incident.objects.get()
    url = reverse("privacy:incident", args=[incident.pk])
    client.post(url, {"add_action": "1", "kind": "action", "description": "誤送信先に廃棄を依頼"})
    client.post(
        reverse("privacy:contact_new", args=[incident.pk]),
        {"relation": "影響を受けた方", "name": "被害 試子", "phone": "090-2222-3333"},
    )
    contact = PersonalContact.objects.get()
    assert contact.incident == incident and contact.phone == "090-2222-3333"
    page = client.get(url).content.decode()
    assert "被害 試子" not in page and "090-****-3333" in page
    missing = client.post(url, {"close": "1", "cause": "", "prevention": ""})
    assert missing.status_code == 200 and Incident.objects.get().status == Incident.Status.OPEN
    client.post(url, {"close": "1", "cause": "番号の確認漏れ", "prevention": "送信前の二人確認"})
    incident.refresh_from_db()
    assert incident.status == Incident.Status.CLOSED
    pdf = client.get(reverse("privacy:incident_pdf", args=[incident.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in pypdf.PdfReader(BytesIO(pdf.content)).pages)
    assert "個人情報に関する事故報告書" in text and "折り返し依頼票のFAX誤送信" in text
    assert "誤送信先に廃棄を依頼" in text and "送信前の二人確認" in text
    assert "被害 試子" not in text
    client.logout()
    reader = login(make_user("client"))
    assert (
        reader.post(url, {"add_action": "1", "kind": "action", "description": "x"}).status_code
        == 403
    )
