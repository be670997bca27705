"""The staff roster (業務従事者等届, spec 5(4)ロ) and its changes (特記事項第3第2項).

Members are never edited directly: every addition, change or removal is a `RosterChange`.
A change that touches a personal-information manager or handler cannot take effect until a
prior written notice to the client (`RosterNotice`) is recorded.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from fukyu.core.models import Contract

MEMBER_FIELDS = (
    "name",
    "organisation",
    "role_title",
    "duties",
    "is_pi_manager",
    "is_pi_handler",
    "user",
)


class RosterMember(models.Model):
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="roster_members")
    order = models.PositiveSmallIntegerField("表示順", default=0)
    name = models.CharField("氏名", max_length=100)
    organisation = models.CharField("所属", max_length=100)
    role_title = models.CharField("役割", max_length=100)
    duties = models.TextField("業務分担", blank=True)
    is_pi_manager = models.BooleanField("個人情報管理責任者", default=False)
    is_pi_handler = models.BooleanField("業務従事者（個人情報取扱）", default=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="roster_entries",
        verbose_name="利用者アカウント",
    )
    is_current = models.BooleanField("在籍中", default=True)
    effective_from = models.DateTimeField("反映日時")
    ended_at = models.DateTimeField("終了日時", null=True, blank=True)

    class Meta:
        verbose_name = "業務従事者"
        verbose_name_plural = "業務従事者"
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.organisation}）"

    @property
    def handles_personal_data(self) -> bool:
        return self.is_pi_manager or self.is_pi_handler


class RosterNotice(models.Model):
    """A written report to the client (届 or 変更届) covering one or more roster changes."""

    class Kind(models.TextChoices):
        INITIAL = "initial", "業務従事者等届"
        CHANGE = "change", "業務従事者等変更届"

    class Method(models.TextChoices):
        DOCUMENT = "document", "書面（持参・郵送）"
        EMAIL = "email", "電子メール（書面の写しを添付）"
        SYSTEM = "system", "本システムで提出"

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="roster_notices")
    number = models.PositiveIntegerField("番号")
    kind = models.CharField("種類", max_length=20, choices=Kind.choices)
    notified_on = models.DateField("報告日")
    method = models.CharField("報告方法", max_length=20, choices=Method.choices)
    note = models.TextField("備考", blank=True)
    recorded_at = models.DateTimeField("記録日時")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    acknowledged_at = models.DateTimeField("受領確認日時", null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "業務従事者等届の報告"
        verbose_name_plural = "業務従事者等届の報告"
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "number"], name="governance_rosternotice_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}（第{self.number}号）"


class RosterChange(models.Model):
    class Kind(models.TextChoices):
        ADD = "add", "追加"
        UPDATE = "update", "変更"
        REMOVE = "remove", "削除"

    class Status(models.TextChoices):
        PENDING = "pending", "未報告"
        NOTIFIED = "notified", "報告済み（反映待ち）"
        EFFECTIVE = "effective", "反映済み"
        CANCELLED = "cancelled", "取消し"

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="roster_changes")
    kind = models.CharField("種類", max_length=20, choices=Kind.choices)
    status = models.CharField("状況", max_length=20, choices=Status.choices, default=Status.PENDING)
    member = models.ForeignKey(
        RosterMember,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="changes",
        verbose_name="対象者",
    )
    # The member as proposed (for a removal: as they were).
    name = models.CharField("氏名", max_length=100)
    organisation = models.CharField("所属", max_length=100)
    role_title = models.CharField("役割", max_length=100)
    duties = models.TextField("業務分担", blank=True)
    is_pi_manager = models.BooleanField("個人情報管理責任者", default=False)
    is_pi_handler = models.BooleanField("業務従事者（個人情報取扱）", default=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="利用者アカウント",
    )
    before = models.JSONField("変更前", default=dict, blank=True)
    reason = models.TextField("理由", blank=True)
    planned_on = models.DateField("反映予定日", null=True, blank=True)
    requires_notice = models.BooleanField("事前報告が必要", default=False)
    notice = models.ForeignKey(
        RosterNotice,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="changes",
        verbose_name="報告",
    )
    created_at = models.DateTimeField("起案日時")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    applied_at = models.DateTimeField("反映日時", null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cancelled_at = models.DateTimeField("取消日時", null=True, blank=True)

    class Meta:
        verbose_name = "業務従事者の変更"
        verbose_name_plural = "業務従事者の変更"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.name}"

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.PENDING, self.Status.NOTIFIED)
