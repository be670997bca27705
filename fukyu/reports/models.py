"""The final reports handed to the client (spec 6) and the prefecture's completion-report form.

- `ReportSubmission`: one handing-over of the performance report, the completion report or the
  deliverables package, with the very file submitted (kept, with its SHA-256) and the client's
  acknowledgement. A report may be submitted again (after the client's comments); every
  submission stays on record.
- `CompletionTemplate`: the prefecture's 指定様式 (a DOCX with {{placeholders}}); the active one
  fills the next completion report.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from fukyu.core.models import Contract


class FinalReport(models.TextChoices):
    PERFORMANCE = "performance", "実績報告書"
    COMPLETION = "completion", "業務完了報告書"
    PACKAGE = "package", "成果品の電子データ"


def submission_upload_to(instance: ReportSubmission, filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"reports/submissions/{instance.kind}/{uuid.uuid4().hex}.{suffix}"


def template_upload_to(instance: CompletionTemplate, filename: str) -> str:
    return f"reports/templates/{uuid.uuid4().hex}.docx"


class ReportSubmission(models.Model):
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField("報告書", max_length=20, choices=FinalReport.choices)
    file = models.FileField("提出したファイル", upload_to=submission_upload_to, max_length=300)
    file_name = models.CharField("ファイル名", max_length=255)
    size = models.PositiveBigIntegerField("サイズ（バイト）")
    sha256 = models.CharField("SHA-256", max_length=64)
    generated = models.BooleanField("システムで作成", default=False)
    note = models.TextField("提出時の連絡事項", blank=True)
    submitted_at = models.DateTimeField("提出日時")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="提出者",
    )
    acknowledged_at = models.DateTimeField("受領確認日時", null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="受領確認者（発注者）",
    )
    acknowledge_comment = models.TextField("発注者のコメント", blank=True)

    class Meta:
        verbose_name = "報告書の提出"
        verbose_name_plural = "報告書の提出"
        ordering = ["submitted_at", "id"]
        indexes = [models.Index(fields=["contract", "kind", "submitted_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}（{self.file_name}）"

    @property
    def status_label(self) -> str:
        return "受領確認済み" if self.acknowledged_at else "提出済み（受領確認待ち）"


class CompletionTemplate(models.Model):
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="+")
    file = models.FileField("様式（Word）", upload_to=template_upload_to, max_length=300)
    original_name = models.CharField("元のファイル名", max_length=255)
    size = models.PositiveBigIntegerField("サイズ（バイト）")
    sha256 = models.CharField("SHA-256", max_length=64)
    placeholders = models.JSONField("差し込み項目", default=list)
    active = models.BooleanField("使用中", default=True)
    uploaded_at = models.DateTimeField("登録日時")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="登録者",
    )

    class Meta:
        verbose_name = "業務完了報告書の様式"
        verbose_name_plural = "業務完了報告書の様式"
        ordering = ["-uploaded_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract"],
                condition=models.Q(active=True),
                name="reports_one_active_template",
            )
        ]

    def __str__(self) -> str:
        return self.original_name
