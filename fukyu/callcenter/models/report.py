"""The daily report's record: notable matters, review, and every delivery attempt."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from fukyu.core.models import Contract

NOTES_MAX = 4000


class DailyReport(models.Model):
    contract = models.ForeignKey(
        Contract, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    day = models.DateField("対象日")
    due_by = models.DateTimeField("提出期限")
    notes = models.TextField("特記事項", max_length=NOTES_MAX, blank=True)
    built_at = models.DateTimeField("作成日時")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name="確認者",
    )
    reviewed_at = models.DateTimeField("確認日時", null=True, blank=True)
    delivered_at = models.DateTimeField("提出日時", null=True, blank=True)

    class Meta:
        verbose_name = "日報"
        verbose_name_plural = "日報"
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "day"], name="cc_daily_report_day_unique")
        ]

    def __str__(self) -> str:
        return f"日報 {self.day:%Y-%m-%d}"

    @property
    def late(self) -> bool:
        return self.delivered_at is not None and self.delivered_at > self.due_by


class DeliveryLog(models.Model):
    class Channel(models.TextChoices):
        EMAIL = "email", "メール"
        PORTAL = "portal", "発注者ポータル"

    report = models.ForeignKey(DailyReport, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField("提出方法", max_length=10, choices=Channel.choices)
    attempted_at = models.DateTimeField("実施日時")
    ok = models.BooleanField("成功")
    error = models.CharField("エラー", max_length=300, blank=True)
    recipients = models.TextField("宛先", blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name="実施者",
    )
    # A resend on request is allowed; the scheduler's automatic send happens once.
    automatic = models.BooleanField("自動送信", default=False)

    class Meta:
        verbose_name = "日報の提出記録"
        verbose_name_plural = "日報の提出記録"
        ordering = ["attempted_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "channel"],
                condition=models.Q(ok=True, automatic=True),
                name="cc_delivery_once_per_channel",
            )
        ]

    def __str__(self) -> str:
        return f"{self.report_id}: {self.channel} {'OK' if self.ok else 'NG'}"
