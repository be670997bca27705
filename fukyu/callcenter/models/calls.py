"""Call detail records imported from the phone system. The caller's number is kept only as a
keyed hash (enough to count repeat callers), never in a reversible form."""

from __future__ import annotations

from django.db import models

from fukyu.core.models import Contract


class CallRecord(models.Model):
    contract = models.ForeignKey(
        Contract, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    # The phone system's unique id, or a hash of the whole row when the file has none.
    uniqueid = models.CharField("一意ID", max_length=150)
    caller_hash = models.CharField("発信者番号（ハッシュ）", max_length=64, blank=True)
    dst = models.CharField("着信番号", max_length=80, blank=True)
    start = models.DateTimeField("着信日時")
    answer = models.DateTimeField("応答日時", null=True, blank=True)
    end = models.DateTimeField("終了日時", null=True, blank=True)
    duration = models.PositiveIntegerField("通話時間（秒）", default=0)
    billsec = models.PositiveIntegerField("会話時間（秒）", default=0)
    disposition = models.CharField("結果", max_length=20)

    class Meta:
        verbose_name = "通話記録"
        verbose_name_plural = "通話記録"
        ordering = ["start", "id"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "uniqueid"], name="cc_call_uniqueid")
        ]
        indexes = [models.Index(fields=["contract", "start"], name="cc_call_start")]

    def __str__(self) -> str:
        return self.uniqueid
