from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from fukyu.core.models import InquiryCategory, MiniApp


def add_service_errors(
    form: forms.BaseForm, exc: ValidationError, *, aliases: Mapping[str, str] | None = None
) -> None:
    """Show a service's ValidationError on `form`: an error about a field the form has stands
    beside that field (`aliases` maps a service's name for it to the form's), any other above the
    form. (Django's `form.add_error(None, exc)` raises ValueError, a 500, for a field the form
    lacks — a model's full_clean names all the model's fields, not only the form's.)"""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        target = (aliases or {}).get(field, field)
        form.add_error(target if target in form.fields else None, errors)


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
