"""One round trip for the commonest write of all: a new inquiry, its number and its audit row.

On PostgreSQL a data-modifying CTE takes the next number under the counter row's lock,
inserts the inquiry with it and writes the audit row that names it, in one statement — and so
in one transaction even in autocommit mode, with the same guarantees as the ORM path (numbers
without gaps or repeats, no inquiry without its audit row). It replaces five round trips
(BEGIN, counter, inquiry, audit, COMMIT), which is most of a create's cost under load.

The ORM path in `services.inquiry_create` stays the reference: it runs on SQLite, for inquiries
with a caller or an escalation (more rows), and when the counter row does not exist yet. Both
build the same rows from the same Python objects; tests on PostgreSQL compare them.
"""

from __future__ import annotations

import functools
import json
import time
from typing import Any, cast

import psycopg
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Field, Model

from fukyu.audit.models import AuditEvent
from fukyu.callcenter.models import Inquiry, InquiryCounter
from fukyu.callcenter.models.inquiry import NUMBER_DIGITS

INQUIRY_SET_IN_SQL = ("seq", "number")
AUDIT_SET_IN_SQL = ("object_id", "object_repr", "changes")


@functools.cache
def _fields(model: type[Model], skip: tuple[str, ...]) -> tuple[Field[Any, Any], ...]:
    """The columns Python fills, in a fixed order (the statement's and the values')."""
    return tuple(
        f for f in model._meta.concrete_fields if not f.primary_key and f.attname not in skip
    )


def _columns(fields: tuple[Field[Any, Any], ...]) -> tuple[str, str]:
    """Quoted columns and placeholders. Placeholders carry the column's type (the statement is
    prepared once, for parameters of any value, NULL too), except varchar(n), whose explicit
    cast would truncate instead of refusing."""
    qn = connection.ops.quote_name
    columns = [qn(cast(str, f.column)) for f in fields]  # concrete fields have one
    holders = []
    for f in fields:
        kind = f.db_type(connection) or ""
        holders.append("%s" if kind.startswith("varchar") else f"%s::{kind}")
    return ", ".join(columns), ", ".join(holders)


@functools.cache
def _statement() -> str:
    """The statement, built once per process from the models' fields."""
    qn = connection.ops.quote_name
    inquiry_columns, inquiry_holders = _columns(_fields(Inquiry, INQUIRY_SET_IN_SQL))
    audit_columns, audit_holders = _columns(_fields(AuditEvent, AUDIT_SET_IN_SQL))
    width = NUMBER_DIGITS
    number_sql = (
        f"%s::text || CASE WHEN n.last < {10**width} THEN lpad(n.last::text, {width}, '0') "
        "ELSE n.last::text END"
    )
    return (
        f"WITH n AS (UPDATE {qn(InquiryCounter._meta.db_table)} SET last = last + 1"  # noqa: S608
        " WHERE contract_id = %s::bigint RETURNING last),"
        f" i AS (INSERT INTO {qn(Inquiry._meta.db_table)}"
        f" ({inquiry_columns}, {qn('seq')}, {qn('number')})"
        f" SELECT {inquiry_holders}, n.last, {number_sql} FROM n"
        f" RETURNING {qn('id')}, {qn('seq')}, {qn('number')}),"
        f" a AS (INSERT INTO {qn(AuditEvent._meta.db_table)}"
        f" ({audit_columns}, {qn('object_id')}, {qn('object_repr')}, {qn('changes')})"
        f" SELECT {audit_holders}, i.{qn('id')}::text, i.{qn('number')},"
        f" jsonb_set(%s::jsonb, %s::text[], to_jsonb(i.{qn('number')})) FROM i"
        f" RETURNING {qn('id')})"
        f" SELECT i.{qn('id')}, i.{qn('seq')}, i.{qn('number')}, a.{qn('id')} FROM i, a"
    )


def _values(db: BaseDatabaseWrapper, obj: Model, skip: tuple[str, ...]) -> list[Any]:
    """Database-ready values, as the ORM's insert would prepare them."""
    return [f.get_db_prep_save(f.pre_save(obj, add=True), db) for f in _fields(type(obj), skip)]


def _execute_prepared(
    db: BaseDatabaseWrapper, sql: str, params: list[Any]
) -> tuple[Any, ...] | None:
    """Run `sql` as a prepared statement on Django's connection and return its one row.

    Django's cursors bind parameters on the client (the SQL text differs per call, so nothing
    can be prepared); a psycopg server-binding cursor on the same connection and transaction
    lets PostgreSQL parse and plan this statement once per connection. Errors arrive as
    Django's (IntegrityError …) and the statement is logged like any other when queries are."""
    db.ensure_connection()
    raw = psycopg.Cursor(db.connection)
    started = time.monotonic()
    try:
        with db.wrap_database_errors:
            raw.execute(sql, params, prepare=True)
            row = raw.fetchone()
    finally:
        raw.close()
        if db.queries_logged:
            db.queries_log.append({"sql": sql, "time": f"{time.monotonic() - started:.3f}"})
    return row


def supported() -> bool:
    return connection.vendor == "postgresql"


def insert_numbered(
    *, inquiry: Inquiry, prefix: str, audit: AuditEvent, number_path: str = "number"
) -> bool:
    """Insert `inquiry` with the contract's next number, and `audit` (whose object_id,
    object_repr and changes[number_path][1] are filled in from the new row). Sets pk, seq and
    number on both objects and returns True; returns False, writing nothing, when the counter
    row does not exist yet (the caller then takes the ORM path, which creates it)."""
    # The wrapper itself, not the `connection` proxy: ~35 attribute reads below would each
    # look the connection up again.
    db = connections[DEFAULT_DB_ALIAS]
    changes = dict(audit.changes)
    # Fixed up in SQL once the number is known; str(inquiry) is its number.
    changes.setdefault(number_path, [None, None])
    params = [
        inquiry.contract_id,
        *_values(db, inquiry, INQUIRY_SET_IN_SQL),
        f"{prefix}-",
        *_values(db, audit, AUDIT_SET_IN_SQL),
        json.dumps(changes, ensure_ascii=False),
        [number_path, "1"],
    ]
    row = _execute_prepared(db, _statement(), params)
    if row is None:
        return False
    inquiry.pk, inquiry.seq, inquiry.number = row[0], row[1], row[2]
    inquiry._state.adding = False
    inquiry._state.db = db.alias
    changes[number_path] = [changes[number_path][0], inquiry.number]
    audit.pk = row[3]
    audit.object_id, audit.object_repr, audit.changes = str(row[0]), inquiry.number, changes
    audit._state.adding = False
    audit._state.db = db.alias
    return True
