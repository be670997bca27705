"""Agreements made by e-mail (spec 5(5) second paragraph), with the original .eml file."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models

from fukyu.core.models import Contract


def eml_upload_to(instance: Any, filename: str) -> str:
    return f"governance/{instance.contract.code}/email/{uuid.uuid4().hex}.eml"


class EmailAgreement(models.Model):
    contract = models.ForeignKey(
        Contract, on_delete=models.CASCADE, related_name="email_agreements"
    )
    agreed_on = models.DateField("協議日")
    parties = models.TextField("当事者")
    subject = models.CharField("件名", max_length=300)
    summary = models.TextField("確認した内容")
    eml = models.FileField("メール（.eml）", upload_to=eml_upload_to, max_length=300, blank=True)
    eml_name = models.CharField("ファイル名", max_length=200, blank=True)
    eml_sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    message_from = models.CharField("差出人", max_length=300, blank=True)
    message_to = models.TextField("宛先", blank=True)
    message_date = models.DateTimeField("送信日時", null=True, blank=True)
    message_id = models.CharField("Message-ID", max_length=300, blank=True)
    created_at = models.DateTimeField("登録日時")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = "電子メールによる協議"
        verbose_name_plural = "電子メールによる協議"
        ordering = ["-agreed_on", "-id"]

    def __str__(self) -> str:
        return self.subject
