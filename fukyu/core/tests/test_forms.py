"""A service's ValidationError shown on a form: beside the field it names, else above the form."""

from __future__ import annotations

import pytest
from django import forms
from django.core.exceptions import ValidationError

from fukyu.core.forms import add_service_errors


class EventLikeForm(forms.Form):
    day = forms.DateField(label="日付")
    title = forms.CharField(label="名称")


def valid_form() -> EventLikeForm:
    form = EventLikeForm({"day": "2024-12-01", "title": "イオン石巻"})
    assert form.is_valid()
    return form


def test_errors_stand_beside_their_fields_or_above_the_form() -> None:
    form = valid_form()
    error = ValidationError(
        {
            "title": "同じ名称のイベントがあります",
            "starts_at": "開始が終了より後です",  # the service's name for the form's "day"
            "contract": "有効な契約がありません",  # a model field the form does not show
        }
    )
    add_service_errors(form, error, aliases={"starts_at": "day"})
    assert form.errors["title"] == ["同じ名称のイベントがあります"]
    assert form.errors["day"] == ["開始が終了より後です"]
    assert form.non_field_errors() == ["有効な契約がありません"]
    assert not form.is_valid()


def test_an_error_without_a_field_goes_above_the_form() -> None:
    form = valid_form()
    add_service_errors(form, ValidationError(["締切を過ぎています", "承認済みです"]))
    assert form.non_field_errors() == ["締切を過ぎています", "承認済みです"]


def test_django_alone_would_fail_on_a_field_the_form_lacks() -> None:
    # Why the helper exists: this was a 500 wherever a view passed a model's full_clean errors on.
    with pytest.raises(ValueError, match="has no field named 'contract'"):
        valid_form().add_error(None, ValidationError({"contract": "有効な契約がありません"}))
