"""和暦 filters for aware datetimes: the date is taken in Japan time, not UTC."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone

from fukyu.core.wareki import wareki, wareki_with_weekday

register = template.Library()


def _local_day(value: dt.date | dt.datetime) -> dt.date:
    if isinstance(value, dt.datetime):
        return (timezone.localtime(value) if timezone.is_aware(value) else value).date()
    return value


@register.filter
def jday(value: dt.date | dt.datetime | None) -> str:
    """令和6年9月17日."""
    return wareki(_local_day(value)) if value else ""


@register.filter
def jday_wd(value: dt.date | dt.datetime | None) -> str:
    """令和6年9月17日（火）."""
    return wareki_with_weekday(_local_day(value)) if value else ""


@register.filter
def jtime(value: dt.datetime | None) -> str:
    """令和6年9月17日 13:30."""
    if not value:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{wareki(local.date())} {local:%H:%M}"
