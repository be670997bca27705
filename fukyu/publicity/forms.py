"""Forms of the publicity screens. Rules live in the services; forms only parse input."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from fukyu.core.models import Contract, Municipality
from fukyu.publicity.models import (
    DesignDraft,
    DesignItem,
    DistributionLine,
    Facility,
    Placement,
    PrintRun,
)


def _model_choice(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    return cast("forms.ModelChoiceField[Any]", form.fields[name])


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DESIGN_ACCEPT = ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"


class DraftChoiceField(forms.ModelChoiceField[DesignDraft]):
    def label_from_instance(self, obj: DesignDraft) -> str:
        return obj.label


class LineChoiceField(forms.ModelChoiceField[DistributionLine]):
    def label_from_instance(self, obj: DistributionLine) -> str:
        return obj.destination_name


class DesignItemForm(forms.ModelForm[DesignItem]):
    class Meta:
        model = DesignItem
        fields = ["kind", "title", "description", "due_on"]
        widgets = {"due_on": DATE}


class DesignFileForm(forms.Form):
    file = forms.FileField(
        label="ファイル（PDF・PNG・JPEG）",
        widget=forms.ClearableFileInput(attrs={"accept": DESIGN_ACCEPT}),
    )
    note = forms.CharField(label="説明", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DraftForm(DesignFileForm):
    label = forms.CharField(
        label="案の名称", required=False, max_length=20, help_text="空欄なら A案・B案… と付けます"
    )


class PickForm(forms.Form):
    draft = DraftChoiceField(
        label="採用する案",
        queryset=DesignDraft.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "採用する案を選んでください"},
    )
    note = forms.CharField(
        label="コメント（任意）", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, item: DesignItem, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = _model_choice(self, "draft")
        field.queryset = item.drafts.all()


class CommentForm(forms.Form):
    page = forms.IntegerField(label="ページ", min_value=1, initial=1)
    body = forms.CharField(label="指摘内容", widget=forms.Textarea(attrs={"rows": 3}))


class ResponseForm(forms.Form):
    response = forms.CharField(label="対応内容", widget=forms.Textarea(attrs={"rows": 2}))


class DecisionForm(forms.Form):
    note = forms.CharField(
        label="コメント", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class PrintRunForm(forms.ModelForm[PrintRun]):
    class Meta:
        model = PrintRun
        fields = [
            "item",
            "quantity",
            "printer",
            "ordered_on",
            "delivery_date",
            "cost",
            "low_stock_threshold",
            "note",
        ]
        widgets = {
            "ordered_on": DATE,
            "delivery_date": DATE,
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, contract: Contract, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = _model_choice(self, "item")
        field.queryset = DesignItem.objects.filter(
            contract=contract, status=DesignItem.Status.APPROVED
        )
        field.help_text = "校了（発注者の承認済み）の制作物だけを選べます"
        if self.instance.pk:
            field.disabled = True


class PlanForm(forms.Form):
    """One quantity field per municipality of the contract."""

    def __init__(
        self, *args: Any, municipalities: list[Municipality], current: dict[int, int], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.municipalities = municipalities
        for m in municipalities:
            self.fields[f"m{m.pk}"] = forms.IntegerField(
                label=m.name, min_value=0, required=False, initial=current.get(m.pk, 0)
            )

    def quantities(self) -> dict[int, int]:
        return {m.pk: self.cleaned_data.get(f"m{m.pk}") or 0 for m in self.municipalities}

    def rows(self) -> list[tuple[Municipality, forms.BoundField]]:
        return [(m, self[f"m{m.pk}"]) for m in self.municipalities]


class FacilityLineForm(forms.Form):
    facility = forms.ModelChoiceField(label="公共施設", queryset=Facility.objects.none())
    quantity = forms.IntegerField(
        label="配布予定部数", min_value=0, help_text="0 で計画から外します"
    )
    note = forms.CharField(label="備考", required=False, max_length=300)

    def __init__(self, *args: Any, contract: Contract, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = _model_choice(self, "facility")
        field.queryset = Facility.objects.filter(contract=contract).select_related("municipality")


class ShipmentForm(forms.Form):
    line = LineChoiceField(label="配布先", queryset=DistributionLine.objects.none())
    quantity = forms.IntegerField(label="発送部数", min_value=1)
    shipped_on = forms.DateField(label="発送日", widget=DATE)
    method = forms.CharField(label="発送方法・追跡番号", required=False, max_length=200)
    note = forms.CharField(label="備考", required=False, max_length=300)

    def __init__(self, *args: Any, run: PrintRun, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = _model_choice(self, "line")
        field.queryset = run.lines.select_related("municipality", "facility__municipality")


class ReceiptForm(forms.Form):
    received_on = forms.DateField(label="受領日", widget=DATE)
    received_quantity = forms.IntegerField(
        label="受領部数", min_value=0, required=False, help_text="空欄なら発送部数どおり"
    )
    note = forms.CharField(label="備考", required=False, max_length=300)


class UsageForm(forms.Form):
    quantity = forms.IntegerField(label="使用部数", min_value=1)
    used_on = forms.DateField(label="使用日", widget=DATE)
    event_label = forms.CharField(label="イベント名", required=False, max_length=200)
    event_id = forms.IntegerField(
        label="イベントID", required=False, min_value=1, help_text="普及イベントの番号（任意）"
    )
    note = forms.CharField(label="備考", required=False, max_length=300)


class FacilityImportForm(forms.Form):
    file = forms.FileField(
        label="公共施設一覧のCSVファイル",
        help_text="推奨データセット「公共施設一覧」の24列の見出しのまま。UTF-8（BOM付き可）またはShift_JIS。",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )


class PlacementForm(forms.ModelForm[Placement]):
    class Meta:
        model = Placement
        fields = [
            "medium",
            "outlet",
            "title",
            "starts_on",
            "ends_on",
            "reach",
            "cost",
            "is_paid",
            "design_item",
            "note",
        ]
        widgets = {
            "starts_on": DATE,
            "ends_on": DATE,
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, contract: Contract, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = _model_choice(self, "design_item")
        field.queryset = DesignItem.objects.filter(contract=contract)


class RunForm(forms.Form):
    reach = forms.IntegerField(
        label="リーチの実績", required=False, min_value=0, help_text="分かれば入力してください"
    )


class CancelForm(forms.Form):
    reason = forms.CharField(label="中止の理由", max_length=300)
