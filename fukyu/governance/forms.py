"""Forms of the governance screens. They parse input; the services decide and record."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms import BaseFormSet, formset_factory

from fukyu.accounts.models import User
from fukyu.governance.models import (
    ActionItem,
    EmailAgreement,
    Meeting,
    MeetingAttendee,
    PlanTask,
    RosterChange,
    RosterNotice,
    WorkItem,
    WorkPlan,
)

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SHORT_TEXT = forms.Textarea(attrs={"rows": 3})


class MeetingForm(forms.ModelForm[Meeting]):
    class Meta:
        model = Meeting
        fields = [
            "title",
            "held_at",
            "ends_at",
            "place",
            "is_online",
            "agenda",
            "minutes",
            "decisions",
        ]
        widgets = {
            "held_at": DATETIME,
            "ends_at": DATETIME,
            "agenda": SHORT_TEXT,
            "minutes": forms.Textarea(attrs={"rows": 8}),
            "decisions": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "place": "会議室名、またはオンライン会議の種類（Teams など）",
            "ends_at": "任意",
        }


class AttendeeForm(forms.Form):
    side = forms.ChoiceField(
        label="区分", choices=MeetingAttendee.Side.choices, initial=MeetingAttendee.Side.CLIENT
    )
    name = forms.CharField(label="氏名", max_length=100)
    organisation = forms.CharField(label="所属", max_length=100, required=False)


class ActionItemForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    description = forms.CharField(label="対応事項", max_length=500)
    owner = forms.CharField(label="担当", max_length=100, required=False)
    due_on = forms.DateField(label="期限", required=False, widget=DATE)
    status = forms.ChoiceField(
        label="状況",
        choices=[
            (ActionItem.Status.OPEN, ActionItem.Status.OPEN.label),
            (ActionItem.Status.DONE, ActionItem.Status.DONE.label),
            (ActionItem.Status.CANCELLED, ActionItem.Status.CANCELLED.label),
        ],
        initial=ActionItem.Status.OPEN,
    )


class BaseAttendeeFormSet(BaseFormSet[AttendeeForm]):
    """Blank rows alternate the side, so a new record offers one row for each party."""

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        kwargs = super().get_form_kwargs(index)
        if index is not None and index >= self.initial_form_count():
            odd = (index - self.initial_form_count()) % 2
            kwargs["initial"] = {
                "side": MeetingAttendee.Side.CONTRACTOR if odd else MeetingAttendee.Side.CLIENT
            }
        return kwargs


AttendeeFormSet = formset_factory(
    AttendeeForm, formset=BaseAttendeeFormSet, extra=2, can_delete=True, max_num=200
)
ActionItemFormSet = formset_factory(ActionItemForm, extra=2, can_delete=True, max_num=500)


class CommentForm(forms.Form):
    comment = forms.CharField(
        label="コメント", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(label="添付資料", help_text="20MBまで")


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(
        label="状況",
        choices=[
            (ActionItem.Status.OPEN, ActionItem.Status.OPEN.label),
            (ActionItem.Status.DONE, ActionItem.Status.DONE.label),
            (ActionItem.Status.CANCELLED, ActionItem.Status.CANCELLED.label),
        ],
    )


# Work plan ----------------------------------------------------------------------------------


class WorkPlanForm(forms.ModelForm[WorkPlan]):
    class Meta:
        model = WorkPlan
        fields = ["title", "policy", "change_note"]
        widgets = {"policy": forms.Textarea(attrs={"rows": 6}), "change_note": SHORT_TEXT}
        help_texts = {"change_note": "第2版以降は、前の版から変えた点を書いてください"}


class NewVersionForm(forms.Form):
    change_note = forms.CharField(
        label="変更内容", max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class WorkItemForm(forms.ModelForm[WorkItem]):
    class Meta:
        model = WorkItem
        fields = ["order", "title", "method", "responsible"]
        widgets = {"method": forms.Textarea(attrs={"rows": 5})}


class PlanTaskForm(forms.ModelForm[PlanTask]):
    depends_on = forms.ModelMultipleChoiceField(
        label="先行作業",
        queryset=PlanTask.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="この作業の前に終わっている必要がある作業",
    )

    class Meta:
        model = PlanTask
        fields = ["order", "name", "kind", "work_item", "starts_on", "ends_on", "note"]
        widgets = {"starts_on": DATE, "ends_on": DATE}
        help_texts = {"ends_on": "マイルストーンは開始日と同じ日になります"}

    def __init__(self, *args: Any, plan: WorkPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["work_item"].queryset = WorkItem.objects.filter(plan=plan)  # type: ignore[attr-defined]
        others = PlanTask.objects.filter(plan=plan)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
            self.initial.setdefault("depends_on", list(self.instance.depends_on.all()))
        self.fields["depends_on"].queryset = others  # type: ignore[attr-defined]
        self.fields["ends_on"].required = False

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == PlanTask.Kind.MILESTONE or not data.get("ends_on"):
            data["ends_on"] = data.get("starts_on")
            self.instance.ends_on = data.get("starts_on")  # type: ignore[assignment]
        return data


# Roster -------------------------------------------------------------------------------------


class MemberForm(forms.Form):
    name = forms.CharField(label="氏名", max_length=100)
    organisation = forms.CharField(label="所属", max_length=100)
    role_title = forms.CharField(label="役割", max_length=100, help_text="業務責任者、SV など")
    duties = forms.CharField(label="業務分担", required=False, widget=SHORT_TEXT)
    is_pi_manager = forms.BooleanField(label="個人情報管理責任者", required=False)
    is_pi_handler = forms.BooleanField(label="業務従事者（個人情報を取り扱う）", required=False)
    user = forms.ModelChoiceField(
        label="利用者アカウント",
        queryset=User.objects.filter(is_active=True).order_by("username"),
        required=False,
        help_text="本システムの利用者と結び付ける場合に選びます（任意）",
    )
    reason = forms.CharField(label="理由", required=False, widget=SHORT_TEXT)
    planned_on = forms.DateField(label="反映予定日", required=False, widget=DATE)


class RemoveForm(forms.Form):
    reason = forms.CharField(label="理由", required=False, widget=SHORT_TEXT)
    planned_on = forms.DateField(label="反映予定日", required=False, widget=DATE)


class NoticeForm(forms.Form):
    changes = forms.ModelMultipleChoiceField(
        label="報告する変更",
        queryset=RosterChange.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    notified_on = forms.DateField(label="報告日", widget=DATE)
    method = forms.ChoiceField(label="報告方法", choices=RosterNotice.Method.choices)
    note = forms.CharField(label="備考", required=False, widget=SHORT_TEXT)

    def __init__(self, *args: Any, pending: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["changes"].queryset = pending  # type: ignore[attr-defined]


# E-mail agreements --------------------------------------------------------------------------


class EmailAgreementNewForm(forms.Form):
    eml = forms.FileField(
        label="メールファイル（.eml）",
        required=False,
        help_text="メールソフトで「名前を付けて保存」した .eml。空欄の項目はメールから読み取ります",
    )
    agreed_on = forms.DateField(label="協議日", required=False, widget=DATE)
    parties = forms.CharField(label="当事者", required=False, widget=SHORT_TEXT)
    subject = forms.CharField(label="件名", required=False, max_length=300)
    summary = forms.CharField(
        label="確認した内容", required=False, widget=forms.Textarea(attrs={"rows": 6})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("eml") and not (
            data.get("agreed_on") and data.get("subject") and data.get("summary")
        ):
            raise forms.ValidationError(
                "メールファイルを添付するか、協議日・件名・確認した内容を入力してください"
            )
        return data


class EmailAgreementForm(forms.ModelForm[EmailAgreement]):
    class Meta:
        model = EmailAgreement
        fields = ["agreed_on", "parties", "subject", "summary"]
        widgets = {"agreed_on": DATE, "parties": SHORT_TEXT}
