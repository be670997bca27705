"""Import of call detail records: Asterisk cdr-csv (Master.csv) and a generic CSV with a
column mapping. Re-importing a file adds nothing; malformed lines are reported by number."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TextIO

from fukyu.callcenter.models import CallRecord
from fukyu.core.calendar import TOKYO
from fukyu.core.models import Contract
from fukyu.privacy.crypto import blind_index, normalize_phone

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
BATCH = 5000
MAX_ERRORS = 200


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
    return moment.replace(tzinfo=TOKYO) if moment.tzinfo is None else moment


def _seconds(value: str, label: str) -> int:
    text = value.strip() or "0"
    if not text.isdigit():
        raise LineError(f"{label}は0以上の整数で指定してください（{text}）")
    return int(text)


class _Hasher:
    def __init__(self) -> None:
        self.cache: dict[str, str] = {}

    def __call__(self, src: str) -> str:
        digits = normalize_phone(src)
        if not digits:
            return ""
        found = self.cache.get(digits)
        if found is None:
            found = blind_index(digits, purpose="cdr")
            if len(self.cache) < 100_000:
                self.cache[digits] = found
        return found


def _record(contract: Contract, row: dict[str, str], raw: list[str], hasher: _Hasher) -> CallRecord:
    start = _moment(row.get("start", ""), "着信日時（start）", required=True)
    if start is None:
        raise LineError("着信日時（start）がありません")
    answer = _moment(row.get("answer", ""), "応答日時（answer）", required=False)
    end = _moment(row.get("end", ""), "終了日時（end）", required=False)
    disposition = row.get("disposition", "").strip().upper()
    if disposition not in DISPOSITIONS:
        raise LineError(f"結果（disposition）が不明です（{disposition or '空欄'}）")
    if disposition != "ANSWERED" or (answer is not None and answer < start):
        answer = answer if disposition == "ANSWERED" and answer and answer >= start else None
    uniqueid = row.get("uniqueid", "").strip()
    if not uniqueid:
        uniqueid = "sha256:" + hashlib.sha256("\x1f".join(raw).encode()).hexdigest()
    return CallRecord(
        contract=contract,
        uniqueid=uniqueid[:150],
        caller_hash=hasher(row.get("src", "")),
        dst=row.get("dst", "").strip()[:80],
        start=start,
        answer=answer,
        end=end,
        duration=_seconds(row.get("duration", ""), "通話時間（duration）"),
        billsec=_seconds(row.get("billsec", ""), "会話時間（billsec）"),
        disposition=disposition,
    )


def _rows(
    stream: TextIO, fmt: str, mapping: dict[str, str]
) -> Iterator[tuple[int, dict[str, str] | None, list[str], str]]:
    """(line number, fields or None, raw cells, error)."""
    reader = csv.reader(stream)
    if fmt == "asterisk":
        for raw in reader:
            if not raw:
                continue
            if len(raw) < len(ASTERISK_COLUMNS) - 1:
                yield reader.line_num, None, raw, f"列が足りません（{len(raw)}列）"
                continue
            yield reader.line_num, dict(zip(ASTERISK_COLUMNS, raw, strict=False)), raw, ""
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
    for raw in reader:
        if not raw:
            continue
        if len(raw) != len(header):
            yield reader.line_num, None, raw, f"列の数が見出しと違います（{len(raw)}列）"
            continue
        row = {f: raw[index[c]] for f, c in columns.items() if c in index}
        yield reader.line_num, row, raw, ""


def calls_import(
    *, contract: Contract, stream: TextIO, fmt: str, mapping: dict[str, str] | None = None
) -> ImportResult:
    """Import call records in batches; existing ones (same uniqueid or row hash) are skipped."""
    result = ImportResult()
    before = CallRecord.objects.filter(contract=contract).count()
    hasher = _Hasher()
    batch: list[CallRecord] = []
    for line, row, raw, error in _rows(stream, fmt, mapping or {}):
        result.read += 1
        if row is not None:
            try:
                batch.append(_record(contract, row, raw, hasher))
            except LineError as exc:
                error = str(exc)
        if error:
            result.error_count += 1
            if len(result.errors) < MAX_ERRORS:
                result.errors.append(f"{line}行目: {error}")
        if len(batch) >= BATCH:
            _flush(batch)
    _flush(batch)
    result.added = CallRecord.objects.filter(contract=contract).count() - before
    return result


def _flush(batch: list[CallRecord]) -> None:
    if batch:
        CallRecord.objects.bulk_create(batch, batch_size=BATCH, ignore_conflicts=True)
        batch.clear()
