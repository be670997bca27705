"""Shared shapes for files the system hands over: deliverable files and Excel-friendly CSV.

Apps contribute to the deliverables package with a `deliverables.py` module that defines
`files(*, contract, as_of) -> Iterable[DeliverableFile]` (see fukyu/reports/deliverables.py).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class DeliverableFile:
    path: str  # inside the package, "/"-separated, e.g. "03_報告書/実績報告書.pdf"
    data: bytes
    description: str  # Japanese, for MANIFEST.csv


def csv_bytes(header: list[str], rows: Iterable[Iterable[object]]) -> bytes:
    """CSV as the prefecture's Excel opens it: UTF-8 with BOM, CRLF line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(["" if v is None else v for v in row] for row in rows)
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")
