"""The FAQ knowledge base and its revision history."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from fukyu.core.models import Contract, InquiryCategory, MiniApp

QUESTION_MAX = 300
ANSWER_MAX = 4000
KEYWORDS_MAX = 500


class FaqEntry(models.Model):
    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="faq_entries")
    question = models.CharField("質問", max_length=QUESTION_MAX)
    answer = models.TextField("回答", max_length=ANSWER_MAX)
    mini_app = models.ForeignKey(
        MiniApp,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ミニアプリ",
    )
    category = models.ForeignKey(
        InquiryCategory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="問い合わせ類型",
    )
    keywords = models.CharField(
        "キーワード",
        max_length=KEYWORDS_MAX,
        blank=True,
        help_text="言い換えや略語を空白・カンマ・読点で区切って入力します（検索に使われます）",
    )
    is_public = models.BooleanField("WEBサイトに公開", default=False)
    is_active = models.BooleanField("有効", default=True)
    retired_at = models.DateTimeField("廃止日時", null=True, blank=True)
    order = models.PositiveIntegerField("表示順", default=0)
    created_at = models.DateTimeField("作成日時")
    updated_at = models.DateTimeField("更新日時")

    class Meta:
        verbose_name = "FAQ"
        verbose_name_plural = "FAQ"
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "question"], name="callcenter_faq_question_unique"
            )
        ]
        indexes = [models.Index(fields=["contract", "is_active", "is_public", "order"])]

    def __str__(self) -> str:
        return self.question


class FaqRevision(models.Model):
    """A full snapshot of an entry after each change; revision 1 is the creation."""

    entry = models.ForeignKey(FaqEntry, on_delete=models.CASCADE, related_name="revisions")
    revision = models.PositiveIntegerField("版")
    question = models.CharField("質問", max_length=QUESTION_MAX)
    answer = models.TextField("回答")
    mini_app_name = models.CharField("ミニアプリ", max_length=100, blank=True)
    category_name = models.CharField("問い合わせ類型", max_length=100, blank=True)
    keywords = models.CharField("キーワード", max_length=KEYWORDS_MAX, blank=True)
    is_public = models.BooleanField("WEBサイトに公開")
    is_active = models.BooleanField("有効")
    changed_at = models.DateTimeField("変更日時")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="変更者",
    )
    note = models.CharField("変更内容", max_length=200, blank=True)

    class Meta:
        verbose_name = "FAQの版"
        verbose_name_plural = "FAQの版"
        ordering = ["entry", "-revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "revision"], name="callcenter_faq_revision_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.entry_id} 第{self.revision}版"
