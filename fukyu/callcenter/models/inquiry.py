"""Inquiries, their per-contract number counter, and the caller's personal data."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from fukyu.core.models import Contract, InquiryCategory, MiniApp, Municipality
from fukyu.privacy.fields import EncryptedTextField

SUMMARY_MAX = 500
ANSWER_MAX = 4000
NAME_MAX = 100
PHONE_MAX = 30


class Channel(models.TextChoices):
    PHONE = "phone", "電話"
    EMAIL = "email", "メール"
    WEB = "web", "WEBフォーム"
    VISIT = "visit", "来訪"
    OTHER = "other", "その他"


class Outcome(models.TextChoices):
    RESOLVED = "resolved", "解決"
    CALLBACK = "callback", "折り返し必要"
    ESCALATION = "escalation", "エスカレーション必要"


class AgeGroup(models.TextChoices):
    TEENS = "10s", "10代以下"
    TWENTIES = "20s", "20代"
    THIRTIES = "30s", "30代"
    FORTIES = "40s", "40代"
    FIFTIES = "50s", "50代"
    SIXTIES = "60s", "60代"
    SEVENTIES = "70s", "70代"
    EIGHTIES = "80s", "80代以上"


class DeviceOS(models.TextChoices):
    IOS = "ios", "iPhone（iOS）"
    ANDROID = "android", "Android"
    OTHER = "other", "その他"
    NONE = "none", "スマートフォンなし"


NEEDS_CALLER = frozenset({Outcome.CALLBACK, Outcome.ESCALATION})
NUMBER_DIGITS = 6  # R6-000123; wider once a contract passes 999,999


def inquiry_number(prefix: str, seq: int) -> str:
    """The human number of the `seq`-th inquiry of a contract (numbered_insert builds the same
    in SQL)."""
    return f"{prefix}-{seq:0{NUMBER_DIGITS}d}"


class InquiryCounter(models.Model):
    """The last number given out in a contract; one row, incremented under its row lock."""

    contract = models.OneToOneField(
        Contract, on_delete=models.CASCADE, related_name="inquiry_counter"
    )
    last = models.PositiveIntegerField("最終番号", default=0)

    class Meta:
        verbose_name = "問い合わせ番号の採番"
        verbose_name_plural = "問い合わせ番号の採番"

    def __str__(self) -> str:
        return f"{self.contract_id}: {self.last}"


class Inquiry(models.Model):
    # Every list filters by contract first, so the composite indexes below cover these FKs.
    contract = models.ForeignKey(
        Contract, on_delete=models.PROTECT, related_name="inquiries", db_index=False
    )
    number = models.CharField("受付番号", max_length=20)
    seq = models.PositiveIntegerField("通し番号")
    received_at = models.DateTimeField("受付日時")
    channel = models.CharField("受付方法", max_length=10, choices=Channel.choices)
    mini_app = models.ForeignKey(
        MiniApp,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ミニアプリ",
        db_index=False,
    )
    category = models.ForeignKey(
        InquiryCategory,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="問い合わせ類型",
        db_index=False,
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="市町村",
        db_index=False,
    )
    age_group = models.CharField(
        "年代", max_length=5, choices=AgeGroup.choices, blank=True, default=""
    )
    device_os = models.CharField(
        "端末", max_length=10, choices=DeviceOS.choices, blank=True, default=""
    )
    summary = models.CharField("問い合わせ内容（要旨）", max_length=SUMMARY_MAX)
    answer = models.TextField("回答内容", max_length=ANSWER_MAX, blank=True)
    outcome = models.CharField("対応結果", max_length=12, choices=Outcome.choices)
    handle_seconds = models.PositiveIntegerField("対応時間（秒）", null=True, blank=True)
    outside_hours = models.BooleanField("開設時間外", default=False)
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="対応者",
        db_index=False,
    )
    faq = models.ForeignKey(
        "callcenter.FaqEntry",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inquiries",
        verbose_name="参照したFAQ",
    )
    # NULL when the caller sent no key: many NULLs may coexist under the unique constraint.
    idempotency_key = models.CharField(  # noqa: DJ001
        max_length=100, null=True, blank=True, editable=False
    )
    # Folded bigrams of summary and answer (fukyu.callcenter.text.search_bigrams), indexed by
    # FTS5 on SQLite and by a GIN index on PostgreSQL (see the migrations).
    search_bigrams = models.TextField(blank=True, default="", editable=False)
    created_at = models.DateTimeField("登録日時")
    updated_at = models.DateTimeField("更新日時")

    class Meta:
        verbose_name = "問い合わせ"
        verbose_name_plural = "問い合わせ"
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "number"], name="callcenter_inquiry_number_unique"
            ),
            models.UniqueConstraint(
                fields=["contract", "idempotency_key"],
                condition=models.Q(idempotency_key__isnull=False),
                name="callcenter_inquiry_idempotency_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["contract", "received_at"], name="cc_inq_received"),
            models.Index(fields=["contract", "category", "received_at"], name="cc_inq_category"),
            models.Index(fields=["contract", "mini_app", "received_at"], name="cc_inq_mini_app"),
            models.Index(fields=["contract", "operator", "received_at"], name="cc_inq_operator"),
            models.Index(fields=["contract", "outcome", "received_at"], name="cc_inq_outcome"),
            # Staffing's actual-call counts filter phone inquiries by time (fukyu/staffing/selectors.py).
            models.Index(fields=["contract", "channel", "received_at"], name="cc_inq_channel"),
            models.Index(
                fields=["contract", "municipality", "received_at"], name="cc_inq_municipality"
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def needs_caller(self) -> bool:
        return self.outcome in NEEDS_CALLER


class Caller(models.Model):
    """Who to call back: personal data, encrypted, kept apart from the inquiry's statistics."""

    inquiry = models.OneToOneField(Inquiry, on_delete=models.CASCADE, related_name="caller")
    name = EncryptedTextField("氏名")
    phone = EncryptedTextField("電話番号")
    phone_hash = models.CharField(max_length=64, db_index=True, editable=False)
    # A copy of the inquiry's time: retention is counted from it.
    received_at = models.DateTimeField("受付日時", db_index=True)

    class Meta:
        verbose_name = "問い合わせ者"
        verbose_name_plural = "問い合わせ者"

    def __str__(self) -> str:
        return f"問い合わせ者（{self.inquiry_id}）"
