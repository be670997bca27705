"""A supervisor's day with the prefecture, in a real browser (Debian's chromium) against a real
SMTP server (aiosmtpd): sign in with a TOTP code, open the escalation an operator raised, review
and send it to the prefecture, then review the day's daily report and deliver it (the email
carries the XLSX). The prefecture's user then sees both in its portal."""

from __future__ import annotations

import datetime as dt
import email.message
import os
import re
from collections.abc import Callable, Iterator
from io import BytesIO
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.conf import settings as django_settings
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import TEST_PASSWORD, verified_login
from fukyu.accounts.models import User
from fukyu.accounts.services import totp_device_create
from fukyu.audit.models import AuditEvent
from fukyu.callcenter.models import DailyReport, Escalation, EscalationStatus
from fukyu.callcenter.tests.factories import make_inquiry
from fukyu.core.calendar import TOKYO
from fukyu.core.services import contract_load
from tests.smtp import Inbox, body_of, smtp_server, smtp_settings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DAY = dt.date(2024, 11, 5)  # a Tuesday; the demo clock reads the next morning
PREFECTURE = "joho@pref.example.lg.jp"
SHOTS = Path(
    os.environ.get(
        "FUKYU_SCREENSHOT_DIR", str(Path(django_settings.BASE_DIR) / "var" / "screenshots")
    )
)


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    yield from smtp_server()


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=str(SHOTS / name), full_page=True)


def code_for(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def attachment(message: email.message.Message, suffix: str) -> bytes:
    for part in message.walk():
        if (part.get_filename() or "").endswith(suffix):
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            return payload
    raise AssertionError(f"no {suffix} attachment")


def sign_in_as(page: Any, live_server: Any, user: User) -> None:
    """The prefecture's user, signed in through a verified session (its own login journey is
    tested in test_login_journey)."""
    client = verified_login(Client(), user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    page.context.clear_cookies()
    page.context.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": cookie.value,
                "url": live_server.url,
            }
        ]
    )


def test_supervisor_sends_an_escalation_and_delivers_the_daily_report(
    live_server: Any,
    page: Any,
    make_user: Callable[..., User],
    settings: Any,
    smtp: tuple[Inbox, int],
) -> None:
    inbox, port = smtp
    settings.FUKYU_TODAY = "2024-11-06"
    contract = contract_load(path=settings.FUKYU_DEFAULT_CONTRACT)
    contract.config = {**contract.config, "client_notify_emails": [PREFECTURE]}
    contract.save(update_fields=["config"])
    operator = make_user("operator", display_name="受付 一郎")
    supervisor = make_user("supervisor", username="sato_sv", display_name="佐藤 花子")
    prefecture = make_user("client", username="miyagi_kensei", display_name="宮城 県政")
    device = totp_device_create(user=supervisor, confirmed=True)
    make_inquiry(contract, operator, received_at=dt.datetime(2024, 11, 5, 9, 40, tzinfo=TOKYO))
    inquiry = make_inquiry(
        contract,
        operator,
        outcome="escalation",
        received_at=dt.datetime(2024, 11, 5, 10, 5, tzinfo=TOKYO),
        summary="避難所受付ミニアプリの対象地域について県の判断を求めたい（テスト）",
        caller_name="テスト 太郎",
        caller_phone="090-0000-1234",
    )
    escalation = Escalation.objects.get(inquiry=inquiry)
    assert escalation.status == EscalationStatus.OPEN

    with smtp_settings(port):
        # Password, then the TOTP code from the supervisor's authenticator app.
        page.goto(f"{live_server.url}/ops/")
        page.get_by_label("利用者名").fill("sato_sv")
        page.get_by_label("パスワード").fill(TEST_PASSWORD)
        page.get_by_role("button", name="ログイン").click()
        page.wait_for_url("**/ops/2fa/**")
        page.get_by_label("確認コード（6桁）").fill(code_for(device))
        page.get_by_role("button", name="確認").click()
        page.wait_for_url(f"{live_server.url}/ops/")
        shot(page, "callcenter_supervisor_home.png")

        # The home page shows the open escalation, overdue (the deadline was 10:35 yesterday).
        panel = page.locator(
            "section", has=page.get_by_role("heading", name="未完了のエスカレーション")
        )
        assert "連絡期限超過 1件" in panel.inner_text()
        panel.get_by_role("link", name=inquiry.number).click()
        page.wait_for_url(f"**/ops/callcenter/escalations/{escalation.pk}/")
        assert page.get_by_text("県への連絡期限を過ぎています").is_visible()
        assert page.get_by_role("row", name=re.compile("^問い合わせ内容 避難所受付")).is_visible()
        page.get_by_role("button", name="確認して県へ送信する").click()
        page.get_by_text("県へメールで連絡しました").wait_for()
        assert page.get_by_role("cell", name="県へ連絡済み・回答待ち").is_visible()

        assert len(inbox.messages) == 1
        rcpt, sent = inbox.messages[0]
        assert rcpt == [PREFECTURE]
        assert inquiry.number in str(sent["Subject"]) or inquiry.number in body_of(sent)
        assert "090-0000-1234" not in body_of(sent)  # no personal data in the email

        # The day's report: open it from the list, write notable matters, review, deliver.
        page.get_by_role("link", name="日報", exact=True).first.click()
        page.wait_for_url("**/ops/callcenter/reports/")
        page.get_by_label("対象日").fill(DAY.isoformat())
        page.get_by_role("button", name="表示").click()
        page.wait_for_url(f"**/ops/callcenter/reports/{DAY.isoformat()}/")
        assert page.get_by_role(
            "heading", name=re.compile("コールセンター日報（令和6年11月5日")
        ).is_visible()
        page.get_by_label("特記事項").fill("避難所受付に関するエスカレーション1件（県へ連絡済み）")
        page.get_by_role("button", name="特記事項を保存").click()
        page.get_by_text("特記事項を保存しました").wait_for()
        page.get_by_role("button", name="確認済みにする").click()
        page.get_by_text("日報を確認済みにしました").wait_for()
        page.get_by_role("button", name="県へ提出する（メール・ポータル）").click()
        page.get_by_text("日報を県へ提出しました").wait_for()
        assert page.get_by_role("button", name="県へ再送する").is_visible()
        shot(page, "callcenter_daily_report.png")

        # From the daily report to the month's summary.
        page.get_by_role("link", name="この月の月報").click()
        page.wait_for_url("**/ops/callcenter/reports/summary/?kind=monthly&month=2024-11")
        assert page.get_by_role(
            "heading", name=re.compile("コールセンター月報（令和6年11月1日")
        ).is_visible()
        totals = page.locator("section", has=page.get_by_role("heading", name="問い合わせ類型別"))
        assert totals.get_by_role("row", name="合計 2").is_visible()
        shot(page, "callcenter_summary.png")

    assert len(inbox.messages) == 2
    rcpt, report_mail = inbox.messages[1]
    assert rcpt == [PREFECTURE]
    assert "令和6年11月5日" in str(report_mail["Subject"]) or "令和6年11月5日" in body_of(
        next(p for p in report_mail.walk() if p.get_content_type() == "text/plain")
    )
    book = openpyxl.load_workbook(BytesIO(attachment(report_mail, ".xlsx")))
    cover = {row[0]: row[1] for row in book["表紙"].iter_rows(min_row=3, values_only=True)}
    assert cover["受付件数（合計）"] == "2件"
    assert cover["エスカレーション"] == "1件"
    assert cover["特記事項"].startswith("避難所受付に関するエスカレーション1件")
    report = DailyReport.objects.get(contract=contract, day=DAY)
    assert report.reviewed_by == supervisor and report.delivered_at is not None
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"escalation.sent", "daily_report.review", "daily_report.deliver"} <= actions

    # The prefecture's portal: the escalation waiting for its answer and the delivered report.
    sign_in_as(page, live_server, prefecture)
    page.goto(f"{live_server.url}/ops/")
    waiting = page.locator(
        "section", has=page.get_by_role("heading", name="回答をお待ちしているエスカレーション")
    )
    assert inquiry.number in waiting.inner_text()
    shot(page, "callcenter_client_home.png")
    waiting.get_by_role("link", name=inquiry.number).click()
    page.wait_for_url(f"**/ops/callcenter/escalations/{escalation.pk}/")
    assert page.get_by_role("button", name="回答・指示を登録する").is_visible()
    assert page.get_by_role("button", name="確認して県へ送信する").count() == 0
    page.goto(f"{live_server.url}/ops/")
    page.get_by_role("link", name=re.compile("令和6年11月5日")).click()
    page.wait_for_url(f"**/ops/callcenter/reports/{DAY.isoformat()}/")
    assert page.get_by_text("避難所受付に関するエスカレーション1件（県へ連絡済み）").is_visible()
    assert page.get_by_role("button", name="県へ提出する（メール・ポータル）").count() == 0
