"""Printed materials (5(3)イ②): print runs, public facilities, the distribution plan, shipments,
receipts and what events used. Stock remaining = printed − shipped − used at events."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models

from fukyu.core.models import Contract, Municipality, Region
from fukyu.publicity.models.design import DesignItem, ProofRound

_USER = settings.AUTH_USER_MODEL


class Facility(models.Model):
    """A public facility, imported from a 公共施設一覧 (推奨データセット layout A) file."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="facilities")
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="facilities", verbose_name="市町村"
    )
    local_code = models.CharField("都道府県コード又は市区町村コード", max_length=6)
    number = models.CharField("NO", max_length=50, blank=True)
    name = models.CharField("名称", max_length=200)
    kana = models.CharField("名称_カナ", max_length=200)
    common_name = models.CharField("名称_通称", max_length=200, blank=True)
    poi_code = models.CharField("POIコード", max_length=20, blank=True)
    address = models.CharField("住所", max_length=300)
    address_extra = models.CharField("方書", max_length=200, blank=True)
    latitude = models.DecimalField("緯度", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("経度", max_digits=9, decimal_places=6, null=True, blank=True)
    phone = models.CharField("電話番号", max_length=30, blank=True)
    extension = models.CharField("内線番号", max_length=20, blank=True)
    corporate_number = models.CharField("法人番号", max_length=13, blank=True)
    organisation = models.CharField("団体名", max_length=200, blank=True)
    available_days = models.CharField("利用可能曜日", max_length=20, blank=True)
    opens_at = models.TimeField("開始時間", null=True, blank=True)
    closes_at = models.TimeField("終了時間", null=True, blank=True)
    availability_note = models.TextField("利用可能日時特記事項", blank=True)
    description = models.TextField("説明", blank=True)
    accessibility = models.TextField("バリアフリー情報", blank=True)
    url = models.URLField("URL", max_length=500, blank=True)
    remarks = models.TextField("備考", blank=True)
    imported_at = models.DateTimeField("取込日時")

    class Meta:
        verbose_name = "公共施設"
        verbose_name_plural = "公共施設"
        ordering = ["municipality__order", "kana", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "municipality", "number"],
                condition=~models.Q(number=""),
                name="publicity_facility_number_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.municipality.name}）"


class PrintRun(models.Model):
    item = models.ForeignKey(
        DesignItem, on_delete=models.PROTECT, related_name="print_runs", verbose_name="制作物"
    )
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="print_runs")
    proof_round = models.ForeignKey(
        ProofRound, on_delete=models.PROTECT, related_name="+", verbose_name="印刷する版"
    )
    quantity = models.PositiveIntegerField("印刷部数", validators=[MinValueValidator(1)])
    printer = models.CharField("印刷会社", max_length=200)
    ordered_on = models.DateField("発注日", null=True, blank=True)
    delivery_date = models.DateField("納品日")
    cost = models.PositiveIntegerField("費用（円）", null=True, blank=True)
    low_stock_threshold = models.PositiveIntegerField(
        "在庫の下限（部）",
        null=True,
        blank=True,
        help_text="残部数がこれを下回ると在庫僅少と表示します。空欄なら印刷部数の1割です。",
    )
    note = models.TextField("備考", blank=True)
    created_by = models.ForeignKey(
        _USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField("登録日時")

    class Meta:
        verbose_name = "印刷"
        verbose_name_plural = "印刷"
        ordering = ["-delivery_date", "-id"]

    def __str__(self) -> str:
        return f"{self.item.title}（{self.quantity:,}部・{self.printer}）"

    @property
    def low_stock_level(self) -> int:
        if self.low_stock_threshold is not None:
            return self.low_stock_threshold
        return self.quantity // 10


class DistributionLine(models.Model):
    """One destination of the distribution plan: a municipality or a public facility."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="+")
    print_run = models.ForeignKey(PrintRun, on_delete=models.CASCADE, related_name="lines")
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="市町村",
    )
    facility = models.ForeignKey(
        Facility,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="distribution_lines",
        verbose_name="公共施設",
    )
    quantity = models.PositiveIntegerField("配布予定部数", validators=[MinValueValidator(1)])
    note = models.CharField("備考", max_length=300, blank=True)

    class Meta:
        verbose_name = "配布計画"
        verbose_name_plural = "配布計画"
        ordering = ["print_run", "municipality__order", "facility__kana", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(municipality__isnull=False, facility__isnull=True)
                    | models.Q(municipality__isnull=True, facility__isnull=False)
                ),
                name="publicity_line_one_destination",
            ),
            models.UniqueConstraint(
                fields=["print_run", "municipality"],
                condition=models.Q(municipality__isnull=False),
                name="publicity_line_municipality_unique",
            ),
            models.UniqueConstraint(
                fields=["print_run", "facility"],
                condition=models.Q(facility__isnull=False),
                name="publicity_line_facility_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.destination_name}（{self.quantity:,}部）"

    @property
    def destination_name(self) -> str:
        if self.facility is not None:
            return str(self.facility)
        return self.municipality.name if self.municipality is not None else ""

    @property
    def region(self) -> Region | None:
        if self.facility is not None:
            return self.facility.municipality.region
        return self.municipality.region if self.municipality is not None else None


class Shipment(models.Model):
    line = models.ForeignKey(
        DistributionLine, on_delete=models.PROTECT, related_name="shipments", verbose_name="配布先"
    )
    quantity = models.PositiveIntegerField("発送部数", validators=[MinValueValidator(1)])
    shipped_on = models.DateField("発送日")
    method = models.CharField("発送方法・追跡番号", max_length=200, blank=True)
    note = models.CharField("備考", max_length=300, blank=True)
    created_by = models.ForeignKey(
        _USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField("登録日時")
    received_on = models.DateField("受領日", null=True, blank=True)
    received_quantity = models.PositiveIntegerField("受領部数", null=True, blank=True)
    receipt_note = models.CharField("受領の備考", max_length=300, blank=True)
    receipt_recorded_by = models.ForeignKey(
        _USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    receipt_recorded_at = models.DateTimeField("受領確認の記録日時", null=True, blank=True)

    class Meta:
        verbose_name = "発送"
        verbose_name_plural = "発送"
        ordering = ["shipped_on", "id"]

    def __str__(self) -> str:
        return f"{self.line.destination_name}へ{self.quantity:,}部（{self.shipped_on}）"

    @property
    def is_received(self) -> bool:
        return self.received_on is not None


class EventUsage(models.Model):
    """Copies handed out at an outreach event; the event is referenced by id and/or a label."""

    print_run = models.ForeignKey(PrintRun, on_delete=models.PROTECT, related_name="usages")
    quantity = models.PositiveIntegerField("使用部数", validators=[MinValueValidator(1)])
    used_on = models.DateField("使用日")
    event_id = models.PositiveIntegerField("イベントID", null=True, blank=True)
    event_label = models.CharField("イベント名", max_length=200, blank=True)
    note = models.CharField("備考", max_length=300, blank=True)
    created_by = models.ForeignKey(
        _USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField("登録日時")

    class Meta:
        verbose_name = "イベントでの使用"
        verbose_name_plural = "イベントでの使用"
        ordering = ["used_on", "id"]

    def __str__(self) -> str:
        return f"{self.event_label or f'イベント#{self.event_id}'}で{self.quantity:,}部"
