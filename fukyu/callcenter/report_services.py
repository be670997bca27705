"""Writes of daily reports: build, notable matters, review, delivery (email with the XLSX and
the client portal), and the scheduler's run. Every step is audited; every delivery logged."""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction

from fukyu.audit.services import audit_record
from fukyu.callcenter.daily_report import daily_report
from fukyu.callcenter.models import DailyReport, DeliveryLog
from fukyu.callcenter.models.report import NOTES_MAX
from fukyu.callcenter.report_files import report_xlsx
from fukyu.core import clock
from fukyu.core.calendar import TOKYO
from fukyu.core.models import Contract
from fukyu.core.wareki import wareki
from fukyu.privacy.incidents import client_recipients

logger = logging.getLogger(__name__)
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LOOKBACK_DAYS = 31


def daily_report_record(*, contract: Contract, day: dt.date) -> DailyReport:
    """The day's report record, made when first needed."""
    report, _ = DailyReport.objects.get_or_create(
        contract=contract,
        day=day,
        defaults={"due_by": contract.calendar.report_due(day), "built_at": clock.now()},
    )
    return report


def daily_report_notes_save(*, actor: Any, report: DailyReport, notes: str) -> DailyReport:
    text = notes.replace("\r\n", "\n").strip()
    if len(text) > NOTES_MAX:
        raise ValidationError({"notes": f"特記事項は{NOTES_MAX}文字以内にしてください"})
    with transaction.atomic():
        before = report.notes
        report.notes = text
        report.save(update_fields=["notes"])
        audit_record(
            actor=actor, action="daily_report.notes", obj=report, changes={"notes": [before, text]}
        )
    return report


def daily_report_review(*, actor: Any, report: DailyReport) -> DailyReport:
    with transaction.atomic():
        report.reviewed_by, report.reviewed_at = actor, clock.now()
        report.save(update_fields=["reviewed_by", "reviewed_at"])
        audit_record(actor=actor, action="daily_report.review", obj=report)
    return report


def _log(report: DailyReport, channel: str, actor: Any, *, ok: bool, **extra: Any) -> bool:
    user = actor if getattr(actor, "is_authenticated", False) else None
    try:
        with transaction.atomic():
            DeliveryLog.objects.create(
                report=report, channel=channel, attempted_at=clock.now(), ok=ok, actor=user, **extra
            )
            audit_record(
                actor=actor,
                action="daily_report.deliver" if ok else "daily_report.deliver_failed",
                obj=report,
                note=f"{channel}: {extra.get('error', '')}"[:300],
            )
    except IntegrityError:
        return False  # another run delivered it already
    return True


def daily_report_deliver(
    *, actor: Any, report: DailyReport, automatic: bool = False, base_url: str = ""
) -> bool:
    """Email the XLSX to the prefecture and publish the report in its portal. Returns whether
    the email went out. An automatic (scheduled) delivery happens once per report and channel."""
    if automatic and report.deliveries.filter(channel="email", ok=True, automatic=True).exists():
        return False
    contract = report.contract
    numbers = daily_report(contract=contract, day=report.day)
    numbers.notes = report.notes
    recipients = client_recipients(contract=contract)
    error = ""
    if not recipients:
        error = "送信先のメールアドレスがありません（契約設定と発注者の利用者）"
    else:
        due = report.due_by.astimezone(TOKYO)
        message = EmailMessage(
            f"【コールセンター日報】{wareki(report.day)}分（{contract.settings.name}）",
            "\n".join(
                [
                    f"{contract.settings.client} 御中",
                    "",
                    f"{wareki(report.day)}のコールセンター日報を添付のとおり提出します。",
                    f"受付件数：{numbers.total}件",
                    f"エスカレーション：{len(numbers.escalations)}件",
                    f"提出期限：{wareki(due)} {due:%H:%M}",
                    "発注者ポータルでも閲覧できます。",
                ]
            ),
            settings.DEFAULT_FROM_EMAIL,
            recipients,
        )
        message.attach(
            f"callcenter_daily_{report.day:%Y%m%d}.xlsx",
            report_xlsx(contract=contract, report=numbers),
            XLSX_TYPE,
        )
        try:
            message.send()
        except (smtplib.SMTPException, OSError) as exc:
            logger.warning("daily report %s: email failed: %s", report.day, exc)
            error = f"メールを送信できませんでした（{exc.__class__.__name__}）"
    sent = _log(
        report,
        "email",
        actor,
        ok=not error,
        error=error,
        recipients="、".join(recipients),
        automatic=automatic and not error,
    )
    if not report.deliveries.filter(channel="portal", ok=True).exists():
        _log(report, "portal", actor, ok=True, automatic=automatic)
    if not error and sent:
        with transaction.atomic():
            report.delivered_at = report.delivered_at or clock.now()
            report.save(update_fields=["delivered_at"])
    return not error and sent


def run_scheduled(*, contract: Contract, now: dt.datetime | None = None) -> list[str]:
    """Build every open day's report after closing and deliver those ready (reviewed, when the
    contract asks for review). Safe to run again: nothing is sent twice."""
    moment = (now or clock.now()).astimezone(TOKYO)
    cfg = contract.settings
    lines: list[str] = []
    today = moment.date()
    start = max(contract.starts_on, today - dt.timedelta(days=LOOKBACK_DAYS))
    for info in contract.calendar.days(start, today):
        day = info.date
        if not info.center_open:
            continue
        if day == today and moment.time() < cfg.center_closes_at:
            continue
        report = daily_report_record(contract=contract, day=day)
        if report.deliveries.filter(channel="email", ok=True).exists():
            continue
        if cfg.daily_report_review and report.reviewed_at is None:
            lines.append(f"{day}: SVの確認待ちのため未送信")
            continue
        ok = daily_report_deliver(actor=None, report=report, automatic=True)
        lines.append(f"{day}: {'送信しました' if ok else '送信できませんでした'}")
    return lines
