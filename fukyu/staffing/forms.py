from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from fukyu.staffing.models import WEEKDAY_LABELS, PeakDay, StaffingSettings, default_curve_for
from fukyu.staffing.plan import DEFAULT_DAY_OF_WEEK_WEIGHTS

_WEIGHT_MAX = 1000.0


def _weight_field(label: str) -> forms.FloatField:
    return forms.FloatField(
        label=label,
        min_value=0.0,
        max_value=_WEIGHT_MAX,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )


class StaffingSettingsForm(forms.ModelForm[StaffingSettings]):
    """The scalar parameters, plus one input per weekday and per 30-minute interval."""

    class Meta:
        model = StaffingSettings
        fields = [
            "aht_seconds",
            "service_level_percent",
            "service_level_seconds",
            "shrinkage_percent",
            "max_occupancy_percent",
            "patience_seconds",
            "blocking_percent",
        ]
        widgets = {
            name: forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"})
            for name in (
                "service_level_percent",
                "shrinkage_percent",
                "max_occupancy_percent",
                "blocking_percent",
            )
        }

    def __init__(
        self, *args: Any, interval_labels: list[str], use_defaults: bool = False, **kwargs: Any
    ) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.interval_labels = interval_labels
        dow = (
            list(DEFAULT_DAY_OF_WEEK_WEIGHTS) if use_defaults else self.instance.day_of_week_weights
        )
        curve = list(self.instance.intraday_curve)
        if use_defaults or len(curve) != len(interval_labels):
            curve = default_curve_for(self.instance.contract.settings)
        for i, label in enumerate(WEEKDAY_LABELS):
            self.fields[f"dow_{i}"] = _weight_field(f"{label}曜日")
            self.initial[f"dow_{i}"] = dow[i] if i < len(dow) else 1.0
        for i, label in enumerate(interval_labels):
            self.fields[f"curve_{i}"] = _weight_field(label)
            self.initial[f"curve_{i}"] = curve[i]

    @property
    def scalar_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.Meta.fields]

    @property
    def dow_fields(self) -> list[forms.BoundField]:
        return [self[f"dow_{i}"] for i in range(7)]

    @property
    def curve_fields(self) -> list[forms.BoundField]:
        return [self[f"curve_{i}"] for i in range(len(self.interval_labels))]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        dow = [data.get(f"dow_{i}") for i in range(7)]
        curve = [data.get(f"curve_{i}") for i in range(len(self.interval_labels))]
        if None not in dow:
            if sum(v for v in dow if v is not None) <= 0:
                self.add_error("dow_0", "曜日別の比率のうち少なくとも1つは0より大きくしてください")
            else:
                self.instance.day_of_week_weights = dow
        if None not in curve:
            if sum(v for v in curve if v is not None) <= 0:
                self.add_error(
                    "curve_0", "時間帯別の比率のうち少なくとも1つは0より大きくしてください"
                )
            else:
                self.instance.intraday_curve = curve
        return data


class PeakDayForm(forms.ModelForm[PeakDay]):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    class Meta:
        model = PeakDay
        fields = ["date", "multiplier", "note"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "multiplier": forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
        }


class DayForm(forms.Form):
    """The day shown on the staffing and simulation pages (GET)."""

    date = forms.DateField(
        label="表示する日", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


HANDLE_TIME_CHOICES = [
    ("exponential", "指数分布（アーランの仮定）"),
    ("lognormal", "対数正規分布"),
]
PATIENCE_CHOICES = [
    ("settings", "設定の平均待ち許容時間で放棄する"),
    ("none", "放棄しない（アーランCの仮定）"),
]


class SimulationForm(forms.Form):
    """GET parameters of the simulation page; anything left out takes its initial value."""

    date = forms.DateField(
        label="対象の日", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    handle_time = forms.ChoiceField(
        label="処理時間の分布", choices=HANDLE_TIME_CHOICES, initial="lognormal", required=False
    )
    cv = forms.FloatField(
        label="処理時間の変動係数",
        min_value=0.1,
        max_value=3.0,
        initial=1.0,
        required=False,
        widget=forms.NumberInput(attrs={"step": "0.1"}),
        help_text="対数正規のとき。標準偏差÷平均（1.0 で指数分布と同じばらつき）",
    )
    patience = forms.ChoiceField(
        label="発信者の放棄", choices=PATIENCE_CHOICES, initial="settings", required=False
    )
    replications = forms.IntegerField(
        label="繰り返し回数", min_value=1, max_value=20, initial=5, required=False
    )
    seed = forms.IntegerField(
        label="乱数の種",
        min_value=0,
        max_value=2**31 - 1,
        initial=1,
        required=False,
        help_text="同じ種なら同じ結果になります",
    )

    def __init__(
        self,
        *args: Any,
        first_day: dt.date | None = None,
        last_day: dt.date | None = None,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        attrs = self.fields["date"].widget.attrs
        if first_day is not None:
            attrs["min"] = first_day.isoformat()
        if last_day is not None:
            attrs["max"] = last_day.isoformat()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        for name, field in self.fields.items():
            if name != "date" and data.get(name) in (None, ""):
                data[name] = field.initial
        return data
