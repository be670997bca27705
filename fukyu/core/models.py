"""The contract as configuration, and the reference lists it defines."""

from __future__ import annotations

from functools import cached_property

from django.db import models

from fukyu.core.calendar import ContractCalendar
from fukyu.core.contract_config import ContractConfig


class Contract(models.Model):
    code = models.CharField("コード", max_length=50, unique=True)
    name = models.CharField("業務名", max_length=200)
    fiscal_year = models.PositiveSmallIntegerField("年度")
    client = models.CharField("発注者", max_length=100)
    contractor = models.CharField("受注者", max_length=100)
    starts_on = models.DateField("契約期間（開始）")
    ends_on = models.DateField("契約期間（終了）")
    is_active = models.BooleanField("稼働中", default=False)
    config = models.JSONField("設定", default=dict)
    source_path = models.CharField("設定ファイル", max_length=500, blank=True)
    loaded_at = models.DateTimeField("読込日時")

    class Meta:
        verbose_name = "契約"
        verbose_name_plural = "契約"
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"],
                condition=models.Q(is_active=True),
                name="core_contract_one_active",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @cached_property
    def settings(self) -> ContractConfig:
        return ContractConfig.from_json(self.config)

    @cached_property
    def calendar(self) -> ContractCalendar:
        return ContractCalendar(self.settings)


class Region(models.Model):
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="regions")
    code = models.CharField("コード", max_length=50)
    name = models.CharField("圏域名", max_length=50)
    official_name = models.CharField("正式名称", max_length=100)
    order = models.PositiveSmallIntegerField("表示順", default=0)

    class Meta:
        verbose_name = "圏域"
        verbose_name_plural = "圏域"
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "code"], name="core_region_code_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="municipalities")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="municipalities")
    code = models.CharField("団体コード", max_length=6)
    name = models.CharField("市町村名", max_length=50)
    kana = models.CharField("よみ", max_length=100, blank=True)
    order = models.PositiveSmallIntegerField("表示順", default=0)

    class Meta:
        verbose_name = "市町村"
        verbose_name_plural = "市町村"
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "code"], name="core_municipality_code_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


class MiniApp(models.Model):
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="mini_apps")
    code = models.CharField("コード", max_length=50)
    name = models.CharField("名称", max_length=100)
    short_name = models.CharField("略称", max_length=50, blank=True)
    description = models.TextField("説明", blank=True)
    target_municipalities = models.ManyToManyField(
        Municipality, blank=True, related_name="mini_apps", verbose_name="対象市町村"
    )
    order = models.PositiveSmallIntegerField("表示順", default=0)
    is_active = models.BooleanField("有効", default=True)
    available_from = models.DateField("提供開始日", null=True, blank=True)

    class Meta:
        verbose_name = "ミニアプリ"
        verbose_name_plural = "ミニアプリ"
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "code"], name="core_miniapp_code_unique")
        ]

    def __str__(self) -> str:
        return self.name


class InquiryCategory(models.Model):
    """The client's own inquiry types (発注者が指定する類型); codes stay stable for reports."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="categories")
    code = models.CharField("コード", max_length=50)
    name = models.CharField("名称", max_length=100)
    description = models.TextField("説明", blank=True)
    order = models.PositiveSmallIntegerField("表示順", default=0)
    is_active = models.BooleanField("有効", default=True)

    class Meta:
        verbose_name = "問い合わせ類型"
        verbose_name_plural = "問い合わせ類型"
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "code"], name="core_category_code_unique")
        ]

    def __str__(self) -> str:
        return self.name
