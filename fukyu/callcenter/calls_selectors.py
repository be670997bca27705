"""Numbers from the call records: per day and per 30-minute interval."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fukyu.callcenter.models import CallRecord, Channel, Inquiry
from fukyu.core.calendar import TOKYO
from fukyu.core.models import Contract


def _slot(moment: dt.datetime) -> str:
    return f"{moment.hour:02d}:{0 if moment.minute < 30 else 30:02d}"


def _summary(rows: list[tuple[dt.datetime, dt.datetime | None, int, str]]) -> dict[str, Any]:
    offered = len(rows)
    answered = [(s, a, b) for s, a, b, d in rows if d == "ANSWERED"]
    waits = [(a - s).total_seconds() for s, a, _ in answered if a is not None]
    talks = [b for _, _, b in answered]
    return {
        "offered": offered,
        "answered": len(answered),
        "abandoned": offered - len(answered),
        "answer_rate": round(len(answered) / offered, 4) if offered else None,
        "avg_wait_seconds": round(sum(waits) / len(waits), 1) if waits else None,
        "avg_talk_seconds": round(sum(talks) / len(talks), 1) if talks else None,
    }


def calls_of_day(*, contract: Contract, day: dt.date) -> dict[str, Any] | None:
    """None when no call record exists for the day."""
    lo = dt.datetime.combine(day, dt.time(), tzinfo=TOKYO)
    hi = lo + dt.timedelta(days=1)
    raw = list(
        CallRecord.objects.filter(contract=contract, start__gte=lo, start__lt=hi)
        .order_by()
        .values_list("start", "answer", "billsec", "disposition")
    )
    if not raw:
        return None
    calendar = contract.calendar
    inside: list[tuple[dt.datetime, dt.datetime | None, int, str]] = []
    outside = 0
    for start, answer, billsec, disposition in raw:
        local = start.astimezone(TOKYO)
        if calendar.center_open_at(local):
            inside.append((local, answer, billsec, disposition))
        else:
            outside += 1
    result = _summary(inside)
    result["outside_hours"] = outside
    slots: dict[str, list[tuple[dt.datetime, dt.datetime | None, int, str]]] = {}
    for row in inside:
        slots.setdefault(_slot(row[0]), []).append(row)
    result["intervals"] = {key: _summary(slots[key]) for key in sorted(slots)}
    logged = Inquiry.objects.filter(
        contract=contract, received_at__gte=lo, received_at__lt=hi, channel=Channel.PHONE
    ).count()
    result["logged_inquiries"] = logged
    result["unlogged_answered"] = max(0, result["answered"] - logged)
    return result
