"""Personal-data access log. Rows are only ever added; nobody can edit them."""

from __future__ import annotations

from django.conf import settings
from django.db import models


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
