"""The register that the 個人情報取扱特記事項 require: work locations (第4), training (第9),
handling procedures (第16), subcontracting (第13), inspections (第14) and instructions (第15).
The manager and handlers (第3) come from the governance staff roster."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from fukyu.core.models import Contract
from fukyu.privacy.models.access import Decision


class WorkLocation(models.Model):
    """A place where personal data is handled, notified to the client before it takes effect."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="+")
    name = models.CharField("作業場所の名称", max_length=200)
    address = models.CharField("所在地", max_length=300)
    handling = models.TextField("取り扱う個人情報・作業内容")
    safeguards = models.TextField("安全管理措置（入退室管理・施錠・端末管理など）")
    effective_from = models.DateField("使用開始日")
    ends_on = models.DateField("使用終了日", null=True, blank=True)
    replaces = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="変更前の作業場所",
    )
    change_reason = models.TextField("変更の理由", blank=True)
    notified_at = models.DateTimeField("発注者への報告日時")
    notified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="報告者"
    )

    class Meta:
        verbose_name = "作業場所"
        verbose_name_plural = "作業場所"
        ordering = ["effective_from", "id"]

    def __str__(self) -> str:
        return self.name


class TrainingSession(models.Model):
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="+")
    held_on = models.DateField("実施日")
    title = models.CharField("研修名", max_length=200)
    content = models.TextField("教育内容")
    instructor = models.CharField("講師", max_length=100)
    minutes = models.PositiveIntegerField("時間（分）")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="記録者"
    )

    class Meta:
        verbose_name = "研修"
        verbose_name_plural = "研修"
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.title}"


class TrainingAttendance(models.Model):
    """One person at one session; `staff_key` identifies the person in the staff roster."""

    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="attendances"
    )
    staff_key = models.CharField("名簿キー", max_length=100)
    staff_name = models.CharField("氏名", max_length=100)
    role_label = models.CharField("区分", max_length=50, blank=True)

    class Meta:
        verbose_name = "研修受講"
        verbose_name_plural = "研修受講"
        ordering = ["session", "staff_name"]
        constraints = [
            models.UniqueConstraint(fields=["session", "staff_key"], name="privacy_attendance_once")
        ]

    def __str__(self) -> str:
        return f"{self.staff_name}（{self.session}）"


class HandlingProcedure(models.Model):
    """取扱要領 as versioned documents; the newest version in effect applies."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="+")
    title = models.CharField("文書名", max_length=200)
    version = models.CharField("版", max_length=20)
    effective_on = models.DateField("施行日")
    summary = models.TextField("改訂の概要", blank=True)
    file = models.FileField("ファイル", upload_to="privacy/procedures/%Y/")
    original_name = models.CharField("元のファイル名", max_length=200)
    reported_on = models.DateField("発注者への報告日", null=True, blank=True)
    uploaded_at = models.DateTimeField("登録日時")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="登録者"
    )

    class Meta:
        verbose_name = "取扱要領"
        verbose_name_plural = "取扱要領"
        ordering = ["title", "-effective_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "title", "version"], name="privacy_procedure_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} 第{self.version}版"


class SubcontractRequest(models.Model):
    """A request for consent to subcontract (第13-2: every fact it lists is a required field)."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="+")
    subcontractor = models.CharField("再委託先の名称", max_length=200)
    further = models.BooleanField("再々委託（再委託先からの委託）", default=False)
    reason = models.TextField("再委託する理由")
    work = models.TextField("再委託して処理する内容")
    information = models.TextField("再委託先において取り扱う情報")
    safeguards = models.TextField("再委託先における安全性及び信頼性を確保する対策")
    supervision = models.TextField("再委託先に対する管理及び監督の方法")
    starts_on = models.DateField("着手予定日")
    requested_at = models.DateTimeField("協議日時")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="申請者"
    )
    status = models.CharField(
        "状態", max_length=20, choices=Decision.choices, default=Decision.REQUESTED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="承諾者（発注者）",
    )
    decided_at = models.DateTimeField("判断日時", null=True, blank=True)
    decision_note = models.TextField("発注者の意見", blank=True)

    class Meta:
        verbose_name = "再委託の協議"
        verbose_name_plural = "再委託の協議"
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"再委託 {self.subcontractor}（{self.get_status_display()}）"


class Inspection(models.Model):
    """An on-site inspection by the client (第14) and the contractor's response."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="+")
    inspected_on = models.DateField("調査日")
    inspectors = models.CharField("調査者", max_length=200)
    scope = models.TextField("調査の範囲")
    findings = models.TextField("指摘事項", blank=True)
    response = models.TextField("対応内容", blank=True)
    responded_on = models.DateField("対応完了日", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="記録者"
    )

    class Meta:
        verbose_name = "実地調査"
        verbose_name_plural = "実地調査"
        ordering = ["-inspected_on", "-id"]

    def __str__(self) -> str:
        return f"実地調査 {self.inspected_on:%Y-%m-%d}"


class Instruction(models.Model):
    """An instruction or a request for a report (第15) and the response to it."""

    class Kind(models.TextChoices):
        INSTRUCTION = "instruction", "指示"
        REPORT = "report", "報告の求め"
        DOCUMENT = "document", "資料提出の求め"

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField("種別", max_length=20, choices=Kind.choices)
    issued_on = models.DateField("指示日")
    issuer = models.CharField("指示者", max_length=150)
    content = models.TextField("内容")
    due_on = models.DateField("期限", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="記録者"
    )
    recorded_at = models.DateTimeField("記録日時")
    response = models.TextField("対応・報告内容", blank=True)
    responded_at = models.DateTimeField("対応日時", null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="対応者",
    )

    class Meta:
        verbose_name = "指示・報告"
        verbose_name_plural = "指示・報告"
        ordering = ["-issued_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.issued_on:%Y-%m-%d}"
