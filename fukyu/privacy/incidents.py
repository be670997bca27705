"""Incidents (第17): recording one notifies the prefecture at once by email (and on its home
page); a timeline of actions follows until it is closed."""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse

from fukyu.accounts.models import User
from fukyu.accounts.permissions import has_perm
from fukyu.audit.services import audit_record, diff, snapshot
from fukyu.core import clock
from fukyu.core.calendar import TOKYO
from fukyu.core.models import Contract
from fukyu.core.wareki import wareki
from fukyu.privacy.models import Incident, IncidentAction

logger = logging.getLogger(__name__)
INCIDENT_FIELDS = (
    "title",
    "what_happened",
    "data_kinds",
    "people_affected",
    "records_affected",
    "location",
    "occurred_at",
    "discovered_at",
)


def may_report_incident(user: Any) -> bool:
    return has_perm(user, "privacy_manage") or has_perm(user, "governance_manage")


def _label(actor: Any) -> str:
    return actor.get_username() if getattr(actor, "is_authenticated", False) else str(actor)


def _timeline(incident: Incident, actor: Any, kind: str, description: str) -> IncidentAction:
    return IncidentAction.objects.create(
        incident=incident,
        at=clock.now(),
        actor_label=_label(actor),
        kind=kind,
        description=description,
    )


def client_recipients(*, contract: Contract) -> list[str]:
    """The contract's notification addresses and every active client user's email."""
    emails = list(contract.settings.client_notify_emails)
    users = User.objects.filter(groups__name="client", is_active=True).exclude(email="")
    emails += list(users.values_list("email", flat=True))
    return list(dict.fromkeys(e.strip() for e in emails if e.strip()))


def _when(value: dt.datetime | None) -> str:
    return f"{wareki(value)} {value.astimezone(TOKYO):%H:%M}" if value else "不明"


def _message(incident: Incident, base_url: str) -> tuple[str, str]:
    cfg = incident.contract.settings
    subject = f"【個人情報事故の第一報】{incident.title}（{cfg.name}）"
    link = base_url.rstrip("/") + reverse("privacy:incident", args=[incident.pk])
    body = "\n".join(
        [
            f"{cfg.client} 御中",
            "",
            f"{cfg.contractor}です。個人情報取扱特記事項第17に基づき、個人情報に関する事故の"
            "発生を第一報としてお知らせします。詳細と対応の経過は下記の画面でご確認いただけます。",
            "",
            f"事故番号：第{incident.pk}号",
            f"件名：{incident.title}",
            f"発生状況：{incident.what_happened}",
            f"個人情報の内容：{incident.data_kinds}",
            f"件数：{incident.people_affected}人（{incident.records_affected}件）",
            f"発生場所：{incident.location}",
            f"発生日時：{_when(incident.occurred_at)}",
            f"発見日時：{_when(incident.discovered_at)}",
            "",
            f"詳細：{link}",
            "",
            "書面による報告書は画面から PDF で出力できます。ご指示をお待ちしております。",
        ]
    )
    return subject, body


def incident_notify(*, actor: Any, incident: Incident, base_url: str = "") -> bool:
    """Email the prefecture now; the result (sent or failed) joins the timeline."""
    recipients = client_recipients(contract=incident.contract)
    if not recipients:
        error = "通知先のメールアドレスがありません（契約設定 notify_emails と発注者の利用者）"
    else:
        subject, body = _message(incident, base_url)
        try:
            EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, recipients).send()
            error = ""
        except (smtplib.SMTPException, OSError) as exc:
            logger.warning("incident %s: notification failed: %s", incident.pk, exc)
            error = f"メールを送信できませんでした（{exc.__class__.__name__}）"
    with transaction.atomic():
        if error:
            incident.notify_error = error
            incident.save(update_fields=["notify_error"])
            _timeline(incident, actor, IncidentAction.Kind.NOTIFY_FAILED, error)
        else:
            incident.notified_at = clock.now()
            incident.notify_error = ""
            incident.save(update_fields=["notified_at", "notify_error"])
            _timeline(
                incident,
                actor,
                IncidentAction.Kind.NOTIFIED,
                "メールで通知しました（宛先: "
                + "、".join(recipients)
                + "）。発注者のホーム画面にも表示しています。",
            )
        audit_record(
            actor=actor,
            action="incident.notify",
            obj=incident,
            changes={"notified": [None, not error]},
            note=error,
        )
    return not error


def incident_report(
    *,
    actor: Any,
    contract: Contract,
    title: str,
    what_happened: str,
    data_kinds: str,
    people_affected: int,
    records_affected: int,
    location: str,
    discovered_at: dt.datetime,
    occurred_at: dt.datetime | None = None,
    base_url: str = "",
) -> Incident:
    """Record an incident and notify the client at once (after the record is committed, so a
    mail failure never loses the record; the failure is shown and can be retried)."""
    if not may_report_incident(actor):
        raise PermissionDenied("事故を登録する権限がありません")
    now = clock.now()
    if discovered_at > now:
        raise ValidationError({"discovered_at": "発見日時が未来になっています"})
    if occurred_at is not None and occurred_at > discovered_at:
        raise ValidationError({"occurred_at": "発生日時が発見日時より後になっています"})
    incident = Incident(
        contract=contract,
        title=title.strip(),
        what_happened=what_happened.strip(),
        data_kinds=data_kinds.strip(),
        people_affected=people_affected,
        records_affected=records_affected,
        location=location.strip(),
        occurred_at=occurred_at,
        discovered_at=discovered_at,
        reported_at=now,
        reported_by=actor,
    )
    incident.full_clean()
    with transaction.atomic():
        incident.save()
        _timeline(incident, actor, IncidentAction.Kind.REPORTED, "事故を登録しました")
        audit_record(
            actor=actor,
            action="incident.report",
            obj=incident,
            changes=diff({}, snapshot(incident, INCIDENT_FIELDS)),
        )
    incident_notify(actor=actor, incident=incident, base_url=base_url)
    return incident


def incident_action_add(
    *, actor: Any, incident: Incident, kind: str, description: str
) -> IncidentAction:
    if not may_report_incident(actor):
        raise PermissionDenied("事故対応を記録する権限がありません")
    if kind not in (IncidentAction.Kind.ACTION, IncidentAction.Kind.INSTRUCTION):
        raise ValidationError({"kind": "種別を選んでください"})
    if not description.strip():
        raise ValidationError({"description": "内容を入力してください"})
    if incident.status == Incident.Status.CLOSED:
        raise ValidationError("対応完了の事故には記録できません")
    with transaction.atomic():
        action = _timeline(incident, actor, kind, description.strip())
        audit_record(actor=actor, action="incident.action", obj=incident, note=action.description)
    return action


def incident_close(*, actor: Any, incident: Incident, cause: str, prevention: str) -> Incident:
    if not may_report_incident(actor):
        raise PermissionDenied("事故対応を記録する権限がありません")
    if not (cause.strip() and prevention.strip()):
        raise ValidationError("原因と再発防止策を入力してください")
    if incident.status == Incident.Status.CLOSED:
        raise ValidationError("既に対応完了です")
    before = snapshot(incident, ("status", "cause", "prevention"))
    incident.cause = cause.strip()
    incident.prevention = prevention.strip()
    incident.status = Incident.Status.CLOSED
    with transaction.atomic():
        incident.save(update_fields=["cause", "prevention", "status"])
        _timeline(
            incident,
            actor,
            IncidentAction.Kind.CLOSED,
            "原因と再発防止策を記録し、対応を完了しました",
        )
        audit_record(
            actor=actor,
            action="incident.close",
            obj=incident,
            changes=diff(before, snapshot(incident, ("status", "cause", "prevention"))),
        )
    return incident
