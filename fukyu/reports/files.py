"""Reproducible office files: the same data and the same date give the same bytes.

- `Dataset` is a titled table that becomes CSV (UTF-8 with BOM) and an XLSX sheet.
- `xlsx_bytes` writes workbooks with fixed created/modified properties and ZIP timestamps.
- `fixed_ooxml` rewrites any DOCX/XLSX so its ZIP timestamps and core dates are `as_of`.
- `invariant_pdf` makes ReportLab omit the creation time and random document ID.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from reportlab import rl_config

from fukyu.core.exports import DeliverableFile, csv_bytes

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass
class Dataset:
    name: str  # file and sheet name (Japanese)
    description: str
    header: list[str]
    rows: list[list[Any]] = field(default_factory=list)


def _stamp(as_of: dt.date) -> dt.datetime:
    # openpyxl writes naive datetimes as UTC ("...Z"); a fixed value keeps the bytes stable.
    return dt.datetime(as_of.year, as_of.month, as_of.day)  # noqa: DTZ001


def fixed_ooxml(data: bytes, as_of: dt.date) -> bytes:
    """Rewrite a ZIP-based office file with fixed timestamps, entries in their original order,
    and the docProps/core.xml created/modified dates set to `as_of`."""
    when = f"{as_of:%Y-%m-%d}T00:00:00Z"
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = content.decode("utf-8")
                text = re.sub(
                    r"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)",
                    lambda m: f"{m.group(1)}{when}{m.group(3)}",
                    text,
                )
                content = text.encode("utf-8")
            fixed = zipfile.ZipInfo(
                info.filename, date_time=(as_of.year, as_of.month, as_of.day, 0, 0, 0)
            )
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            fixed.create_system = 3
            dst.writestr(fixed, content, compresslevel=9)
    return out.getvalue()


def add_sheet(wb: Workbook, ds: Dataset, *, first: bool = False) -> Any:
    ws: Any = wb.active if first else wb.create_sheet()
    ws.title = ds.name[:31]
    ws.append(ds.header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    for row in ds.rows:
        ws.append(row)
    for i, title in enumerate(ds.header, start=1):
        width = max([len(str(title))] + [len(str(r[i - 1])) for r in ds.rows[:200]]) + 4
        ws.column_dimensions[get_column_letter(i)].width = min(max(width * 1.6, 8), 60)
    ws.freeze_panes = "A2"
    return ws


def xlsx_bytes(
    datasets: Sequence[Dataset],
    as_of: dt.date,
    *,
    extra: Callable[[Workbook, list[Any]], None] | None = None,
    title: str = "",
) -> bytes:
    wb = Workbook()
    sheets = [add_sheet(wb, ds, first=i == 0) for i, ds in enumerate(datasets)]
    if extra is not None:
        extra(wb, sheets)
    wb.properties.created = _stamp(as_of)
    wb.properties.modified = _stamp(as_of)
    wb.properties.creator = "fukyu"
    wb.properties.lastModifiedBy = "fukyu"
    wb.properties.title = title or (datasets[0].name if datasets else "")
    buffer = io.BytesIO()
    wb.save(buffer)
    return fixed_ooxml(buffer.getvalue(), as_of)


def dataset_files(folder: str, ds: Dataset, as_of: dt.date) -> Iterator[DeliverableFile]:
    """A dataset as both CSV (UTF-8 with BOM) and XLSX."""
    yield DeliverableFile(f"{folder}/{ds.name}.csv", csv_bytes(ds.header, ds.rows), ds.description)
    yield DeliverableFile(
        f"{folder}/{ds.name}.xlsx", xlsx_bytes([ds], as_of), f"{ds.description}（Excel）"
    )


@contextmanager
def invariant_pdf() -> Iterator[None]:
    """ReportLab documents made inside this block carry no creation time or random ID."""
    previous = rl_config.invariant
    rl_config.invariant = 1
    try:
        yield
    finally:
        rl_config.invariant = previous
