"""Forms of the call center's screens. Municipalities are typed by name or reading."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from fukyu.callcenter.models import AgeGroup, Channel, DeviceOS, FaqEntry, Outcome
from fukyu.callcenter.models.faq import ANSWER_MAX as FAQ_ANSWER_MAX
from fukyu.callcenter.models.faq import KEYWORDS_MAX, QUESTION_MAX
from fukyu.callcenter.models.inquiry import ANSWER_MAX, NAME_MAX, PHONE_MAX, SUMMARY_MAX
from fukyu.core.models import Contract, InquiryCategory, MiniApp, Municipality, Region
from fukyu.core.selectors import category_list, mini_app_list, municipality_search, region_list

BLANK = [("", "（不明）")]


def resolve_municipality(contract: Contract, text: str) -> Municipality | None:
    """A municipality from what an operator typed: its name, its reading, or its code."""
    text = text.strip()
    if not text:
        return None
    found = municipality_search(contract=contract, query=text)
    exact = [m for m in found if text in (m.name, m.code, m.kana)]
    if exact:
        return exact[0]
    if len(found) == 1:
        return found[0]
    by_code = Municipality.objects.filter(contract=contract, code=text).first()
    if by_code is not None:
        return by_code
    if not found:
        raise forms.ValidationError(f"「{text}」に当てはまる市町村がありません")
    names = "、".join(m.name for m in found[:6])
    raise forms.ValidationError(
        f"候補が複数あります（{names}）。市町村名を最後まで入力してください"
    )


class InquiryFieldsForm(forms.Form):
    """The fields an operator fills in; the supervisor's edit form adds the time."""

    summary = forms.CharField(
        label="問い合わせ内容（要旨）",
        max_length=SUMMARY_MAX,
        widget=forms.TextInput(attrs={"autocomplete": "off", "class": "wide"}),
    )
    answer = forms.CharField(
        label="回答内容",
        max_length=ANSWER_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    outcome = forms.ChoiceField(
        label="対応結果",
        choices=Outcome.choices,
        initial=Outcome.RESOLVED,
        widget=forms.RadioSelect,
    )
    caller_name = forms.CharField(label="問い合わせ者の氏名", max_length=NAME_MAX, required=False)
    caller_phone = forms.CharField(
        label="折り返し先の電話番号",
        max_length=PHONE_MAX,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    category = forms.ModelChoiceField(
        label="問い合わせ類型", queryset=InquiryCategory.objects.none(), empty_label="（選択）"
    )
    mini_app = forms.ModelChoiceField(
        label="ミニアプリ",
        queryset=MiniApp.objects.none(),
        required=False,
        empty_label="（アプリ全般）",
    )
    municipality = forms.CharField(
        label="市町村",
        required=False,
        help_text="名前かよみの一部（例：いしの → 石巻市）",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    age_group = forms.ChoiceField(label="年代", choices=BLANK + AgeGroup.choices, required=False)
    device_os = forms.ChoiceField(label="端末", choices=BLANK + DeviceOS.choices, required=False)
    channel = forms.ChoiceField(label="受付方法", choices=Channel.choices, initial=Channel.PHONE)
    faq = forms.ModelChoiceField(
        label="参照したFAQ",
        queryset=FaqEntry.objects.none(),
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, *args: Any, contract: Contract, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.contract = contract
        fields: Any = self.fields
        fields["category"].queryset = category_list(contract=contract, active_only=True)
        fields["mini_app"].queryset = mini_app_list(contract=contract, active_only=True)
        fields["faq"].queryset = FaqEntry.objects.filter(contract=contract)

    def clean_municipality(self) -> Municipality | None:
        return resolve_municipality(self.contract, self.cleaned_data.get("municipality", ""))


class OperatorForm(InquiryFieldsForm):
    handle_seconds = forms.IntegerField(
        required=False, min_value=0, max_value=86400, widget=forms.HiddenInput
    )
    opened_at = forms.FloatField(required=False, widget=forms.HiddenInput)


class InquiryEditForm(InquiryFieldsForm):
    received_at = forms.DateTimeField(
        label="受付日時",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    handle_seconds = forms.IntegerField(
        label="対応時間（秒）", required=False, min_value=0, max_value=86400
    )

    def __init__(self, *args: Any, contract: Contract, **kwargs: Any) -> None:
        super().__init__(*args, contract=contract, **kwargs)
        fields: Any = self.fields
        # Editing keeps categories that were retired after the call.
        fields["category"].queryset = category_list(contract=contract)
        fields["mini_app"].queryset = mini_app_list(contract=contract)
        fields["caller_name"].help_text = "変更するときだけ入力します（現在の値は詳細画面で表示）"
        fields["caller_phone"].help_text = "変更するときだけ入力します"
        self.order_fields(["received_at"])


class InquiryFilterForm(forms.Form):
    date_from = forms.DateField(
        label="受付日（から）", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label="受付日（まで）", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    category = forms.ModelChoiceField(
        label="類型", queryset=InquiryCategory.objects.none(), required=False, empty_label="すべて"
    )
    mini_app = forms.ModelChoiceField(
        label="ミニアプリ", queryset=MiniApp.objects.none(), required=False, empty_label="すべて"
    )
    outcome = forms.ChoiceField(
        label="対応結果", choices=[("", "すべて"), *Outcome.choices], required=False
    )
    operator = forms.ChoiceField(label="対応者", required=False)
    region = forms.ModelChoiceField(
        label="圏域", queryset=Region.objects.none(), required=False, empty_label="すべて"
    )
    municipality = forms.CharField(label="市町村", required=False)
    q = forms.CharField(label="キーワード", required=False, max_length=200)

    def __init__(
        self, *args: Any, contract: Contract, operators: list[tuple[int, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.contract = contract
        fields: Any = self.fields
        fields["category"].queryset = category_list(contract=contract)
        fields["mini_app"].queryset = mini_app_list(contract=contract)
        fields["region"].queryset = region_list(contract=contract)
        fields["operator"].choices = [("", "すべて"), *((str(k), v) for k, v in operators)]

    def clean_municipality(self) -> Municipality | None:
        return resolve_municipality(self.contract, self.cleaned_data.get("municipality", ""))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start: dt.date | None = data.get("date_from")
        end: dt.date | None = data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "終了日は開始日以降にしてください")
        return data


class RevealForm(forms.Form):
    reason = forms.CharField(
        label="表示する理由",
        max_length=200,
        help_text="アクセスログに記録されます（例：折り返し電話のため）",
    )


class FaqForm(forms.Form):
    question = forms.CharField(label="質問", max_length=QUESTION_MAX)
    answer = forms.CharField(label="回答", max_length=FAQ_ANSWER_MAX, widget=forms.Textarea)
    category = forms.ModelChoiceField(
        label="問い合わせ類型", queryset=InquiryCategory.objects.none(), required=False
    )
    mini_app = forms.ModelChoiceField(
        label="ミニアプリ", queryset=MiniApp.objects.none(), required=False
    )
    keywords = forms.CharField(
        label="キーワード",
        max_length=KEYWORDS_MAX,
        required=False,
        help_text="言い換え・略語を空白・カンマ・読点で区切って入力（検索に使われます）",
    )
    is_public = forms.BooleanField(label="WEBサイトに公開する", required=False)
    order = forms.IntegerField(label="表示順", min_value=0, initial=0, required=False)

    def __init__(self, *args: Any, contract: Contract, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["category"].queryset = category_list(contract=contract)
        fields["mini_app"].queryset = mini_app_list(contract=contract)
