"""Staffing parameters of a contract and its peak days.

The plan itself is computed on demand from these rows and the contract configuration
(``fukyu.staffing.planning``); nothing of the plan is stored.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from fukyu.core.contract_config import ContractConfig
from fukyu.core.models import Contract
from fukyu.staffing.plan import DEFAULT_DAY_OF_WEEK_WEIGHTS, DEFAULT_INTRADAY_CURVE

INTERVAL_MINUTES = 30
WEEKDAY_LABELS = ("月", "火", "水", "木", "金", "土", "日")
MAX_PEAK_MULTIPLIER = 10.0


def default_day_of_week_weights() -> list[float]:
    return list(DEFAULT_DAY_OF_WEEK_WEIGHTS)


def default_intraday_curve() -> list[float]:
    return list(DEFAULT_INTRADAY_CURVE)


def interval_count(config: ContractConfig) -> int:
    """Number of 30-minute intervals from opening to closing (a last short one counts)."""
    opens = dt.datetime.combine(dt.date(2000, 1, 1), config.center_opens_at)
    closes = dt.datetime.combine(dt.date(2000, 1, 1), config.center_closes_at)
    minutes = (closes - opens).total_seconds() / 60
    return max(0, math.ceil(minutes / INTERVAL_MINUTES))


def interval_labels(config: ContractConfig) -> list[str]:
    """'9:00〜9:30' for each interval of the opening hours."""
    opens = dt.datetime.combine(dt.date(2000, 1, 1), config.center_opens_at)
    step = dt.timedelta(minutes=INTERVAL_MINUTES)
    labels = []
    for i in range(interval_count(config)):
        start, end = opens + i * step, opens + (i + 1) * step
        labels.append(f"{start.hour}:{start.minute:02d}〜{end.hour}:{end.minute:02d}")
    return labels


def default_curve_for(config: ContractConfig) -> list[float]:
    """The default intraday curve, stretched or squeezed (linear interpolation over the
    opening hours) when the contract's hours do not give the default's 17 half hours."""
    n = interval_count(config)
    base = list(DEFAULT_INTRADAY_CURVE)
    if n == len(base) or n == 0:
        return base
    if n == 1:
        return [1.0]
    out = []
    for i in range(n):
        x = i * (len(base) - 1) / (n - 1)
        lo = min(int(x), len(base) - 2)
        frac = x - lo
        out.append(round(base[lo] * (1 - frac) + base[lo + 1] * frac, 3))
    return out


def _check_weights(value: Any, *, name: str, length: int | None) -> None:
    if not isinstance(value, list) or not value:
        raise ValidationError(f"{name}は数値の並びで指定してください")
    if length is not None and len(value) != length:
        raise ValidationError(f"{name}は{length}個の値が必要です（{len(value)}個あります）")
    for v in value:
        if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v) or v < 0:
            raise ValidationError(f"{name}には0以上の数値を指定してください")
    if sum(value) <= 0:
        raise ValidationError(f"{name}のうち少なくとも1つは0より大きくしてください")


class StaffingSettings(models.Model):
    """The planning parameters of one contract; created with the defaults on first use."""

    contract = models.OneToOneField(
        Contract, on_delete=models.CASCADE, related_name="staffing_settings"
    )
    aht_seconds = models.PositiveIntegerField(
        "平均処理時間（秒）",
        default=360,
        validators=[MinValueValidator(10), MaxValueValidator(7200)],
        help_text="通話と後処理を合わせた1件あたりの平均時間（AHT）",
    )
    service_level_percent = models.FloatField(
        "サービスレベル目標（%）",
        default=80.0,
        validators=[MinValueValidator(1.0), MaxValueValidator(99.9)],
        help_text="目標秒数以内に応答する入電の割合",
    )
    service_level_seconds = models.PositiveIntegerField(
        "応答目標（秒）", default=20, validators=[MaxValueValidator(600)]
    )
    shrinkage_percent = models.FloatField(
        "シュリンケージ（%）",
        default=30.0,
        validators=[MinValueValidator(0.0), MaxValueValidator(90.0)],
        help_text="休憩・研修・会議・欠勤などで電話に出られない時間の割合",
    )
    max_occupancy_percent = models.FloatField(
        "最大稼働率（%）",
        default=85.0,
        validators=[MinValueValidator(10.0), MaxValueValidator(100.0)],
        help_text="応対席が通話中である時間の割合の上限",
    )
    patience_seconds = models.PositiveIntegerField(
        "平均待ち許容時間（秒）",
        default=120,
        validators=[MinValueValidator(5), MaxValueValidator(3600)],
        help_text="待たされた発信者が切るまでの平均時間（放棄率の計算に使います）",
    )
    blocking_percent = models.FloatField(
        "回線の話中率目標（%）",
        default=1.0,
        validators=[MinValueValidator(0.01), MaxValueValidator(50.0)],
        help_text="全回線がふさがっていて話中になる入電の割合の上限",
    )
    day_of_week_weights = models.JSONField(
        "曜日別の比率（月〜日）", default=default_day_of_week_weights
    )
    intraday_curve = models.JSONField("時間帯別の比率（30分ごと）", default=default_intraday_curve)
    updated_at = models.DateTimeField("更新日時", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="更新者",
    )

    class Meta:
        verbose_name = "人員計画の設定"
        verbose_name_plural = "人員計画の設定"

    def __str__(self) -> str:
        return f"人員計画の設定（{self.contract}）"

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        try:
            _check_weights(self.day_of_week_weights, name="曜日別の比率", length=7)
        except ValidationError as exc:
            errors["day_of_week_weights"] = exc.messages
        expected = interval_count(self.contract.settings) if self.contract_id else None
        try:
            _check_weights(self.intraday_curve, name="時間帯別の比率", length=expected)
        except ValidationError as exc:
            errors["intraday_curve"] = exc.messages
        if errors:
            raise ValidationError(errors)


class PeakDay(models.Model):
    """A date whose expected volume is multiplied, e.g. the day after a television feature."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="peak_days")
    date = models.DateField("日付")
    multiplier = models.FloatField(
        "倍率",
        validators=[MinValueValidator(0.0), MaxValueValidator(MAX_PEAK_MULTIPLIER)],
        help_text="曜日別の比率に掛ける倍率（1.5 なら通常の1.5倍）。月の想定件数の中で配分し直します",
    )
    note = models.CharField(
        "理由", max_length=200, help_text="例：テレビ番組での紹介（11月18日放送）"
    )
    created_at = models.DateTimeField("登録日時", auto_now_add=True)
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    class Meta:
        verbose_name = "繁忙日"
        verbose_name_plural = "繁忙日"
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "date"],
                name="staffing_peakday_unique",
                violation_error_message="この日の繁忙日はすでに登録されています",
            )
        ]

    def __str__(self) -> str:
        return f"{self.date.isoformat()} ×{self.multiplier:g}"

    def clean(self) -> None:
        if self.multiplier is not None and not math.isfinite(self.multiplier):
            raise ValidationError({"multiplier": "倍率には数値を指定してください"})
        if self.contract_id and self.date is not None:
            calendar = self.contract.calendar
            info = calendar.day(self.date)
            if not info.center_open:
                raise ValidationError(
                    {"date": f"この日はコールセンターの開設日ではありません（{info.closed_label}）"}
                )
