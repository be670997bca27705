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

import json
import time
from typing import Any, cast

import psycopg
from django.db import connection
from django.db.models import Field, Model

from fukyu.audit.models import AuditEvent
from fukyu.callcenter.models import Inquiry, InquiryCounter

NUMBER_DIGITS = 6


def _columns(obj: Model, skip: tuple[str, ...]) -> tuple[list[str], list[str], list[Any]]:
    """Quoted columns, placeholders and database-ready values of `obj`'s concrete fields but
    the primary key and `skip`, as the ORM's insert would prepare them. Placeholders carry the
    column's type (the statement is prepared once, with parameters of any value, NULL too),
    except varchar(n), whose explicit cast would truncate instead of refusing."""
    qn = connection.ops.quote_name
    fields: list[Field[Any, Any]] = [
        f for f in obj._meta.concrete_fields if not f.primary_key and f.attname not in skip
    ]
    columns = [qn(cast(str, f.column)) for f in fields]  # concrete fields have one
    holders = []
    for f in fields:
        kind = f.db_type(connection) or ""
        holders.append("%s" if kind.startswith("varchar") else f"%s::{kind}")
    values = [f.get_db_prep_save(f.pre_save(obj, add=True), connection) for f in fields]
    return columns, holders, values


def _execute_prepared(sql: str, params: list[Any]) -> tuple[Any, ...] | None:
    """Run `sql` as a prepared statement on Django's connection and return its one row.

    Django's cursors bind parameters on the client (the SQL text differs per call, so nothing
    can be prepared); a psycopg server-binding cursor on the same connection and transaction
    lets PostgreSQL parse and plan this statement once per connection. Errors arrive as
    Django's (IntegrityError …) and the statement is logged like any other when queries are."""
    with connection.cursor():  # connects if needed, as Django does
        raw = psycopg.Cursor(connection.connection)
    started = time.monotonic()
    try:
        with connection.wrap_database_errors:
            raw.execute(sql, params, prepare=True)
            row = raw.fetchone()
    finally:
        raw.close()
        if connection.queries_logged:
            connection.queries_log.append({"sql": sql, "time": f"{time.monotonic() - started:.3f}"})
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
    qn = connection.ops.quote_name
    inquiry_columns, inquiry_holders, inquiry_values = _columns(inquiry, ("seq", "number"))
    audit_columns, audit_holders, audit_values = _columns(
        audit, ("object_id", "object_repr", "changes")
    )
    changes = dict(audit.changes)
    # Fixed up in SQL once the number is known; str(inquiry) is its number.
    changes.setdefault(number_path, [None, None])
    width = NUMBER_DIGITS
    number_sql = (
        f"%s::text || CASE WHEN n.last < {10**width} THEN lpad(n.last::text, {width}, '0') "
        "ELSE n.last::text END"
    )
    select_values = ", ".join(inquiry_holders)
    audit_select = ", ".join(audit_holders)
    sql = (
        f"WITH n AS (UPDATE {qn(InquiryCounter._meta.db_table)} SET last = last + 1"  # noqa: S608
        " WHERE contract_id = %s::bigint RETURNING last),"
        f" i AS (INSERT INTO {qn(Inquiry._meta.db_table)}"
        f" ({', '.join(inquiry_columns)}, {qn('seq')}, {qn('number')})"
        f" SELECT {select_values}, n.last, {number_sql} FROM n"
        f" RETURNING {qn('id')}, {qn('seq')}, {qn('number')}),"
        f" a AS (INSERT INTO {qn(AuditEvent._meta.db_table)}"
        f" ({', '.join(audit_columns)}, {qn('object_id')}, {qn('object_repr')}, {qn('changes')})"
        f" SELECT {audit_select}, i.{qn('id')}::text, i.{qn('number')},"
        f" jsonb_set(%s::jsonb, %s::text[], to_jsonb(i.{qn('number')})) FROM i"
        f" RETURNING {qn('id')})"
        f" SELECT i.{qn('id')}, i.{qn('seq')}, i.{qn('number')}, a.{qn('id')} FROM i, a"
    )
    params = [
        inquiry.contract_id,
        *inquiry_values,
        f"{prefix}-",
        *audit_values,
        json.dumps(changes, ensure_ascii=False),
        [number_path, "1"],
    ]
    row = _execute_prepared(sql, params)
    if row is None:
        return False
    inquiry.pk, inquiry.seq, inquiry.number = row[0], row[1], row[2]
    inquiry._state.adding = False
    inquiry._state.db = connection.alias
    changes[number_path] = [changes[number_path][0], inquiry.number]
    audit.pk = row[3]
    audit.object_id, audit.object_repr, audit.changes = str(row[0]), inquiry.number, changes
    audit._state.adding = False
    audit._state.db = connection.alias
    return True
