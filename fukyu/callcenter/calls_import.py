"""Import of call detail records: Asterisk cdr-csv (Master.csv) and a generic CSV with a
column mapping. Re-importing a file adds nothing; malformed lines are reported by number. The
caller's number is stored only as a keyed hash (blind_index, purpose "cdr")."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import hmac
import operator
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TextIO

from django.db import transaction

from fukyu.callcenter.calls_store import Parsed, store_records
from fukyu.core.models import Contract
from fukyu.privacy.crypto import keyring, normalize_phone

# The order Asterisk documents for cdr-csv's Master.csv.
ASTERISK_COLUMNS = (
    "accountcode",
    "src",
    "dst",
    "dcontext",
    "clid",
    "channel",
    "dstchannel",
    "lastapp",
    "lastdata",
    "start",
    "answer",
    "end",
    "duration",
    "billsec",
    "disposition",
    "amaflags",
    "uniqueid",
    "userfield",
)
FIELDS = ("uniqueid", "src", "dst", "start", "answer", "end", "duration", "billsec", "disposition")
REQUIRED = ("start", "disposition")
DISPOSITIONS = {"ANSWERED", "NO ANSWER", "BUSY", "FAILED", "CONGESTION"}
MAX_ERRORS = 200
PURPOSE = "cdr"
# Times without an offset are Japan time. Japan has kept UTC+9 without daylight saving since
# 1951, so a fixed offset equals Asia/Tokyo here and is several times cheaper per line.
JST = dt.timezone(dt.timedelta(hours=9))
MAX_SECONDS = 2_147_483_647  # the columns are 32-bit integers


@dataclass
class ImportResult:
    read: int = 0
    added: int = 0
    errors: list[str] = field(default_factory=list)
    error_count: int = 0


class LineError(ValueError):
    pass


def parse_mapping(text: str) -> dict[str, str]:
    """ "col=field,col2=field2" → {field: column}."""
    mapping: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        column, sep, name = part.partition("=")
        if not sep or name.strip() not in FIELDS:
            raise ValueError(
                f"対応付けが正しくありません（{part}）。使える項目: {', '.join(FIELDS)}"
            )
        mapping[name.strip()] = column.strip()
    return mapping


def _moment(value: str, label: str, *, required: bool) -> dt.datetime | None:
    text = value.strip()
    if not text:
        if required:
            raise LineError(f"{label}がありません")
        return None
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise LineError(f"{label}が読み取れません（{text}）") from None
    if moment.tzinfo is not None:
        return moment
    if len(text) > len("YYYY-MM-DD"):  # a time is given: parsing again with the offset is
        try:  # several times cheaper than datetime.replace(tzinfo=...)
            again = dt.datetime.fromisoformat(text + "+09:00")
        except ValueError:
            again = None
        if again is not None and again.tzinfo is not None:
            return again
    return moment.replace(tzinfo=JST)


def _seconds(value: str, label: str) -> int:
    text = value.strip() or "0"
    if not (text.isascii() and text.isdigit()) or int(text) > MAX_SECONDS:
        raise LineError(f"{label}は0以上の整数で指定してください（{text}）")
    return int(text)


class CallerHasher:
    """The caller number's keyed hash: blind_index(digits, purpose="cdr") (HMAC-SHA256), with
    the key read once per import, OpenSSL's one-shot HMAC, and each raw number hashed once."""

    def __init__(self) -> None:
        self.key = keyring().hmac_key
        self.cache: dict[str, str] = {}

    def __call__(self, src: str) -> str:
        found = self.cache.get(src)
        if found is None:
            digits = normalize_phone(src)
            message = f"{PURPOSE}\x00{digits}".encode()  # the message blind_index signs
            found = hmac.digest(self.key, message, "sha256").hex() if digits else ""
            if len(self.cache) < 200_000:
                self.cache[src] = found
        return found


def _parse(fields: tuple[str, ...], raw: list[str], hasher: CallerHasher) -> Parsed:
    """One line's cells, in the order of FIELDS, checked and converted."""
    uniqueid, src, dst, start_text, answer_text, end_text, duration, billsec, result = fields
    start = _moment(start_text, "着信日時（start）", required=True)
    if start is None:
        raise LineError("着信日時（start）がありません")
    answer = _moment(answer_text, "応答日時（answer）", required=False)
    end = _moment(end_text, "終了日時（end）", required=False)
    disposition = result.strip().upper()
    if disposition not in DISPOSITIONS:
        raise LineError(f"結果（disposition）が不明です（{disposition or '空欄'}）")
    if disposition != "ANSWERED" or (answer is not None and answer < start):
        answer = None
    uniqueid = _clean(uniqueid)
    if not uniqueid:
        uniqueid = "sha256:" + hashlib.sha256("\x1f".join(raw).encode()).hexdigest()
    return (
        uniqueid[:150],
        hasher(src),
        _clean(dst)[:80],
        start,
        answer,
        end,
        _seconds(duration, "通話時間（duration）"),
        _seconds(billsec, "会話時間（billsec）"),
        disposition,
    )


def _clean(value: str) -> str:
    """Trimmed, without NUL characters (which no database text column accepts)."""
    return value.strip().replace("\x00", "")


ASTERISK_PICK = operator.itemgetter(*(ASTERISK_COLUMNS.index(f) for f in FIELDS))


def _rows(
    stream: TextIO, fmt: str, mapping: dict[str, str]
) -> Iterator[tuple[int, tuple[str, ...] | None, list[str], str]]:
    """(line number, the cells of FIELDS or None, raw cells, error)."""
    reader = csv.reader(stream)
    if fmt == "asterisk":
        shortest = max(ASTERISK_COLUMNS.index(f) for f in FIELDS) + 1
        for raw in reader:
            if not raw:
                continue
            if len(raw) < shortest:
                yield reader.line_num, None, raw, f"列が足りません（{len(raw)}列）"
                continue
            yield reader.line_num, ASTERISK_PICK(raw), raw, ""
        return
    header = next(reader, None)
    if header is None:
        return
    index = {name.strip(): i for i, name in enumerate(header)}
    columns = {f: mapping.get(f, f) for f in FIELDS}
    missing = [f"{columns[f]}（{f}）" for f in REQUIRED if columns[f] not in index]
    if missing:
        yield 1, None, header, "見出し行に必要な列がありません：" + "、".join(missing)
        return
    picks = [index.get(columns[f], -1) for f in FIELDS]
    for raw in reader:
        if not raw:
            continue
        if len(raw) != len(header):
            yield reader.line_num, None, raw, f"列の数が見出しと違います（{len(raw)}列）"
            continue
        yield reader.line_num, tuple(raw[i] if i >= 0 else "" for i in picks), raw, ""


def _parsed(
    stream: TextIO, fmt: str, mapping: dict[str, str], result: ImportResult
) -> Iterator[Parsed]:
    """The file's good lines; bad ones are counted and reported (the first MAX_ERRORS)."""
    hasher = CallerHasher()
    for line, row, raw, error in _rows(stream, fmt, mapping):
        result.read += 1
        if row is not None:
            try:
                yield _parse(row, raw, hasher)
                continue
            except LineError as exc:
                error = str(exc)
        result.error_count += 1
        if len(result.errors) < MAX_ERRORS:
            result.errors.append(f"{line}行目: {error}")


def calls_import(
    *, contract: Contract, stream: TextIO, fmt: str, mapping: dict[str, str] | None = None
) -> ImportResult:
    """Import call records in one transaction; existing ones (same uniqueid, or the same row
    hash when the file has no uniqueid) are skipped. PostgreSQL: COPY into a temporary table,
    then one INSERT … ON CONFLICT DO NOTHING. Elsewhere: INSERTs in batches (executemany)."""
    result = ImportResult()
    rows = _parsed(stream, fmt, mapping or {}, result)
    with transaction.atomic():
        result.added = store_records(contract=contract, rows=rows)
    return result
