"""Forms of the privacy screens. Services do the checks that need the database or the clock."""

from __future__ import annotations

from typing import Any

from django import forms

from fukyu.privacy.models import (
    AccessLogEntry,
    ExportApproval,
    IncidentAction,
    Instruction,
    SubcontractRequest,
    WorkLocation,
)
from fukyu.privacy.register_services import SUBCONTRACT_FACTS


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def area() -> forms.Textarea:
    return forms.Textarea(attrs={"rows": 3})


def _dates(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        if isinstance(field, forms.DateTimeField):
            field.widget = DateTimeInput()
            field.input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        elif isinstance(field, forms.DateField):
            field.widget = DateInput()
        elif isinstance(field.widget, forms.Textarea):
            field.widget.attrs["rows"] = 3


class AccessLogFilterForm(forms.Form):
    action = forms.ChoiceField(
        label="操作", required=False, choices=[("", "すべて"), *AccessLogEntry.Action.choices]
    )
    actor = forms.CharField(label="実行者", required=False, max_length=150)
    object_type = forms.CharField(label="対象の種類", required=False, max_length=100)
    date_from = forms.DateField(label="期間（から）", required=False, widget=DateInput())
    date_to = forms.DateField(label="期間（まで）", required=False, widget=DateInput())


class ExportApprovalForm(forms.ModelForm[ExportApproval]):
    class Meta:
        model = ExportApproval
        fields = ["purpose", "scope", "destination", "max_rows", "valid_until"]
        help_texts = {"max_rows": "空欄は上限なし", "scope": "例: 問い合わせ者の氏名・電話番号"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _dates(self)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="判断",
        choices=[("approve", "承認する"), ("reject", "承認しない")],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label="意見・条件（承認しない場合は理由）", required=False, widget=forms.Textarea
    )


class WorkLocationForm(forms.ModelForm[WorkLocation]):
    class Meta:
        model = WorkLocation
        fields = [
            "replaces",
            "name",
            "address",
            "handling",
            "safeguards",
            "effective_from",
            "change_reason",
        ]
        help_texts = {
            "replaces": "既存の作業場所を変更する場合に選びます（新設なら空欄）",
            "effective_from": "報告は使用開始より前に行います",
        }

    def __init__(self, *args: Any, current: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _dates(self)
        replaces = self.fields["replaces"]
        if isinstance(replaces, forms.ModelChoiceField):
            replaces.queryset = current if current is not None else WorkLocation.objects.none()
            replaces.required = False


class TrainingForm(forms.Form):
    held_on = forms.DateField(label="実施日", widget=DateInput())
    title = forms.CharField(label="研修名", max_length=200)
    content = forms.CharField(label="教育内容", widget=area())
    instructor = forms.CharField(label="講師", max_length=100)
    minutes = forms.IntegerField(label="時間（分）", min_value=1, max_value=1440)


class AttendanceForm(forms.Form):
    staff = forms.MultipleChoiceField(
        label="受講者", required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["staff"]
        if isinstance(field, forms.MultipleChoiceField):
            field.choices = choices


class ProcedureForm(forms.Form):
    title = forms.CharField(label="文書名", max_length=200, initial="個人情報取扱要領")
    version = forms.CharField(label="版", max_length=20, help_text="例: 1.0、2")
    effective_on = forms.DateField(label="施行日", widget=DateInput())
    summary = forms.CharField(label="改訂の概要", required=False, widget=area())
    reported_on = forms.DateField(label="発注者への報告日", required=False, widget=DateInput())
    file = forms.FileField(label="ファイル（PDF・Word・Excel・テキスト）")


class SubcontractForm(forms.ModelForm[SubcontractRequest]):
    class Meta:
        model = SubcontractRequest
        fields = list(SUBCONTRACT_FACTS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _dates(self)


class InspectionForm(forms.Form):
    inspected_on = forms.DateField(label="調査日", widget=DateInput())
    inspectors = forms.CharField(label="調査者（所属・氏名）", max_length=200)
    scope = forms.CharField(label="調査の範囲", widget=area())
    findings = forms.CharField(label="指摘事項", required=False, widget=area())


class InspectionResponseForm(forms.Form):
    response = forms.CharField(label="対応内容", widget=area())
    responded_on = forms.DateField(label="対応完了日", widget=DateInput())


class InstructionForm(forms.Form):
    kind = forms.ChoiceField(label="種別", choices=Instruction.Kind.choices)
    issued_on = forms.DateField(label="指示日", widget=DateInput())
    issuer = forms.CharField(label="指示者（所属・氏名）", max_length=150, required=False)
    content = forms.CharField(label="内容", widget=area())
    due_on = forms.DateField(label="期限", required=False, widget=DateInput())


class ResponseForm(forms.Form):
    response = forms.CharField(label="対応・報告内容", widget=area())


class IncidentForm(forms.Form):
    title = forms.CharField(label="件名", max_length=200)
    what_happened = forms.CharField(
        label="発生状況（何が起きたか）",
        widget=area(),
        help_text="個人を特定できる情報（氏名・電話番号など）は書かないでください",
    )
    data_kinds = forms.CharField(
        label="漏えい等した個人情報の内容（項目）",
        widget=area(),
        help_text="例: 問い合わせ者の氏名・電話番号",
    )
    people_affected = forms.IntegerField(label="影響を受けた人数", min_value=0)
    records_affected = forms.IntegerField(label="件数（レコード数）", min_value=0)
    location = forms.CharField(label="発生場所", max_length=200)
    occurred_at = forms.DateTimeField(label="発生日時（判明していれば）", required=False)
    discovered_at = forms.DateTimeField(label="発見日時")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _dates(self)


class IncidentActionForm(forms.Form):
    kind = forms.ChoiceField(
        label="種別",
        choices=[
            (IncidentAction.Kind.ACTION.value, IncidentAction.Kind.ACTION.label),
            (IncidentAction.Kind.INSTRUCTION.value, IncidentAction.Kind.INSTRUCTION.label),
        ],
    )
    description = forms.CharField(label="内容", widget=area())


class IncidentCloseForm(forms.Form):
    cause = forms.CharField(label="原因", widget=area())
    prevention = forms.CharField(label="再発防止策", widget=area())


class ContactForm(forms.Form):
    relation = forms.CharField(label="関係", max_length=100, help_text="例: 影響を受けた方")
    name = forms.CharField(label="氏名", max_length=100)
    phone = forms.CharField(label="電話番号", max_length=20, required=False)
    email = forms.EmailField(label="メールアドレス", required=False)
    address = forms.CharField(label="住所", max_length=300, required=False)


class RevealForm(forms.Form):
    reason = forms.CharField(
        label="表示する理由", max_length=500, help_text="例: 事故のお詫びの連絡のため"
    )
