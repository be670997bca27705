"""Writes of escalations: open (with the inquiry), review and send to the prefecture, the
prefecture's answer, the operator's callback. Each step is audited and time-stamped."""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse

from fukyu.audit.services import audit_record
from fukyu.callcenter.models import (
    Escalation,
    EscalationEvent,
    EscalationStatus,
    Inquiry,
    Urgency,
)
from fukyu.callcenter.models.escalation import TEXT_MAX
from fukyu.core import clock
from fukyu.core.calendar import TOKYO
from fukyu.core.models import Contract
from fukyu.core.wareki import wareki
from fukyu.privacy.incidents import client_recipients

logger = logging.getLogger(__name__)
Kind = EscalationEvent.Kind


def escalation_notify_by(*, contract: Contract, received_at: dt.datetime) -> dt.datetime:
    """The deadline for telling the prefecture, counted from when the inquiry was received."""
    minutes = contract.settings.escalation_target_minutes
    return contract.calendar.client_deadline(received_at, minutes)


def _event(esc: Escalation, kind: str, actor: Any, note: str = "") -> None:
    user = actor if getattr(actor, "is_authenticated", False) else None
    EscalationEvent.objects.create(escalation=esc, kind=kind, at=clock.now(), actor=user, note=note)
    audit_record(actor=actor, action=f"escalation.{kind}", obj=esc, note=note[:300])


def _required(field: str, value: str, label: str) -> str:
    text = value.replace("\r\n", "\n").strip()
    if not text:
        raise ValidationError({field: f"{label}を入力してください"})
    if len(text) > TEXT_MAX:
        raise ValidationError({field: f"{label}は{TEXT_MAX}文字以内にしてください"})
    return text


def escalation_open(
    *,
    actor: Any,
    inquiry: Inquiry,
    reason: str = "",
    urgency: str = Urgency.NORMAL,
    caller_needs: str = "",
) -> Escalation:
    """Open the escalation of `inquiry`; call inside the inquiry's transaction."""
    if urgency not in Urgency.values:
        raise ValidationError({"urgency": "緊急度は「通常」か「至急」を指定してください"})
    esc = Escalation(
        contract=inquiry.contract,
        inquiry=inquiry,
        reason=(reason.strip() or inquiry.summary)[:TEXT_MAX],
        urgency=urgency,
        caller_needs=caller_needs.strip()[:TEXT_MAX],
        escalated_by=actor,
        opened_at=clock.now(),
        notify_by=escalation_notify_by(contract=inquiry.contract, received_at=inquiry.received_at),
    )
    with transaction.atomic():
        esc.full_clean(exclude=["contract", "inquiry", "escalated_by"], validate_unique=False)
        esc.save()
        _event(esc, Kind.OPENED, actor, f"受付番号 {inquiry.number}")
    return esc


def _message(esc: Escalation, base_url: str) -> tuple[str, str]:
    inquiry = esc.inquiry
    cfg = esc.contract.settings
    mark = "【至急】" if esc.urgency == Urgency.HIGH else ""
    subject = f"{mark}【エスカレーション】受付番号 {inquiry.number}（{cfg.name}）"
    received = inquiry.received_at.astimezone(TOKYO)
    link = base_url.rstrip("/") + reverse("callcenter:escalation_detail", args=[esc.pk])
    body = "\n".join(
        [
            f"{cfg.client} 御中",
            "",
            "コールセンターより、県のご判断が必要なお問い合わせをご連絡します。",
            "",
            f"受付番号：{inquiry.number}",
            f"受付日時：{wareki(received)} {received:%H:%M}",
            f"問い合わせ類型：{inquiry.category.name}",
            f"緊急度：{esc.get_urgency_display()}",
            f"問い合わせ内容：{inquiry.summary}",
            f"エスカレーション理由：{esc.reason}",
            f"問い合わせ者の求めていること：{esc.caller_needs or '（記載なし）'}",
            "",
            f"回答・ご指示は発注者ポータルからご入力ください：{link}",
            "（問い合わせ者の氏名・電話番号はメールには記載していません。）",
        ]
    )
    return subject, body


def escalation_send(*, actor: Any, escalation: Escalation, base_url: str = "") -> bool:
    """A supervisor's review, then the email to the prefecture (also shown in its portal).
    Returns whether the email went out; a failure is recorded and can be sent again."""
    if escalation.status == EscalationStatus.CLOSED:
        raise ValidationError("完了したエスカレーションは送信できません")
    recipients = client_recipients(contract=escalation.contract)
    error = ""
    if not recipients:
        error = "通知先のメールアドレスがありません（契約設定と発注者の利用者）"
    else:
        subject, body = _message(escalation, base_url)
        try:
            EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, recipients).send()
        except (smtplib.SMTPException, OSError) as exc:
            logger.warning("escalation %s: email failed: %s", escalation.pk, exc)
            error = f"メールを送信できませんでした（{exc.__class__.__name__}）"
    now = clock.now()
    with transaction.atomic():
        esc = Escalation.objects.select_for_update().get(pk=escalation.pk)
        if esc.reviewed_at is None:
            esc.reviewed_by, esc.reviewed_at = actor, now
            _event(esc, Kind.REVIEWED, actor)
        if error:
            esc.notify_error = error
            _event(esc, Kind.SEND_FAILED, actor, error)
        else:
            esc.notify_error = ""
            esc.notified_at = esc.notified_at or now
            if esc.status == EscalationStatus.OPEN:
                esc.status = EscalationStatus.SENT
            _event(esc, Kind.SENT, actor, "宛先: " + "、".join(recipients))
        esc.save()
    escalation.refresh_from_db()
    return not error


def escalation_answer(*, actor: Any, escalation: Escalation, answer: str) -> Escalation:
    """The prefecture's answer or instruction."""
    text = _required("client_answer", answer, "回答・指示")
    with transaction.atomic():
        esc = Escalation.objects.select_for_update().get(pk=escalation.pk)
        if esc.status == EscalationStatus.CLOSED:
            raise ValidationError("完了したエスカレーションには回答できません")
        esc.client_answer, esc.answered_by, esc.answered_at = text, actor, clock.now()
        esc.status = EscalationStatus.ANSWERED
        esc.save()
        _event(esc, Kind.ANSWERED, actor, text)
    return esc


def escalation_callback(*, actor: Any, escalation: Escalation, note: str) -> Escalation:
    """The operator called the person back with the prefecture's answer: the escalation closes."""
    text = _required("callback_note", note, "折り返しの結果")
    with transaction.atomic():
        esc = Escalation.objects.select_for_update().get(pk=escalation.pk)
        if esc.status != EscalationStatus.ANSWERED:
            raise ValidationError("県の回答・指示を受けてから折り返しを記録してください")
        now = clock.now()
        esc.callback_note, esc.callback_by, esc.callback_at = text, actor, now
        esc.status, esc.closed_at = EscalationStatus.CLOSED, now
        esc.save()
        _event(esc, Kind.CALLBACK, actor, text)
        _event(esc, Kind.CLOSED, actor)
    return esc
