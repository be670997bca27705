"""The work plan (業務実施計画書, spec 5(4)イ): versions, work items, tasks and milestones."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from fukyu.core.models import Contract


class WorkPlan(models.Model):
    """One version of the work plan. A submitted version is frozen; changes make a new version."""

    class Status(models.TextChoices):
        DRAFT = "draft", "作成中"
        SUBMITTED = "submitted", "提出済み（受領確認待ち）"
        ACKNOWLEDGED = "acknowledged", "受領確認済み"

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="work_plans")
    version = models.PositiveSmallIntegerField("版")
    title = models.CharField("表題", max_length=200, default="業務実施計画書")
    policy = models.TextField("業務の実施方針", blank=True)
    change_note = models.TextField("変更内容", blank=True)
    status = models.CharField("状況", max_length=20, choices=Status.choices, default=Status.DRAFT)
    based_on = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="元の版",
    )
    created_at = models.DateTimeField("作成日時")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField("提出日時", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    acknowledged_at = models.DateTimeField("受領確認日時", null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    acknowledge_comment = models.TextField("発注者のコメント", blank=True)

    class Meta:
        verbose_name = "業務実施計画書"
        verbose_name_plural = "業務実施計画書"
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "version"], name="governance_workplan_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title}（第{self.version}版）"

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT


class WorkItem(models.Model):
    """A work item of the plan: what is done, how, and who is responsible."""

    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField("表示順", default=0)
    title = models.CharField("業務項目", max_length=200)
    method = models.TextField("実施方法", blank=True)
    responsible = models.CharField("担当者", max_length=100, blank=True)

    class Meta:
        verbose_name = "業務項目"
        verbose_name_plural = "業務項目"
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.title


class PlanTask(models.Model):
    """A scheduled task (a bar on the Gantt chart) or a milestone (one day, a diamond)."""

    class Kind(models.TextChoices):
        TASK = "task", "作業"
        MILESTONE = "milestone", "マイルストーン"

    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="tasks")
    work_item = models.ForeignKey(
        WorkItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name="業務項目",
    )
    order = models.PositiveSmallIntegerField("表示順", default=0)
    name = models.CharField("作業名", max_length=200)
    kind = models.CharField("種類", max_length=20, choices=Kind.choices, default=Kind.TASK)
    starts_on = models.DateField("開始日")
    ends_on = models.DateField("終了日")
    depends_on = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="dependants",
        verbose_name="先行作業",
    )
    note = models.CharField("備考", max_length=200, blank=True)

    class Meta:
        verbose_name = "作業・マイルストーン"
        verbose_name_plural = "作業・マイルストーン"
        ordering = ["order", "starts_on", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_milestone(self) -> bool:
        return self.kind == self.Kind.MILESTONE
