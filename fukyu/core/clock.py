"""The system's clock. FUKYU_TODAY (e.g. 2025-01-15) moves it for demos; read at call time."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from fukyu.core.calendar import TOKYO


def now() -> dt.datetime:
    real = timezone.now().astimezone(TOKYO)
    fake = getattr(settings, "FUKYU_TODAY", "")
    if not fake:
        return real
    day = dt.date.fromisoformat(fake)
    return dt.datetime.combine(day, real.timetz())


def today() -> dt.date:
    return now().date()
