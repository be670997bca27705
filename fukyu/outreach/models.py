"""Outreach events (spec 5(2)): venues, events with their checklist, materials, photos, and the
on-site tally. Taps carry no personal data: a kind, a time and optional coarse attributes."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from fukyu.core.calendar import TOKYO
from fukyu.core.models import Contract, Municipality, Region
from fukyu.core.wareki import wareki

KATAKANA = re.compile(r"[\u30A1-\u30FA\u30FC\u30FB\u3000 ]*")


def to_katakana(text: str) -> str:
    """Half-width kana and hiragana (typed by mistake, or a よみ) become full-width katakana."""
    text = unicodedata.normalize("NFKC", text).strip()
    return "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in text)


def validate_katakana(value: str) -> None:
    if not KATAKANA.fullmatch(value):
        raise ValidationError(
            "全角カタカナで入力してください（例：デジタルミブンショウアプリタイケンカイ）"
        )


class VenueKind(models.TextChoices):
    COMMERCIAL = "commercial", "商業施設"
    PUBLIC = "public", "公共施設"
    OTHER = "other", "その他"


# Spec 5(2)ロ③: commercial facilities and other places where many residents gather.
GATHERING_KINDS = frozenset({VenueKind.COMMERCIAL, VenueKind.PUBLIC})
VENUE_WARNING = (
    "会場の種類が「その他」です。仕様書では商業施設など不特定多数の県民が集まる場所での"
    "実施が求められています"
)


class Venue(models.Model):
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="venues")
    name = models.CharField("会場名", max_length=200)
    address = models.CharField("所在地", max_length=300)
    kind = models.CharField("会場の種類", max_length=20, choices=VenueKind.choices)
    latitude = models.DecimalField("緯度", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("経度", max_digits=9, decimal_places=6, null=True, blank=True)

    class Meta:
        verbose_name = "会場"
        verbose_name_plural = "会場"
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "name", "address"], name="outreach_venue_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def gathers_many(self) -> bool:
        return self.kind in GATHERING_KINDS

    def clean(self) -> None:
        errors = {}
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude"] = "緯度と経度は両方を指定するか、両方とも空にしてください"
        if self.latitude is not None and not Decimal(-90) <= self.latitude <= Decimal(90):
            errors["latitude"] = "緯度は -90〜90 の範囲で指定してください"
        if self.longitude is not None and not Decimal(-180) <= self.longitude <= Decimal(180):
            errors["longitude"] = "経度は -180〜180 の範囲で指定してください"
        if errors:
            raise ValidationError(errors)


class EventStatus(models.TextChoices):
    DRAFT = "draft", "下書き"
    CONFIRMED = "confirmed", "確定"
    HELD = "held", "開催済み"
    CANCELLED = "cancelled", "中止"


# Events the public sees and staff can tally at.
LIVE_STATUSES = (EventStatus.CONFIRMED, EventStatus.HELD)


class WifiResult(models.TextChoices):
    UNTESTED = "untested", "未テスト"
    OK = "ok", "良好"
    UNSTABLE = "unstable", "不安定"
    FAILED = "failed", "接続できず"


# (field, label): the per-event checklist, each to be done by the day before the event.
CHECKLIST: tuple[tuple[str, str], ...] = (
    ("wifi_tested_at", "衛星WiFiの接続テスト"),
    ("demo_prepared_at", "災害時デモの準備"),
    ("materials_packed_at", "資材の梱包"),
    ("staff_confirmed_at", "スタッフの確定"),
)
CHECKLIST_FIELDS = frozenset(f for f, _ in CHECKLIST)


class Event(models.Model):
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="events")
    title = models.CharField("イベント名", max_length=200)
    # Optional reading in full-width katakana, for the open-data event list (イベント名_カナ).
    title_kana = models.CharField(
        "イベント名（カナ）", max_length=200, blank=True, validators=[validate_katakana]
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="events", verbose_name="圏域"
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="events", verbose_name="市町村"
    )
    venue = models.ForeignKey(
        Venue, on_delete=models.PROTECT, related_name="events", verbose_name="会場"
    )
    starts_at = models.DateTimeField("開始日時")
    ends_at = models.DateTimeField("終了日時")
    status = models.CharField(
        "状態", max_length=20, choices=EventStatus.choices, default=EventStatus.DRAFT
    )
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="outreach_events", verbose_name="担当"
    )
    app_provider_joins = models.BooleanField("アプリ提供者の参加", default=False)
    wifi_equipment = models.CharField("衛星WiFiの機材", max_length=200, blank=True)
    wifi_setup = models.TextField("衛星WiFiの設置", blank=True)
    wifi_result = models.CharField(
        "接続テストの結果",
        max_length=20,
        choices=WifiResult.choices,
        default=WifiResult.UNTESTED,
    )
    wifi_speed_mbps = models.DecimalField(
        "測定速度（Mbps）", max_digits=7, decimal_places=2, null=True, blank=True
    )
    wifi_fallback = models.CharField("つながらない場合の代替手段", max_length=300, blank=True)
    disaster_demo = models.BooleanField("災害時を想定した使い方の説明", default=True)
    notes = models.TextField("備考", blank=True)
    wifi_tested_at = models.DateTimeField("衛星WiFiの接続テスト", null=True, blank=True)
    demo_prepared_at = models.DateTimeField("災害時デモの準備", null=True, blank=True)
    materials_packed_at = models.DateTimeField("資材の梱包", null=True, blank=True)
    staff_confirmed_at = models.DateTimeField("スタッフの確定", null=True, blank=True)
    created_at = models.DateTimeField("作成日時", auto_now_add=True)
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    class Meta:
        verbose_name = "普及イベント"
        verbose_name_plural = "普及イベント"
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["contract", "status", "starts_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def day(self) -> dt.date:
        return self.starts_at.astimezone(TOKYO).date()

    @property
    def warnings(self) -> list[str]:
        found = []
        if self.venue_id and not self.venue.gathers_many:
            found.append(VENUE_WARNING)
        if not self.disaster_demo:
            found.append("災害時を想定した使い方の説明（仕様書 5(2)ロ④）が含まれていません")
        return found

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.starts_at and self.ends_at:
            if self.ends_at <= self.starts_at:
                errors["ends_at"] = "終了日時は開始日時より後にしてください"
            cfg = self.contract.settings
            first, last = cfg.campaign_starts_on, cfg.campaign_ends_on
            start_day = self.starts_at.astimezone(TOKYO).date()
            end_day = self.ends_at.astimezone(TOKYO).date()
            if not first <= start_day <= last or not first <= end_day <= last:
                errors["starts_at"] = (
                    f"開催日はキャンペーン期間（{wareki(first)}〜{wareki(last)}）の中にしてください"
                )
        if self.region_id and self.region.contract_id != self.contract_id:
            errors["region"] = "この契約の圏域ではありません"
        if self.municipality_id and self.region_id:
            if self.municipality.contract_id != self.contract_id:
                errors["municipality"] = "この契約の市町村ではありません"
            elif self.municipality.region_id != self.region_id:
                errors["municipality"] = (
                    f"{self.municipality.name}は{self.region.name}圏域の市町村ではありません"
                    f"（{self.municipality.region.name}圏域）"
                )
        if self.venue_id and self.venue.contract_id != self.contract_id:
            errors["venue"] = "この契約の会場ではありません"
        if self.wifi_speed_mbps is not None and self.wifi_speed_mbps < 0:
            errors["wifi_speed_mbps"] = "測定速度は0以上で入力してください"
        if errors:
            raise ValidationError(errors)


class EventMaterial(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="materials")
    name = models.CharField("資材名", max_length=100)
    brought = models.PositiveIntegerField("持参数", default=0)
    handed_out = models.PositiveIntegerField("配布数", default=0)

    class Meta:
        verbose_name = "持参資材"
        verbose_name_plural = "持参資材"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.handed_out > self.brought:
            raise ValidationError({"handed_out": "配布数が持参数を超えています"})


def photo_path(instance: EventPhoto, filename: str) -> str:
    return f"outreach/photos/{instance.event_id}/{filename}"


class EventPhoto(models.Model):
    """A photo of the event, stored without EXIF (no GPS location, no camera serial)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField("写真", upload_to=photo_path)
    caption = models.CharField("説明", max_length=200, blank=True)
    width = models.PositiveIntegerField("幅", default=0)
    height = models.PositiveIntegerField("高さ", default=0)
    uploaded_at = models.DateTimeField("登録日時")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="登録者",
    )

    class Meta:
        verbose_name = "イベント写真"
        verbose_name_plural = "イベント写真"
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.caption or f"写真 {self.pk}"


class TapKind(models.TextChoices):
    EXPLAINED = "explained", "説明した"
    INSTALLED = "installed", "インストールまで完了"


class AgeGroup(models.TextChoices):
    TEENS = "10s", "10代"
    TWENTIES = "20s", "20代"
    THIRTIES = "30s", "30代"
    FORTIES = "40s", "40代"
    FIFTIES = "50s", "50代"
    SIXTIES = "60s", "60代"
    SEVENTIES = "70s", "70代"
    EIGHTIES_PLUS = "80s+", "80代以上"


class DeviceOS(models.TextChoices):
    IOS = "ios", "iOS"
    ANDROID = "android", "Android"
    OTHER = "other", "その他"


class TallyBatch(models.Model):
    """One POST of taps from one device; the taps it inserted point back to it."""

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="tally_batches")
    received_at = models.DateTimeField("受信日時")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="送信者",
    )
    submitted = models.PositiveIntegerField("送信件数", default=0)
    accepted = models.PositiveIntegerField("受付件数", default=0)
    duplicates = models.PositiveIntegerField("重複件数", default=0)
    rejected = models.PositiveIntegerField("不備件数", default=0)

    class Meta:
        verbose_name = "集計の送信"
        verbose_name_plural = "集計の送信"
        ordering = ["received_at", "id"]

    def __str__(self) -> str:
        return f"{self.event} {self.received_at:%Y-%m-%d %H:%M}"


class Tap(models.Model):
    """One person helped at an event. `uuid` is made on the device, so a resend never counts
    twice. A voided tap (undone) stays for the record and counts nowhere."""

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="taps")
    uuid = models.UUIDField("端末ID")
    kind = models.CharField("種別", max_length=20, choices=TapKind.choices)
    at = models.DateTimeField("記録日時")
    batch = models.ForeignKey(TallyBatch, on_delete=models.PROTECT, related_name="taps")
    age_group = models.CharField("年代", max_length=10, choices=AgeGroup.choices, blank=True)
    os = models.CharField("端末のOS", max_length=10, choices=DeviceOS.choices, blank=True)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    mini_apps = models.JSONField("紹介したミニアプリ", default=list, blank=True)
    registered = models.BooleanField("登録まで完了", null=True, blank=True)
    voided_at = models.DateTimeField("取消日時", null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="取消者",
    )

    class Meta:
        verbose_name = "来場者対応の記録"
        verbose_name_plural = "来場者対応の記録"
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "uuid"], name="outreach_tap_event_uuid")
        ]
        indexes = [models.Index(fields=["event", "kind"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.uuid}"
