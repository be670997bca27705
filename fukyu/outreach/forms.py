"""Forms of the outreach screens. They only parse input; services validate and write."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms

from fukyu.accounts.models import User
from fukyu.core.calendar import TOKYO
from fukyu.core.models import Contract, Municipality, Region
from fukyu.outreach.models import Event, EventStatus, VenueKind, WifiResult, to_katakana
from fukyu.outreach.selectors import staff_candidates


class StaffChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj}（{obj.role_label}）" if isinstance(obj, User) else str(obj)


class MunicipalityChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name}（{obj.region.name}）" if isinstance(obj, Municipality) else str(obj)


class EventForm(forms.Form):
    title = forms.CharField(label="イベント名", max_length=200)
    title_kana = forms.CharField(
        label="イベント名（カナ・任意）",
        max_length=200,
        required=False,
        help_text="全角カタカナで入力します（ひらがなや半角カナは全角カタカナに直します）。"
        "オープンデータのイベント一覧に載ります",
    )
    region = forms.ModelChoiceField(label="圏域", queryset=Region.objects.none())
    municipality = MunicipalityChoiceField(label="市町村", queryset=Municipality.objects.none())
    venue_name = forms.CharField(label="会場名", max_length=200)
    venue_address = forms.CharField(label="会場の所在地", max_length=300)
    venue_kind = forms.ChoiceField(
        label="会場の種類",
        choices=VenueKind.choices,
        help_text="仕様書では商業施設など不特定多数の県民が集まる場所での実施が求められています",
    )
    latitude = forms.DecimalField(
        label="緯度（任意）", max_digits=9, decimal_places=6, required=False
    )
    longitude = forms.DecimalField(
        label="経度（任意）", max_digits=9, decimal_places=6, required=False
    )
    day = forms.DateField(label="開催日", widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(label="開始時刻", widget=forms.TimeInput(attrs={"type": "time"}))
    end_time = forms.TimeField(label="終了時刻", widget=forms.TimeInput(attrs={"type": "time"}))
    status = forms.ChoiceField(label="状態", choices=EventStatus.choices)
    staff = StaffChoiceField(
        label="担当スタッフ",
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    app_provider_joins = forms.BooleanField(label="アプリ提供者が参加する", required=False)
    disaster_demo = forms.BooleanField(
        label="災害時を想定した使い方の説明を行う", required=False, initial=True
    )
    wifi_equipment = forms.CharField(label="衛星WiFiの機材", max_length=200, required=False)
    wifi_setup = forms.CharField(
        label="衛星WiFiの設置（場所・電源など）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    wifi_result = forms.ChoiceField(label="接続テストの結果", choices=WifiResult.choices)
    wifi_speed_mbps = forms.DecimalField(
        label="測定速度（Mbps）", max_digits=7, decimal_places=2, required=False, min_value=0
    )
    wifi_fallback = forms.CharField(
        label="つながらない場合の代替手段", max_length=300, required=False
    )
    notes = forms.CharField(label="備考", required=False, widget=forms.Textarea(attrs={"rows": 4}))

    # Service-side field names -> this form's fields, for showing errors where they belong
    # (fukyu.core.forms.add_service_errors).
    ERROR_FIELDS = {"starts_at": "day", "ends_at": "end_time", "venue": "venue_name"}

    def __init__(self, *args: Any, contract: Contract, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        region = cast("forms.ModelChoiceField[Region]", self.fields["region"])
        region.queryset = Region.objects.filter(contract=contract)
        municipality = cast("forms.ModelChoiceField[Municipality]", self.fields["municipality"])
        municipality.queryset = Municipality.objects.filter(contract=contract).select_related(
            "region"
        )
        staff = cast("forms.ModelMultipleChoiceField[User]", self.fields["staff"])
        staff.queryset = staff_candidates().prefetch_related("groups")

    @staticmethod
    def initial_for(event: Event) -> dict[str, Any]:
        start, end = event.starts_at.astimezone(TOKYO), event.ends_at.astimezone(TOKYO)
        return {
            "title": event.title,
            "title_kana": event.title_kana,
            "region": event.region_id,
            "municipality": event.municipality_id,
            "venue_name": event.venue.name,
            "venue_address": event.venue.address,
            "venue_kind": event.venue.kind,
            "latitude": event.venue.latitude,
            "longitude": event.venue.longitude,
            "day": start.date(),
            "start_time": start.time(),
            "end_time": end.time(),
            "status": event.status,
            "staff": list(event.staff.all()),
            **{
                f: getattr(event, f)
                for f in (
                    "app_provider_joins",
                    "disaster_demo",
                    "wifi_equipment",
                    "wifi_setup",
                    "wifi_result",
                    "wifi_speed_mbps",
                    "wifi_fallback",
                    "notes",
                )
            },
        }

    def clean_title_kana(self) -> str:
        return to_katakana(self.cleaned_data.get("title_kana") or "")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, start, end = data.get("day"), data.get("start_time"), data.get("end_time")
        if day and start and end:
            data["starts_at"] = dt.datetime.combine(day, start, tzinfo=TOKYO)
            data["ends_at"] = dt.datetime.combine(day, end, tzinfo=TOKYO)
        return data

    def details(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            f: d[f]
            for f in (
                "title_kana",
                "app_provider_joins",
                "disaster_demo",
                "wifi_equipment",
                "wifi_setup",
                "wifi_result",
                "wifi_speed_mbps",
                "wifi_fallback",
                "notes",
            )
        }


class EventFilterForm(forms.Form):
    region = forms.ModelChoiceField(
        label="圏域", queryset=Region.objects.none(), required=False, empty_label="すべて"
    )
    status = forms.ChoiceField(
        label="状態", choices=[("", "すべて"), *EventStatus.choices], required=False
    )

    def __init__(self, *args: Any, contract: Contract, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        region = cast("forms.ModelChoiceField[Region]", self.fields["region"])
        region.queryset = Region.objects.filter(contract=contract)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label="状態", choices=EventStatus.choices)


class MaterialForm(forms.Form):
    name = forms.CharField(label="資材名", max_length=100, required=False)
    brought = forms.IntegerField(label="持参数", min_value=0, required=False)
    handed_out = forms.IntegerField(label="配布数", min_value=0, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("name") and data.get("brought") is None:
            self.add_error("brought", "持参数を入力してください")
        return data


MaterialFormSet = forms.formset_factory(MaterialForm, extra=3)


class PhotoForm(forms.Form):
    image = forms.FileField(
        label="写真（JPEG・PNG・WebP、20MBまで）",
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text="位置情報などの撮影データ（EXIF）は保存時に削除されます",
    )
    caption = forms.CharField(label="説明", max_length=200, required=False)
