"""Writing parsed call records: on PostgreSQL, COPY into a temporary table and one INSERT of
the records not yet stored; elsewhere INSERT … ON CONFLICT DO NOTHING in batches (executemany).
Both skip records already stored (unique on contract and uniqueid), so importing a file again
adds nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db import connection

from fukyu.callcenter.models import CallRecord
from fukyu.core.models import Contract

# One parsed line, in the order of STORED (the contract is added when stored).
Parsed = tuple[str, str, str, dt.datetime, dt.datetime | None, dt.datetime | None, int, int, str]
STORED = (
    "uniqueid",
    "caller_hash",
    "dst",
    "start",
    "answer",
    "end",
    "duration",
    "billsec",
    "disposition",
)
BATCH = 20_000
STAGE = "cc_callrecord_stage"
# COPY's text format: backslash, tab, newline and carriage return are escaped; \N is NULL.
COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _names() -> tuple[str, dict[str, str]]:
    """The quoted table name and {field name: quoted column name}."""
    quote = connection.ops.quote_name
    table = quote(CallRecord._meta.db_table)
    return table, {f.name: quote(str(f.column)) for f in CallRecord._meta.concrete_fields}


def _columns() -> tuple[str, str]:
    table, names = _names()
    return table, ", ".join(names[n] for n in ("contract", *STORED))


NULL = "\\N"


def _copy_line(row: Parsed) -> str:
    uniqueid, caller_hash, dst, start, answer, end, duration, billsec, disposition = row
    answered = answer.isoformat(" ") if answer else NULL
    ended = end.isoformat(" ") if end else NULL
    return (
        f"{uniqueid.translate(COPY_ESCAPES)}\t{caller_hash}\t{dst.translate(COPY_ESCAPES)}\t"
        f"{start.isoformat(' ')}\t{answered}\t{ended}\t{duration}\t{billsec}\t{disposition}\n"
    )


def store_records(*, contract: Contract, rows: Iterator[Parsed]) -> int:
    """Store the records not yet stored; returns how many were added. Run in a transaction.
    `rows` is consumed while the connection is busy copying: it must not query the database."""
    if connection.vendor == "postgresql":
        return store_by_copy(contract=contract, rows=rows)
    return store_in_batches(contract=contract, rows=rows)


def store_by_copy(*, contract: Contract, rows: Iterator[Parsed]) -> int:
    """PostgreSQL: returns how many records were added. Run inside a transaction."""
    table, names = _names()
    stored = ", ".join(names[n] for n in STORED)
    picked = ", ".join(f"s.{names[n]}" for n in STORED)
    uniqueid, start = names["uniqueid"], names["start"]
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {STAGE}")
        # The stage has the target's column types and no constraint or index.
        cursor.execute(
            f"CREATE TEMPORARY TABLE {STAGE} ON COMMIT DROP AS "  # noqa: S608
            f"SELECT {stored} FROM {table} WITH NO DATA"
        )
        raw = cursor.cursor  # the psycopg cursor under Django's wrapper
        with raw.copy(f"COPY {STAGE} ({stored}) FROM STDIN") as copy:
            for chunk in _chunks(rows, BATCH):
                copy.write("".join(map(_copy_line, chunk)))
        cursor.execute(f"ANALYZE {STAGE}")
        # Imports run one at a time (this lock conflicts with itself, not with readers), so
        # an anti-join finds every record already stored and a plain INSERT is safe; it
        # writes less than INSERT … ON CONFLICT, which inserts each row speculatively. Rows
        # go in uniqueid order (the unique index's order); a file's repeated id counts once.
        cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")
        cursor.execute(
            f"INSERT INTO {table} ({names['contract']}, {stored}) "  # noqa: S608
            f"SELECT DISTINCT ON (s.{uniqueid}) %s, {picked} FROM {STAGE} AS s "
            f"WHERE NOT EXISTS (SELECT 1 FROM {table} AS t "
            f"WHERE t.{names['contract']} = %s AND t.{uniqueid} = s.{uniqueid}) "
            f"ORDER BY s.{uniqueid}, s.{start}",
            [contract.pk, contract.pk],
        )
        added = int(cursor.rowcount)
        cursor.execute(f"DROP TABLE {STAGE}")
    return max(added, 0)


def store_in_batches(*, contract: Contract, rows: Iterator[Parsed]) -> int:
    """Any database with INSERT … ON CONFLICT DO NOTHING (SQLite 3.24+, PostgreSQL)."""
    table, columns = _columns()
    marks = ", ".join(["%s"] * (1 + len(STORED)))
    sql = f"INSERT INTO {table} ({columns}) VALUES ({marks}) ON CONFLICT DO NOTHING"  # noqa: S608
    adapt = connection.ops.adapt_datetimefield_value
    before = CallRecord.objects.filter(contract=contract).count()
    with connection.cursor() as cursor:
        for chunk in _chunks(rows, BATCH):
            cursor.executemany(
                sql,
                [
                    (contract.pk, u, h, d, adapt(s), adapt(a), adapt(e), du, b, disp)
                    for u, h, d, s, a, e, du, b, disp in chunk
                ],
            )
    return CallRecord.objects.filter(contract=contract).count() - before


def _chunks(rows: Iterator[Parsed], size: int) -> Iterator[list[Parsed]]:
    chunk: list[Parsed] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
