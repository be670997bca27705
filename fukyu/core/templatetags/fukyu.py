from __future__ import annotations

import datetime as dt

from django import template

from fukyu.core import wareki as wareki_module

register = template.Library()


@register.filter
def wareki(value: dt.date | None) -> str:
    return wareki_module.wareki(value) if value else ""


@register.filter
def wareki_wd(value: dt.date | None) -> str:
    if not value:
        return ""
    return wareki_module.wareki_with_weekday(value)
