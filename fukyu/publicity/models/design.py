"""Design items (5(3)ロ): several drafts, the client's pick, numbered proof rounds (5(3)ハ)."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models

from fukyu.core.models import Contract


class FileKind(models.TextChoices):
    PDF = "pdf", "PDF"
    PNG = "png", "PNG"
    JPEG = "jpg", "JPEG"


def _stored_name(instance: Any, prefix: str, ext: str) -> str:
    item = instance.item
    return f"publicity/{item.contract.code}/item-{item.pk}/{prefix}-{uuid.uuid4().hex}.{ext}"


def draft_upload_to(instance: DesignDraft, filename: str) -> str:
    return _stored_name(instance, "draft", instance.file_kind)


def proof_upload_to(instance: ProofRound, filename: str) -> str:
    return _stored_name(instance, f"proof{instance.number}", instance.file_kind)


def thumbnail_upload_to(instance: Any, filename: str) -> str:
    return _stored_name(instance, "thumb", "jpg")


class DesignItem(models.Model):
    class Kind(models.TextChoices):
        WEBSITE = "website", "WEBサイト"
        POSTER = "poster", "ポスター"
        PAMPHLET = "pamphlet", "パンフレット"
        OTHER = "other", "その他"

    class Status(models.TextChoices):
        DRAFTING = "drafting", "デザイン案作成中"
        AWAITING_PICK = "awaiting_pick", "発注者の案選定待ち"
        PROOFING = "proofing", "校正中"
        APPROVED = "approved", "校了（承認済み）"

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="design_items")
    kind = models.CharField("種類", max_length=20, choices=Kind.choices)
    title = models.CharField("名称", max_length=200)
    description = models.TextField("概要・仕様", blank=True)
    due_on = models.DateField("校了予定日", null=True, blank=True)
    status = models.CharField(
        "状況", max_length=20, choices=Status.choices, default=Status.DRAFTING
    )
    presented_at = models.DateTimeField("案の提示日時", null=True, blank=True)
    selected_draft = models.ForeignKey(
        "DesignDraft",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="選定された案",
    )
    selected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="選定者",
    )
    selected_at = models.DateTimeField("選定日時", null=True, blank=True)
    selection_note = models.TextField("選定時のコメント", blank=True)
    approved_round = models.ForeignKey(
        "ProofRound",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="承認された校正",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="承認者",
    )
    approved_at = models.DateTimeField("承認日時", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="作成者",
    )
    created_at = models.DateTimeField("作成日時")

    class Meta:
        verbose_name = "制作物"
        verbose_name_plural = "制作物"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}「{self.title}」"

    @property
    def is_locked(self) -> bool:
        return self.status == self.Status.APPROVED


class DesignDraft(models.Model):
    item = models.ForeignKey(DesignItem, on_delete=models.CASCADE, related_name="drafts")
    label = models.CharField("案の名称", max_length=20)
    file = models.FileField("ファイル", upload_to=draft_upload_to, max_length=300)
    thumbnail = models.FileField(
        "縮小画像", upload_to=thumbnail_upload_to, max_length=300, blank=True
    )
    file_kind = models.CharField("形式", max_length=5, choices=FileKind.choices)
    original_name = models.CharField("元のファイル名", max_length=255)
    size = models.PositiveBigIntegerField("サイズ（バイト）")
    sha256 = models.CharField("SHA-256", max_length=64)
    page_count = models.PositiveIntegerField("ページ数", default=1)
    width = models.PositiveIntegerField("幅（px）", null=True, blank=True)
    height = models.PositiveIntegerField("高さ（px）", null=True, blank=True)
    note = models.TextField("説明", blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="登録者",
    )
    uploaded_at = models.DateTimeField("登録日時")

    class Meta:
        verbose_name = "デザイン案"
        verbose_name_plural = "デザイン案"
        ordering = ["item", "id"]
        constraints = [
            models.UniqueConstraint(fields=["item", "label"], name="publicity_draft_label_unique")
        ]

    def __str__(self) -> str:
        return f"{self.item.title} {self.label}"


class ProofRound(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "発注者の確認中"
        RETURNED = "returned", "修正依頼"
        APPROVED = "approved", "承認"

    item = models.ForeignKey(DesignItem, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField("校正回", validators=[MinValueValidator(1)])
    file = models.FileField("ファイル", upload_to=proof_upload_to, max_length=300)
    thumbnail = models.FileField(
        "縮小画像", upload_to=thumbnail_upload_to, max_length=300, blank=True
    )
    file_kind = models.CharField("形式", max_length=5, choices=FileKind.choices)
    original_name = models.CharField("元のファイル名", max_length=255)
    size = models.PositiveBigIntegerField("サイズ（バイト）")
    sha256 = models.CharField("SHA-256", max_length=64)
    page_count = models.PositiveIntegerField("ページ数", default=1)
    note = models.TextField("修正内容・連絡事項", blank=True)
    status = models.CharField("状況", max_length=20, choices=Status.choices, default=Status.OPEN)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="提出者",
    )
    submitted_at = models.DateTimeField("提出日時")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="判断者（発注者）",
    )
    decided_at = models.DateTimeField("判断日時", null=True, blank=True)
    decision_note = models.TextField("発注者のコメント", blank=True)

    class Meta:
        verbose_name = "校正"
        verbose_name_plural = "校正"
        ordering = ["item", "number"]
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="publicity_round_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.item.title} 第{self.number}校"


class ProofComment(models.Model):
    """One of the client's comments on a page of a proof, and the contractor's response."""

    round = models.ForeignKey(ProofRound, on_delete=models.CASCADE, related_name="comments")
    page = models.PositiveIntegerField("ページ", validators=[MinValueValidator(1)])
    body = models.TextField("指摘内容")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="指摘者",
    )
    created_at = models.DateTimeField("指摘日時")
    response = models.TextField("対応内容", blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="回答者",
    )
    responded_at = models.DateTimeField("回答日時", null=True, blank=True)

    class Meta:
        verbose_name = "校正の指摘"
        verbose_name_plural = "校正の指摘"
        ordering = ["round", "page", "id"]

    def __str__(self) -> str:
        return f"{self.round} p.{self.page}"
