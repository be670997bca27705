"""Synthetic call records for the demo season (合成データ), consistent with its inquiries: one
answered call per phone inquiry (the caller waited a little, then talked as long as the
inquiry took), plus calls abandoned before an answer (about 6–14 % of a day's calls, more at
busy half-hours) and a few calls outside opening hours. Callers' numbers are fake
(090-0000-xxxx) and stored only as the keyed hash, like imported ones."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Iterator

from fukyu.callcenter.calls_import import CallerHasher
from fukyu.callcenter.calls_store import Parsed, store_records
from fukyu.callcenter.models import CallRecord, Channel, Inquiry
from fukyu.core.calendar import TOKYO
from fukyu.core.models import Contract

PREFIX = "demo."


def _number(rng: random.Random) -> str:
    return f"090-0000-{rng.randrange(10000):04d}"


def _phone_inquiries(contract: Contract) -> list[tuple[dt.datetime, int]]:
    phone = (
        Inquiry.objects.filter(contract=contract, channel=Channel.PHONE)
        .order_by("received_at", "id")
        .values_list("received_at", "handle_seconds")
    )
    return [(at.astimezone(TOKYO), handle or 180) for at, handle in phone]


def _calls(
    contract: Contract, rng: random.Random, rows: list[tuple[dt.datetime, int]]
) -> Iterator[Parsed]:
    """Made without touching the database: they are written while this runs (COPY)."""
    hasher = CallerHasher()
    cfg = contract.settings
    per_slot = Counter((at.date(), at.hour, at.minute // 30) for at, _ in rows)
    busiest = max(per_slot.values(), default=1)
    day_rate: dict[dt.date, float] = {}
    n = 0
    for at, handle in rows:
        wait = int(rng.expovariate(1 / 25)) + 3
        start = at - dt.timedelta(seconds=wait)
        n += 1
        yield (
            f"{PREFIX}{n}",
            hasher(_number(rng)),
            cfg.toll_free_number,
            start,
            at,
            at + dt.timedelta(seconds=handle),
            wait + handle,
            handle,
            "ANSWERED",
        )
        day = at.date()
        if day not in day_rate:
            day_rate[day] = rng.uniform(0.04, 0.10)
            for _ in range(rng.randrange(4)):  # before opening or after closing
                n += 1
                hour = rng.choice([8, 17, 18])
                minute = rng.randrange(30, 60) if hour == 17 else rng.randrange(60)
                moment = dt.datetime.combine(day, dt.time(hour, minute), tzinfo=TOKYO)
                yield _abandoned(n, hasher(_number(rng)), cfg.toll_free_number, moment, rng)
        crowd = per_slot[(day, at.hour, at.minute // 30)] / busiest
        if rng.random() < day_rate[day] + 0.05 * crowd:
            n += 1
            moment = start + dt.timedelta(seconds=rng.randrange(-240, 240))
            yield _abandoned(n, hasher(_number(rng)), cfg.toll_free_number, moment, rng)


def _abandoned(n: int, caller: str, dst: str, start: dt.datetime, rng: random.Random) -> Parsed:
    rang = rng.randrange(5, 120)
    end = start + dt.timedelta(seconds=rang)
    return (f"{PREFIX}{n}", caller, dst, start, None, end, rang, 0, "NO ANSWER")


def seed_calls(*, contract: Contract, rng: random.Random) -> str:
    """Adds the season's call records (none when some exist already); a summary line."""
    if CallRecord.objects.filter(contract=contract).exists():
        return ""
    phone = _phone_inquiries(contract)
    added = store_records(contract=contract, rows=_calls(contract, rng, phone))
    answered = CallRecord.objects.filter(contract=contract, disposition="ANSWERED").count()
    return f"、通話記録 {added}件（応答 {answered}件）"
