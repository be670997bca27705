"""Delivering daily reports: review, email with the XLSX through a real SMTP server, the
portal, the delivery log, resending, and run_scheduled sending once."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from typing import Any

import openpyxl
import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from conftest import verified_login
from fukyu.audit.models import AuditEvent
from fukyu.callcenter.models import DailyReport, DeliveryLog
from fukyu.callcenter.report_services import (
    daily_report_deliver,
    daily_report_record,
    daily_report_review,
    run_scheduled,
)
from fukyu.callcenter.tests.factories import make_inquiry
from fukyu.core.calendar import TOKYO
from tests.smtp import Inbox, smtp_settings

pytestmark = pytest.mark.django_db
DAY = dt.date(2024, 11, 8)  # a Friday: due Monday 9:00
AFTER_CLOSING = dt.datetime(2024, 11, 8, 18, 0, tzinfo=TOKYO)


def with_emails(contract: Any, emails: list[str]) -> None:
    contract.config = {**contract.config, "client_notify_emails": emails}
    contract.save(update_fields=["config"])


def test_scheduler_waits_for_review_then_sends_once(
    contract: Any, make_user: Any, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    assert contract.settings.daily_report_review is True
    with_emails(contract, ["joho@pref.example.lg.jp"])
    make_inquiry(
        contract, make_user("operator"), received_at=dt.datetime(2024, 11, 8, 10, tzinfo=TOKYO)
    )
    with smtp_settings(port):
        lines = run_scheduled(contract=contract, now=AFTER_CLOSING)
    assert any("2024-11-08: SVの確認待ち" in line for line in lines)
    assert inbox.messages == []
    report = DailyReport.objects.get(contract=contract, day=DAY)
    assert report.due_by == dt.datetime(2024, 11, 11, 9, tzinfo=TOKYO)
    daily_report_review(actor=make_user("supervisor"), report=report)
    with smtp_settings(port):
        run_scheduled(contract=contract, now=AFTER_CLOSING)
        run_scheduled(contract=contract, now=AFTER_CLOSING)
    assert len(inbox.messages) == 1
    rcpt, message = inbox.messages[0]
    assert rcpt == ["joho@pref.example.lg.jp"]
    attachments = [p for p in message.walk() if p.get_filename()]
    assert [a.get_filename() for a in attachments] == ["callcenter_daily_20241108.xlsx"]
    payload = attachments[0].get_payload(decode=True)
    assert isinstance(payload, bytes)
    wb = openpyxl.load_workbook(BytesIO(payload))
    assert dict(wb["表紙"].iter_rows(min_row=3, values_only=True))["受付件数（合計）"] == "1件"
    logs = DeliveryLog.objects.filter(report=report)
    assert sorted(logs.values_list("channel", "ok")) == [("email", True), ("portal", True)]
    report.refresh_from_db()
    assert report.delivered_at is not None


def test_failed_delivery_is_visible_and_can_be_resent(
    contract: Any, make_user: Any, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    supervisor = make_user("supervisor")
    report = daily_report_record(contract=contract, day=DAY)
    assert daily_report_deliver(actor=supervisor, report=report) is False  # no address yet
    failed = DeliveryLog.objects.get(report=report, channel="email")
    assert failed.ok is False and "メールアドレス" in failed.error
    sv = verified_login(Client(), supervisor)
    listing = sv.get(reverse("callcenter:reports")).content.decode()
    assert "送信失敗" in listing
    with_emails(contract, ["joho@pref.example.lg.jp"])
    with smtp_settings(port):
        response = sv.post(reverse("callcenter:report_deliver", args=["2024-11-08"]))
    assert response.status_code == 302
    assert len(inbox.messages) == 1
    report.refresh_from_db()
    assert report.delivered_at is not None and report.late  # long after Monday 9:00
    assert AuditEvent.objects.filter(action="daily_report.deliver", object_id=str(report.pk))


def test_supervisor_notes_and_client_portal(
    contract: Any, make_user: Any, django_assert_max_num_queries: Any
) -> None:
    supervisor = make_user("supervisor")
    sv = verified_login(Client(), supervisor)
    page = sv.get(reverse("callcenter:report_detail", args=["2024-11-08"]))
    assert page.status_code == 200 and "提出期限" in page.content.decode()
    saved = sv.post(
        reverse("callcenter:report_notes", args=["2024-11-08"]), {"notes": "システム障害なし"}
    )
    assert saved.status_code == 302
    report = DailyReport.objects.get(day=DAY)
    assert report.notes == "システム障害なし"
    assert AuditEvent.objects.filter(action="daily_report.notes", object_id=str(report.pk))
    pref = verified_login(Client(), make_user("client"))
    assert pref.get(reverse("callcenter:report_detail", args=["2024-11-08"])).status_code == 404
    daily_report_deliver(actor=supervisor, report=report)  # email fails, portal publishes
    shown = pref.get(reverse("callcenter:report_detail", args=["2024-11-08"]))
    assert shown.status_code == 200 and "システム障害なし" in shown.content.decode()
    assert "県へ提出する" not in shown.content.decode()
    xlsx = pref.get(reverse("callcenter:report_file", args=["2024-11-08", "xlsx"]))
    assert xlsx.status_code == 200
    wb = openpyxl.load_workbook(BytesIO(xlsx.content))
    assert dict(wb["表紙"].iter_rows(min_row=3, values_only=True))["特記事項"] == "システム障害なし"
    closed = reverse("callcenter:report_detail", args=["2024-12-31"])  # year-end closure
    assert sv.get(closed).status_code == 404
    with django_assert_max_num_queries(20):
        assert pref.get(reverse("callcenter:reports")).status_code == 200


def test_run_scheduled_command(contract: Any) -> None:
    from io import StringIO

    out = StringIO()
    call_command("run_scheduled", stdout=out)
    assert out.getvalue().strip() != ""
