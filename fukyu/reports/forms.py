"""Forms of the reports screens. They only parse input; services validate and write."""

from __future__ import annotations

from django import forms

from fukyu.reports.models import FinalReport


class SubmissionForm(forms.Form):
    kind = forms.ChoiceField(label="提出する報告書", choices=FinalReport.choices)
    file = forms.FileField(
        label="提出したファイル（任意）",
        required=False,
        help_text="押印した PDF や編集した Word など、実際に提出したファイルを選びます。"
        "選ばなければ、いまのデータからシステムが作成したファイルを記録します",
    )
    note = forms.CharField(
        label="連絡事項（任意）",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AcknowledgeForm(forms.Form):
    comment = forms.CharField(
        label="コメント（任意）",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class TemplateForm(forms.Form):
    file = forms.FileField(
        label="県の指定様式（Word .docx）",
        help_text="値を入れる箇所に {{契約名}} のような差し込み項目を入力した様式を選びます",
    )
