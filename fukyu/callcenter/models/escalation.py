"""Escalations to the prefecture and their time-stamped history (spec 5(1)ハ)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from fukyu.callcenter.models.inquiry import Inquiry
from fukyu.core.models import Contract

TEXT_MAX = 4000


class Urgency(models.TextChoices):
    NORMAL = "normal", "通常"
    HIGH = "high", "至急"


class EscalationStatus(models.TextChoices):
    OPEN = "open", "確認待ち（SV）"
    SENT = "sent", "県へ連絡済み・回答待ち"
    ANSWERED = "answered", "県回答済み・折り返し待ち"
    CLOSED = "closed", "完了"


OPEN_STATUSES = (EscalationStatus.OPEN, EscalationStatus.SENT, EscalationStatus.ANSWERED)


class Escalation(models.Model):
    contract = models.ForeignKey(
        Contract, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    inquiry = models.OneToOneField(Inquiry, on_delete=models.PROTECT, related_name="escalation")
    reason = models.TextField("エスカレーション理由", max_length=TEXT_MAX)
    urgency = models.CharField(
        "緊急度", max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    caller_needs = models.TextField("問い合わせ者の求めていること", max_length=TEXT_MAX, blank=True)
    escalated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="起票者"
    )
    opened_at = models.DateTimeField("起票日時")
    notify_by = models.DateTimeField("県への連絡期限")
    status = models.CharField(
        "状態", max_length=10, choices=EscalationStatus.choices, default=EscalationStatus.OPEN
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name="確認者",
    )
    reviewed_at = models.DateTimeField("確認日時", null=True, blank=True)
    notified_at = models.DateTimeField("県への連絡日時", null=True, blank=True)
    notify_error = models.CharField("送信エラー", max_length=300, blank=True)
    client_answer = models.TextField("県の回答・指示", max_length=TEXT_MAX, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name="回答者",
    )
    answered_at = models.DateTimeField("回答日時", null=True, blank=True)
    callback_note = models.TextField("折り返しの結果", max_length=TEXT_MAX, blank=True)
    callback_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name="折り返し者",
    )
    callback_at = models.DateTimeField("折り返し日時", null=True, blank=True)
    closed_at = models.DateTimeField("完了日時", null=True, blank=True)

    class Meta:
        verbose_name = "エスカレーション"
        verbose_name_plural = "エスカレーション"
        ordering = ["notify_by", "id"]
        indexes = [
            models.Index(fields=["contract", "status", "notify_by"], name="cc_esc_status"),
            models.Index(fields=["contract", "opened_at"], name="cc_esc_opened"),
        ]

    def __str__(self) -> str:
        return f"エスカレーション（{self.inquiry_id}）"


class EscalationEvent(models.Model):
    """One step of an escalation, time-stamped (the audit log holds the same step too)."""

    class Kind(models.TextChoices):
        OPENED = "opened", "起票"
        REVIEWED = "reviewed", "SV確認"
        SENT = "sent", "県へ連絡"
        SEND_FAILED = "send_failed", "連絡失敗"
        ANSWERED = "answered", "県回答・指示"
        CALLBACK = "callback", "折り返し"
        CLOSED = "closed", "完了"

    escalation = models.ForeignKey(Escalation, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("内容", max_length=12, choices=Kind.choices)
    at = models.DateTimeField("日時")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name="実施者",
    )
    note = models.TextField("メモ", blank=True)

    class Meta:
        verbose_name = "エスカレーションの経過"
        verbose_name_plural = "エスカレーションの経過"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.escalation_id}: {self.kind}"
