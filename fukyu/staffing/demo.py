"""Synthetic staffing settings for `manage.py seed_demo`: the defaults and a few peak days."""

from __future__ import annotations

import datetime as dt
import random

from fukyu.core.models import Contract
from fukyu.staffing.models import PeakDay
from fukyu.staffing.services import peak_day_save, staffing_settings_ensure

ACTOR = "manage.py seed_demo"
PEAKS = [
    ("2024-11-01", 1.6, "コールセンター開設日（サンプル）"),
    ("2024-12-02", 1.3, "チラシ配布開始の週明け（サンプル）"),
    ("2025-01-06", 1.4, "年末年始明け（サンプル）"),
]


def seed(*, contract: Contract, rng: random.Random, scale: float) -> str:
    staffing_settings_ensure(contract=contract)
    made = 0
    for day, multiplier, note in PEAKS:
        date = dt.date.fromisoformat(day)
        if not PeakDay.objects.filter(contract=contract, date=date).exists():
            peak = PeakDay(contract=contract, date=date, multiplier=multiplier, note=note)
            peak_day_save(actor=ACTOR, peak=peak)
            made += 1
    return f"人員計画の設定（既定値）、繁忙日 {made}件（サンプル）"


seed.order = 15  # type: ignore[attr-defined]
