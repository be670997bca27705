"""Counts of inquiries by each report dimension over a time window.

On PostgreSQL every breakdown comes from one query with GROUPING SETS, so the window's rows are
read once (a month holds ~200,000 of them in a season of a million). Other databases (SQLite in
development and tests) run one GROUP BY per dimension. Both group by the raw columns (foreign
keys, not the codes behind them), so no join is needed; the caller maps ids to codes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection
from django.db.models import Count
from django.db.models.functions import ExtractHour, ExtractMinute

from fukyu.callcenter.models import Inquiry
from fukyu.core.calendar import TOKYO
from fukyu.core.models import Contract

# Dimension → column of callcenter_inquiry ("slot" is the half-hour of the day, 0..47, in Tokyo).
COLUMNS = {
    "category": "category_id",
    "mini_app": "mini_app_id",
    "channel": "channel",
    "outcome": "outcome",
    "municipality": "municipality_id",
    "age": "age_group",
}
DIMENSIONS = (*COLUMNS, "slot")

Counts = dict[str, dict[Any, int]]


def inquiry_counts(*, contract: Contract, start: dt.datetime, end: dt.datetime) -> Counts:
    """{dimension: {value: count}} for inquiries received in [start, end)."""
    if connection.vendor == "postgresql":
        return _grouping_sets(contract, start, end)
    return _per_dimension(contract, start, end)


def slot_key(slot: int) -> str:
    return f"{slot // 2:02d}:{30 * (slot % 2):02d}"


def _grouping_sets(contract: Contract, start: dt.datetime, end: dt.datetime) -> Counts:
    table = Inquiry._meta.db_table
    local = "(received_at AT TIME ZONE 'Asia/Tokyo')"
    slot = f"(EXTRACT(HOUR FROM {local})::int * 2 + (EXTRACT(MINUTE FROM {local}) >= 30)::int)"
    columns = [*COLUMNS.values(), "slot"]
    listed = ", ".join(columns)
    sets = ", ".join(f"({c})" for c in columns)
    sql = (
        f"SELECT GROUPING({listed}), {listed}, COUNT(*) FROM ("  # noqa: S608
        f"SELECT {', '.join(COLUMNS.values())}, {slot} AS slot FROM {table} "
        "WHERE contract_id = %s AND received_at >= %s AND received_at < %s"
        f") AS window_rows GROUP BY GROUPING SETS ({sets})"
    )
    width = len(columns)
    # GROUPING() has one bit per argument, the first argument the most significant; a bit is 0
    # for the column the row is grouped by.
    by_mask = {((1 << width) - 1) ^ (1 << (width - 1 - i)): i for i in range(width)}
    result: Counts = {name: {} for name in DIMENSIONS}
    with connection.cursor() as cursor:
        cursor.execute(sql, [contract.pk, start, end])
        for row in cursor.fetchall():
            index = by_mask[row[0]]
            result[DIMENSIONS[index]][row[1 + index]] = row[-1]
    return result


def _per_dimension(contract: Contract, start: dt.datetime, end: dt.datetime) -> Counts:
    qs = Inquiry.objects.filter(
        contract=contract, received_at__gte=start, received_at__lt=end
    ).order_by()
    result: Counts = {
        name: dict(qs.values_list(column).annotate(n=Count("id")))
        for name, column in COLUMNS.items()
    }
    slots = qs.annotate(
        h=ExtractHour("received_at", tzinfo=TOKYO), m=ExtractMinute("received_at", tzinfo=TOKYO)
    )
    counts: dict[Any, int] = {}
    for hour, minute, n in slots.values_list("h", "m").annotate(n=Count("id")):
        key = hour * 2 + (1 if minute >= 30 else 0)
        counts[key] = counts.get(key, 0) + n
    result["slot"] = counts
    return result
