from __future__ import annotations

from typing import Any

from django import forms

from fukyu.website.content import body_problems
from fukyu.website.models import PageVersion, slug_validator


class VersionForm(forms.ModelForm[PageVersion]):
    class Meta:
        model = PageVersion
        fields = ["title", "summary", "body", "note"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2}),
            "body": forms.Textarea(attrs={"rows": 24, "class": "mono"}),
        }

    def clean_body(self) -> str:
        body = str(self.cleaned_data["body"])
        problems = body_problems(body)
        if problems:
            raise forms.ValidationError(problems)
        return body


class NewsForm(VersionForm):
    slug = forms.CharField(
        label="URL名",
        max_length=60,
        validators=[slug_validator],
        help_text="英小文字・数字・ハイフン（例: 2024-12-event-added）。/news/URL名/ で公開されます",
    )
    news_date = forms.DateField(label="掲載日", widget=forms.DateInput(attrs={"type": "date"}))

    field_order = ["slug", "news_date", "title", "summary", "body", "note"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order_fields(self.field_order)
