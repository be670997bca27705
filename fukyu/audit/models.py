"""One audit model for the whole system. Rows are only ever added, or redacted on purge."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    at = models.DateTimeField("日時", db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="実行者",
    )
    actor_label = models.CharField("実行者名", max_length=150, blank=True)
    action = models.CharField("操作", max_length=100)
    object_type = models.CharField("対象の種類", max_length=100)
    object_id = models.CharField("対象ID", max_length=64)
    object_repr = models.CharField("対象", max_length=300, blank=True)
    changes = models.JSONField("変更内容", default=dict, blank=True)
    note = models.TextField("備考", blank=True)
    redacted = models.BooleanField("個人情報消去済み", default=False)

    class Meta:
        verbose_name = "監査ログ"
        verbose_name_plural = "監査ログ"
        ordering = ["-at", "-id"]
        # Every audited write maintains these, so only what a query uses: an object's history
        # (type, id, at; the type alone uses its prefix), the log filtered by id, and the log in
        # time order (the `at` field). The action filter is a substring search (no index helps).
        indexes = [
            models.Index(fields=["object_type", "object_id", "at"]),
            models.Index(fields=["object_id"], name="audit_event_object_id"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"
