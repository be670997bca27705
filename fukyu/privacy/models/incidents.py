"""Incidents (第17) with their timeline, and contact details of people who are not staff
(e.g. the people an incident affected), stored encrypted."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from fukyu.core.models import Contract
from fukyu.privacy.fields import EncryptedTextField


class Incident(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "対応中"
        CLOSED = "closed", "対応完了"

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="+")
    title = models.CharField("件名", max_length=200)
    what_happened = models.TextField("発生状況（何が起きたか）")
    data_kinds = models.TextField("漏えい等した個人情報の内容（項目）")
    people_affected = models.PositiveIntegerField("影響を受けた人数")
    records_affected = models.PositiveIntegerField("件数（レコード数）")
    location = models.CharField("発生場所", max_length=200)
    occurred_at = models.DateTimeField("発生日時（判明していれば）", null=True, blank=True)
    discovered_at = models.DateTimeField("発見日時")
    reported_at = models.DateTimeField("登録日時")
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="登録者"
    )
    status = models.CharField("状況", max_length=20, choices=Status.choices, default=Status.OPEN)
    cause = models.TextField("原因", blank=True)
    prevention = models.TextField("再発防止策", blank=True)
    notified_at = models.DateTimeField("発注者へ通知した日時", null=True, blank=True)
    notify_error = models.TextField("通知エラー", blank=True)

    class Meta:
        verbose_name = "個人情報の事故"
        verbose_name_plural = "個人情報の事故"
        ordering = ["-discovered_at", "-id"]

    def __str__(self) -> str:
        return f"事故 第{self.pk}号 {self.title}"


class IncidentAction(models.Model):
    class Kind(models.TextChoices):
        REPORTED = "reported", "登録"
        NOTIFIED = "notified", "発注者へ通知"
        NOTIFY_FAILED = "notify_failed", "通知失敗"
        ACTION = "action", "対応"
        INSTRUCTION = "instruction", "発注者の指示"
        CLOSED = "closed", "対応完了"

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="actions")
    at = models.DateTimeField("日時")
    actor_label = models.CharField("記録者", max_length=150)
    kind = models.CharField("種別", max_length=20, choices=Kind.choices)
    description = models.TextField("内容")

    class Meta:
        verbose_name = "事故対応の経過"
        verbose_name_plural = "事故対応の経過"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_kind_display()}"


class PersonalContact(models.Model):
    """Contact details of someone who is not staff. Every personal field is encrypted; the
    phone number has a keyed hash for lookups. Registered as the personal-data kind "contact"."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="+")
    incident = models.ForeignKey(
        Incident,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contacts",
        verbose_name="事故",
    )
    relation = models.CharField("関係", max_length=100)
    name = EncryptedTextField("氏名", blank=True)
    phone = EncryptedTextField("電話番号", blank=True)
    email = EncryptedTextField("メールアドレス", blank=True)
    address = EncryptedTextField("住所", blank=True)
    phone_index = models.CharField(max_length=64, blank=True, db_index=True)
    recorded_on = models.DateField("記録日")
    anonymised = models.BooleanField("匿名化済み", default=False)

    class Meta:
        verbose_name = "連絡先（職員以外）"
        verbose_name_plural = "連絡先（職員以外）"
        ordering = ["-recorded_on", "-id"]

    def __str__(self) -> str:
        return f"連絡先 第{self.pk}号（{self.relation}）"
