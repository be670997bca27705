"""Looking for plaintext personal values anywhere in the database: every text column of every
table and, on SQLite, the raw bytes of the database file and its write-ahead log."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import connection

from fukyu.privacy.crypto import normalize_phone

MIN_LENGTH = 3  # shorter values match ordinary words; they are left out of the comparison
_TEXT_TYPES_PG = ("text", "character varying", "character", "json", "jsonb")
_CHUNK = 2000


def value_forms(values: Iterable[str]) -> set[str]:
    """The forms a value can take in a column: as typed, digits only (phone numbers), and as
    JSON escapes (SQLite stores JSON with \\uXXXX escapes)."""
    forms: set[str] = set()
    for raw in values:
        value = raw.strip()
        if len(value) < MIN_LENGTH:
            continue
        forms.add(value)
        digits = normalize_phone(value)
        if len(digits) >= 7 and len(digits) >= len(value) - 4:
            forms.add(digits)
        escaped = json.dumps(value)[1:-1]
        if escaped != value:
            forms.add(escaped)
    return forms


def trie_pattern(words: Iterable[str]) -> str:
    """One regular expression matching any of `words`, shaped as a trie so that the engine
    does not try every word at every position."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        ends = "" in node
        alternatives = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not alternatives:
            return ""
        body = alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"
        return f"(?:{body})?" if ends else body

    return build(trie)


def text_matcher(values: Iterable[str]) -> re.Pattern[str] | None:
    words = value_forms(values)
    return re.compile(trie_pattern(words)) if words else None


def bytes_matcher(values: Iterable[str]) -> re.Pattern[bytes] | None:
    words = {w.encode().decode("latin-1") for w in value_forms(values)}
    if not words:
        return None
    return re.compile(trie_pattern(words).encode("latin-1"), re.DOTALL)


@dataclass
class ScanReport:
    columns: int = 0
    values: int = 0
    hits: dict[str, int] = field(default_factory=dict)  # "table.column" -> rows
    raw_file_scanned: bool = False
    raw_hits: dict[str, int] = field(default_factory=dict)  # file name -> occurrences

    @property
    def clean(self) -> bool:
        return not self.hits and not self.raw_hits


def text_columns() -> dict[str, list[str]]:
    """Every text-like column of every table, from the database itself (not the models)."""
    found: dict[str, list[str]] = {}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT table_name, column_name FROM information_schema.columns "
                "WHERE table_schema = current_schema() AND data_type = ANY(%s) "
                "ORDER BY table_name, ordinal_position",
                [list(_TEXT_TYPES_PG)],
            )
            for table, column in cursor.fetchall():
                found.setdefault(table, []).append(column)
            return found
        for table in connection.introspection.table_names(cursor):
            for col in connection.introspection.get_table_description(cursor, table):
                kind = (col.type_code or "").lower() if isinstance(col.type_code, str) else ""
                if not kind or any(t in kind for t in ("char", "text", "clob", "json")):
                    found.setdefault(table, []).append(col.name)
    return found


def scan_columns(values: Iterable[str], report: ScanReport | None = None) -> ScanReport:
    report = report or ScanReport()
    words = value_forms(values)
    report.values = len(words)
    matcher = re.compile(trie_pattern(words)) if words else None
    qn = connection.ops.quote_name
    cast = "CAST({} AS TEXT)" if connection.vendor == "postgresql" else "{}"
    for table, columns in text_columns().items():
        report.columns += len(columns)
        if matcher is None:
            continue
        select = ", ".join(cast.format(qn(c)) for c in columns)
        with connection.cursor() as cursor:
            sql = f"SELECT {select} FROM {qn(table)}"  # noqa: S608  # nosec B608 (quoted names)
            cursor.execute(sql)
            while rows := cursor.fetchmany(_CHUNK):
                for row in rows:
                    for column, cell in zip(columns, row, strict=True):
                        if isinstance(cell, str) and matcher.search(cell):
                            key = f"{table}.{column}"
                            report.hits[key] = report.hits.get(key, 0) + 1
    return report


def sqlite_files() -> list[Path]:
    if connection.vendor != "sqlite":
        return []
    name = str(connection.settings_dict["NAME"])
    if name == ":memory:" or name.startswith("file:"):
        return []
    main = Path(name)
    return [p for p in (main, Path(f"{name}-wal"), Path(f"{name}-journal")) if p.exists()]


def scan_raw_files(values: Iterable[str], report: ScanReport) -> ScanReport:
    files = sqlite_files()
    if not files:
        return report
    report.raw_file_scanned = True
    matcher = bytes_matcher(values)
    if matcher is None:
        return report
    for path in files:
        hits = sum(1 for _ in matcher.finditer(path.read_bytes()))
        if hits:
            report.raw_hits[path.name] = hits
    return report


def compact_database(tables: Iterable[str]) -> bool:
    """Overwrite freed space so deleted values do not linger: VACUUM (and an emptied WAL) on
    SQLite, where secure_delete is also on; VACUUM FULL of the touched tables on PostgreSQL.
    Needs autocommit (not inside a transaction); answers whether it ran."""
    if connection.in_atomic_block:
        return False
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA secure_delete=ON")
            cursor.execute("VACUUM")
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        elif connection.vendor == "postgresql":
            names = ", ".join(connection.ops.quote_name(t) for t in sorted(set(tables)))
            if names:
                cursor.execute(f"VACUUM FULL {names}")
        else:
            return False
    return True
