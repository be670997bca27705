"""Meeting records (打合せ記録簿, spec 5(5)): drafted by the contractor, confirmed by the client."""

from __future__ import annotations

import uuid
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.db import models

from fukyu.core.models import Contract


def attachment_upload_to(instance: Any, filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()[:10]
    meeting = instance.meeting
    return f"governance/{meeting.contract.code}/meeting-{meeting.pk}/{uuid.uuid4().hex}{suffix}"


class Meeting(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "作成中"
        SUBMITTED = "submitted", "提出済み（確認待ち）"
        CHANGES_REQUESTED = "changes_requested", "修正依頼あり"
        CONFIRMED = "confirmed", "確認済み"

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="meetings")
    number = models.PositiveIntegerField("記録番号")
    title = models.CharField("件名", max_length=200)
    held_at = models.DateTimeField("日時")
    ends_at = models.DateTimeField("終了時刻", null=True, blank=True)
    place = models.CharField("場所", max_length=200, blank=True)
    is_online = models.BooleanField("オンライン", default=False)
    agenda = models.TextField("議題", blank=True)
    minutes = models.TextField("協議内容", blank=True)
    decisions = models.TextField("決定事項", blank=True)
    status = models.CharField("状況", max_length=20, choices=Status.choices, default=Status.DRAFT)
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name="訂正元の記録",
    )
    source_email = models.OneToOneField(
        "governance.EmailAgreement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting",
        verbose_name="元の電子メール協議",
    )
    created_at = models.DateTimeField("作成日時")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    updated_at = models.DateTimeField("更新日時")
    submitted_at = models.DateTimeField("提出日時", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField("確認日時", null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    content_sha256 = models.CharField("内容のハッシュ値（SHA-256）", max_length=64, blank=True)

    class Meta:
        verbose_name = "打合せ記録"
        verbose_name_plural = "打合せ記録"
        ordering = ["-held_at", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "number"], name="governance_meeting_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"打合せ記録 第{self.number}号「{self.title}」"

    @property
    def is_locked(self) -> bool:
        return self.status == self.Status.CONFIRMED

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.CHANGES_REQUESTED)


class MeetingAttendee(models.Model):
    class Side(models.TextChoices):
        CLIENT = "client", "発注者"
        CONTRACTOR = "contractor", "受注者"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendees")
    order = models.PositiveSmallIntegerField("表示順", default=0)
    side = models.CharField("区分", max_length=20, choices=Side.choices)
    name = models.CharField("氏名", max_length=100)
    organisation = models.CharField("所属", max_length=100, blank=True)

    class Meta:
        verbose_name = "出席者"
        verbose_name_plural = "出席者"
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.organisation}）" if self.organisation else self.name


class ActionItem(models.Model):
    """A follow-up agreed at a meeting. Open items are carried into later meetings; the status
    is tracking, not the record's content, so it can change after the record is confirmed."""

    class Status(models.TextChoices):
        OPEN = "open", "未了"
        DONE = "done", "完了"
        CANCELLED = "cancelled", "取りやめ"
        SUPERSEDED = "superseded", "訂正版に引継ぎ"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="action_items")
    order = models.PositiveSmallIntegerField("表示順", default=0)
    description = models.CharField("対応事項", max_length=500)
    owner = models.CharField("担当", max_length=100, blank=True)
    due_on = models.DateField("期限", null=True, blank=True)
    status = models.CharField("状況", max_length=20, choices=Status.choices, default=Status.OPEN)
    completed_on = models.DateField("完了日", null=True, blank=True)
    carried_into = models.ManyToManyField(
        Meeting, blank=True, related_name="carried_items", verbose_name="引継ぎ先の打合せ"
    )

    class Meta:
        verbose_name = "対応事項"
        verbose_name_plural = "対応事項"
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.description

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class MeetingAttachment(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("ファイル", upload_to=attachment_upload_to, max_length=300)
    name = models.CharField("ファイル名", max_length=200)
    size = models.PositiveIntegerField("サイズ（バイト）")
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_at = models.DateTimeField("登録日時")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = "添付資料"
        verbose_name_plural = "添付資料"
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name


class MeetingReview(models.Model):
    """One step of the confirmation workflow, with the comment that came with it."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", "提出"
        WITHDRAWN = "withdrawn", "提出取下げ"
        CHANGES_REQUESTED = "changes_requested", "修正依頼"
        CONFIRMED = "confirmed", "確認"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="reviews")
    kind = models.CharField("種類", max_length=20, choices=Kind.choices)
    at = models.DateTimeField("日時")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    comment = models.TextField("コメント", blank=True)

    class Meta:
        verbose_name = "確認の経過"
        verbose_name_plural = "確認の経過"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"
