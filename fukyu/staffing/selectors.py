"""Reads of the staffing app.

``inquiry_counts_by_interval`` and ``call_counts_by_interval`` are the one place that reads
the call center's inquiries and the phone system's call records: they count them per local
date and 30-minute interval in the database, so their cost does not depend on Python loops
over rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import (
    BigIntegerField,
    Count,
    DateTimeField,
    F,
    Func,
    IntegerField,
    Model,
    QuerySet,
    Value,
)
from django.db.models.functions import Cast, ExtractHour, ExtractMinute, Mod, TruncDate
from django.db.models.sql.compiler import SQLCompiler

from fukyu.callcenter.models import CallRecord, Inquiry
from fukyu.core.calendar import TOKYO
from fukyu.core.models import Contract
from fukyu.staffing.models import INTERVAL_MINUTES, PeakDay, StaffingSettings

PHONE_CHANNELS: tuple[str, ...] = ("phone",)


def staffing_settings_find(*, contract: Contract) -> StaffingSettings | None:
    return StaffingSettings.objects.filter(contract=contract).first()


def peak_day_list(*, contract: Contract) -> QuerySet[PeakDay]:
    return PeakDay.objects.filter(contract=contract).order_by("date")


@dataclass(frozen=True)
class IntervalCount:
    """Calls received on ``date`` from ``minute`` (minutes after midnight, local time)."""

    date: dt.date
    minute: int
    count: int
    source: str = ""  # which source counted it, when several are combined


class EpochSeconds(Func):
    """Whole seconds since 1970-01-01 UTC of a datetime column, with native SQL functions
    (no per-row Python function, unlike Django's time-zone aware Trunc/Extract on SQLite).

    SQLite: ``julianday()`` (its fastest date function) rounded to the millisecond, then
    floored to the second; PostgreSQL: ``EXTRACT(EPOCH ...)`` floored."""

    output_field = BigIntegerField()

    def as_sqlite(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> Any:
        template = (
            "(CAST(round((julianday(%(expressions)s) - 2440587.5) * 86400000.0) AS INTEGER) / 1000)"
        )
        return self.as_sql(compiler, connection, template=template)

    def as_postgresql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> Any:
        template = "CAST(FLOOR(EXTRACT(EPOCH FROM %(expressions)s)) AS BIGINT)"
        return self.as_sql(compiler, connection, template=template)


def _fixed_offset(lo: dt.datetime, hi: dt.datetime) -> int | None:
    """Tokyo's UTC offset in seconds if it is the same over [lo, hi] (it has been +9 h since
    1951), else None."""
    offsets = set()
    day = lo
    while day <= hi:
        offset = day.utcoffset()
        offsets.add(offset.total_seconds() if offset is not None else None)
        day += dt.timedelta(days=1)
    if len(offsets) != 1:
        return None
    only = offsets.pop()
    return int(only) if only is not None else None


def inquiry_counts_by_interval(
    *,
    contract: Contract,
    start: dt.date,
    end: dt.date,
    channels: Sequence[str] | None = PHONE_CHANNELS,
    offset_minutes: int = 0,
) -> list[IntervalCount]:
    """Inquiries of ``contract`` received from ``start`` to ``end`` (inclusive, Tokyo dates),
    counted per date and 30-minute interval, in one aggregate query.

    ``channels`` limits the count to those reception channels (by default the telephone, the
    queue the staffing plan sizes); ``None`` counts every channel.  Intervals start on the
    clock's half hours shifted by ``offset_minutes`` (0..29; 15 when the center opens at
    9:15).  Intervals with no inquiry are absent.

    How, by database (all give the same answer; the tests compare them):

    * SQLite: one ``COUNT(*)`` per 30-minute range over the (contract, received_at) index
      (:func:`_counts_by_ranges_sqlite`);
    * PostgreSQL 14+: ``GROUP BY date_bin('30 minutes', received_at, local origin)``;
      older PostgreSQL: ``GROUP BY`` integer arithmetic on the epoch seconds with Tokyo's
      fixed UTC offset;
    * anything else, or a range in which Tokyo's UTC offset would change: Django's
      ``TruncDate``/``Extract`` with ``tzinfo=Asia/Tokyo`` (on SQLite these run a Python
      function per row, far too slow at a million rows, hence the paths above).
    """
    filters = {"channel": list(channels)} if channels is not None else {}
    return _interval_counts(Inquiry, "received_at", contract, start, end, filters, offset_minutes)


def call_counts_by_interval(
    *, contract: Contract, start: dt.date, end: dt.date, offset_minutes: int = 0
) -> list[IntervalCount]:
    """Call records (CDRs imported from the phone system) of ``contract`` that started from
    ``start`` to ``end`` (inclusive, Tokyo dates), per date and 30-minute interval: the
    *offered* calls, whatever their outcome (answered, not answered, busy, failed), since each
    is a caller the center had to staff for.  Same intervals and methods as
    :func:`inquiry_counts_by_interval`, over the (contract, start) index."""
    return _interval_counts(CallRecord, "start", contract, start, end, {}, offset_minutes)


def call_records_exist(*, contract: Contract, start: dt.date, end: dt.date) -> bool:
    """Whether any call record exists in the range (skips the per-interval query if not)."""
    lo = dt.datetime.combine(start, dt.time.min, tzinfo=TOKYO)
    hi = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=TOKYO)
    return CallRecord.objects.filter(contract=contract, start__gte=lo, start__lt=hi).exists()


def _interval_counts(
    model: type[Model],
    time_field: str,
    contract: Contract,
    start: dt.date,
    end: dt.date,
    filters: dict[str, list[str]],
    offset_minutes: int,
) -> list[IntervalCount]:
    if not 0 <= offset_minutes < INTERVAL_MINUTES:
        raise ValueError("offset_minutes must be in [0, 30)")
    lo = dt.datetime.combine(start, dt.time.min, tzinfo=TOKYO)
    hi = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=TOKYO)
    qs = model._default_manager.filter(
        contract=contract, **{f"{time_field}__gte": lo, f"{time_field}__lt": hi}
    )
    for name, values in filters.items():
        qs = qs.filter(**{f"{name}__in": values})
    qs = qs.order_by()
    if connection.vendor == "sqlite":
        return _counts_by_ranges_sqlite(
            model, time_field, contract, lo, hi, filters, offset_minutes
        )
    utc_offset = _fixed_offset(lo, hi)
    if connection.vendor == "postgresql" and utc_offset is not None:
        if getattr(connection, "pg_version", 0) >= 140000:
            return _counts_by_date_bin(qs, time_field, utc_offset, offset_minutes)
        return _counts_by_epoch(qs, time_field, utc_offset, offset_minutes)
    return _counts_by_extract(qs, time_field, offset_minutes)


class DateBin(Func):
    """PostgreSQL 14+: ``date_bin(30 minutes, column, origin)``, native timestamp arithmetic
    (several times faster than grouping on ``EXTRACT(EPOCH ...)``, which is numeric)."""

    template = f"date_bin(INTERVAL '{INTERVAL_MINUTES} minutes', %(expressions)s)"
    output_field = DateTimeField()


def _counts_by_date_bin(
    qs: QuerySet[Any], time_field: str, utc_offset: int, offset_minutes: int
) -> list[IntervalCount]:
    # Bins are counted from a local midnight (+ the shift); with a fixed UTC offset they are
    # exactly the local half hours.
    origin = dt.datetime(2000, 1, 1, tzinfo=dt.timezone(dt.timedelta(seconds=utc_offset)))
    origin += dt.timedelta(minutes=offset_minutes)
    rows = (
        qs.annotate(slot=DateBin(time_field, Value(origin)))
        .values("slot")
        .annotate(n=Count("*"))
        .order_by("slot")
    )
    out = []
    for r in rows:
        local = r["slot"].astimezone(TOKYO)
        out.append(IntervalCount(local.date(), local.hour * 60 + local.minute, int(r["n"])))
    return out


def _counts_by_ranges_sqlite(
    model: type[Model],
    time_field: str,
    contract: Contract,
    lo: dt.datetime,
    hi: dt.datetime,
    filters: dict[str, list[str]],
    offset_minutes: int,
) -> list[IntervalCount]:
    """SQLite: one COUNT(*) per 30-minute range, the ranges generated by a recursive CTE.

    Each count is a seek plus a walk along the (contract, time) index, so the whole
    query costs one pass over the index entries and no sort; a GROUP BY on a computed key
    has to sort every row in a temporary B-tree and is several times slower at 10^6 rows.
    Stored datetimes are UTC text ('YYYY-MM-DD HH:MM:SS[.ffffff]'), which compares in time
    order, and the range bounds are produced in the same form.
    """
    step = INTERVAL_MINUTES * 60
    first = lo - dt.timedelta(minutes=(INTERVAL_MINUTES - offset_minutes) % INTERVAL_MINUTES)
    table = connection.ops.quote_name(model._meta.db_table)
    wanted = {"contract", time_field, *filters}
    col = {
        f.name: connection.ops.quote_name(f.column or f.name)
        for f in model._meta.concrete_fields
        if f.name in wanted
    }
    to_db = connection.ops.adapt_datetimefield_value
    filter_sql = ""
    params: list[Any] = [to_db(first), to_db(hi), contract.pk, to_db(lo), to_db(hi)]
    for name, values in filters.items():
        filter_sql += f" AND i.{col[name]} IN ({', '.join(['%s'] * len(values))})"
        params.extend(values)
    nxt = f"strftime('%%Y-%%m-%%d %%H:%%M:%%S', b.lo, '+{step} seconds')"
    # Only quoted identifiers from the model and constants are formatted in; values are params.
    sql = (
        "WITH RECURSIVE b(lo) AS (SELECT %s UNION ALL "  # noqa: S608
        f"SELECT {nxt} FROM b WHERE {nxt} < %s) "
        f"SELECT b.lo, (SELECT COUNT(*) FROM {table} i WHERE i.{col['contract']} = %s"
        f" AND i.{col[time_field]} >= max(b.lo, %s)"
        f" AND i.{col[time_field]} < min({nxt}, %s){filter_sql}) FROM b"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    out = []
    for start, n in rows:
        if not n:
            continue
        local = dt.datetime.fromisoformat(start).replace(tzinfo=dt.UTC).astimezone(TOKYO)
        out.append(IntervalCount(local.date(), local.hour * 60 + local.minute, int(n)))
    return out


def _counts_by_epoch(
    qs: QuerySet[Any], time_field: str, utc_offset: int, offset_minutes: int
) -> list[IntervalCount]:
    length = INTERVAL_MINUTES * 60
    shift = utc_offset - offset_minutes * 60
    rows = (
        qs.annotate(slot=(EpochSeconds(time_field) + Value(shift)) / Value(length))
        .values("slot")
        .annotate(n=Count("*"))
        .order_by("slot")
    )
    out = []
    for r in rows:
        local = int(r["slot"]) * length + offset_minutes * 60  # local seconds since 1970
        day, seconds = divmod(local, 86400)
        out.append(
            IntervalCount(
                date=_EPOCH_DATE + dt.timedelta(days=day), minute=seconds // 60, count=int(r["n"])
            )
        )
    return out


_EPOCH_DATE = dt.date(1970, 1, 1)


def _counts_by_extract(
    qs: QuerySet[Any], time_field: str, offset_minutes: int
) -> list[IntervalCount]:
    minute_of_day = Cast(
        ExtractHour(time_field, tzinfo=TOKYO) * 60 + ExtractMinute(time_field, tzinfo=TOKYO),
        IntegerField(),
    )
    rows = (
        qs.order_by()
        .annotate(local_date=TruncDate(time_field, tzinfo=TOKYO), minute_of_day=minute_of_day)
        .annotate(
            slot=F("minute_of_day")
            - Mod(F("minute_of_day") + (INTERVAL_MINUTES - offset_minutes), INTERVAL_MINUTES)
        )
        .values("local_date", "slot")
        .annotate(n=Count("id"))
        .order_by("local_date", "slot")
    )
    merged: dict[tuple[dt.date, int], int] = {}
    for r in rows:
        day, minute = r["local_date"], int(r["slot"])
        if minute < 0:  # an interval that starts before midnight (offset_minutes > 0)
            day, minute = day - dt.timedelta(days=1), minute + 24 * 60
        merged[day, minute] = merged.get((day, minute), 0) + int(r["n"])
    return [IntervalCount(date=d, minute=m, count=n) for (d, m), n in sorted(merged.items())]
