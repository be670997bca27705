from __future__ import annotations

import datetime as dt

from django import template

from fukyu.core import wareki as wareki_module

register = template.Library()


@register.filter(expects_localtime=True)
def jdatetime(value: dt.datetime | None) -> str:
    """令和6年10月3日 14:05 (local time)."""
    if not value:
        return ""
    return f"{wareki_module.wareki(value.date())} {value:%H:%M}"


@register.filter
def status_class(value: str) -> str:
    """A badge colour for a status value."""
    if value in {"approved", "run"}:
        return "ok"
    if value in {"awaiting_pick", "open", "planned"}:
        return "warn"
    if value in {"returned", "cancelled"}:
        return "bad"
    return ""
