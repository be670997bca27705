"""The access log (rows only ever added), the client's approvals for exports with personal
data (第5, 第11) and the record of each purge with its deletion certificate (第10)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from fukyu.core.models import Contract


class AccessLogEntry(models.Model):
    class Action(models.TextChoices):
        REVEAL = "reveal", "表示"
        EXPORT = "export", "出力"
        RETURN = "return", "返還"
        PURGE = "purge", "消去"

    at = models.DateTimeField("日時", db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name="実行者",
    )
    actor_label = models.CharField("実行者名", max_length=150)
    action = models.CharField("操作", max_length=20, choices=Action.choices)
    object_type = models.CharField("対象の種類", max_length=100)
    object_id = models.CharField("対象ID", max_length=64)
    fields = models.CharField("項目", max_length=200, blank=True)
    reason = models.TextField("理由")
    row_count = models.PositiveIntegerField("件数", default=1)

    class Meta:
        verbose_name = "個人情報アクセスログ"
        verbose_name_plural = "個人情報アクセスログ"
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()} {self.object_type}#{self.object_id}"


class Decision(models.TextChoices):
    REQUESTED = "requested", "承認待ち"
    APPROVED = "approved", "承認"
    REJECTED = "rejected", "不承認"


class ExportApproval(models.Model):
    """The client's prior written consent to take personal data out of the work location."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="+")
    requested_at = models.DateTimeField("申請日時")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="申請者"
    )
    purpose = models.TextField("利用目的")
    scope = models.TextField("出力する項目・範囲")
    destination = models.CharField("提供先・保管場所", max_length=200)
    max_rows = models.PositiveIntegerField("上限件数", null=True, blank=True)
    valid_until = models.DateField("有効期限")
    status = models.CharField(
        "状態", max_length=20, choices=Decision.choices, default=Decision.REQUESTED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="承認者（発注者）",
    )
    decided_at = models.DateTimeField("判断日時", null=True, blank=True)
    decision_note = models.TextField("発注者の意見", blank=True)
    rows_exported = models.PositiveIntegerField("出力済み件数", default=0)

    class Meta:
        verbose_name = "個人情報の出力承認"
        verbose_name_plural = "個人情報の出力承認"
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"出力承認 第{self.pk}号（{self.get_status_display()}）"


class PurgeRun(models.Model):
    """One run of `privacy_purge`: what was erased, how it was verified, and its certificate."""

    class Mode(models.TextChoices):
        RETENTION = "retention", "保存期間経過分"
        ALL = "all", "契約終了時の全件"

    contract = models.ForeignKey(
        Contract, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField("実施日時")
    actor_label = models.CharField("実行者", max_length=150)
    responsible = models.CharField("責任者", max_length=150)
    mode = models.CharField("対象", max_length=20, choices=Mode.choices)
    counts = models.JSONField("種類別件数", default=dict)
    audit_redacted = models.PositiveIntegerField("墨消しした監査ログ", default=0)
    scanned_columns = models.PositiveIntegerField("照合した列数", default=0)
    scanned_values = models.PositiveIntegerField("照合した値の数", default=0)
    raw_file_scanned = models.BooleanField("データベースファイルを照合", default=False)
    verified = models.BooleanField("残存なしを確認", default=False)
    certificate = models.CharField("証明書ファイル", max_length=300, blank=True)
    # --all: {"destroyed_file": path or "", "operator_vars": [...], "data_kids", "hmac_kids"}
    key_disposal = models.JSONField("暗号鍵の破棄", default=dict, blank=True)

    class Meta:
        verbose_name = "個人情報の消去記録"
        verbose_name_plural = "個人情報の消去記録"
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_mode_display()}"

    @property
    def total(self) -> int:
        return sum(
            int(c.get("deleted", 0)) + int(c.get("anonymised", 0)) for c in self.counts.values()
        )
