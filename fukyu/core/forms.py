from __future__ import annotations

from typing import Any

from django import forms

from fukyu.core.models import InquiryCategory, MiniApp


class MiniAppForm(forms.ModelForm[MiniApp]):
    class Meta:
        model = MiniApp
        fields = [
            "code",
            "name",
            "short_name",
            "description",
            "available_from",
            "order",
            "is_active",
        ]
        widgets = {"available_from": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Codes are stable identifiers for reports: fixed once created.
            self.fields["code"].disabled = True


class CategoryForm(forms.ModelForm[InquiryCategory]):
    class Meta:
        model = InquiryCategory
        fields = ["code", "name", "description", "order", "is_active"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["code"].disabled = True
