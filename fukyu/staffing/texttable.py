"""Plain-text tables that line up in a terminal with Japanese (full-width) text."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence


def display_width(text: str) -> int:
    """Terminal columns taken by ``text``: wide and full-width characters count two."""
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def _pad(text: str, width: int, right: bool) -> str:
    gap = " " * (width - display_width(text))
    return gap + text if right else text + gap


def render(headers: Sequence[str], rows: Sequence[Sequence[str]], *, right: Sequence[bool]) -> str:
    """A table with a header rule; ``right[i]`` right-aligns column ``i`` (numbers)."""
    widths = [display_width(h) for h in headers]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], display_width(cell))
    lines = ["  ".join(_pad(h, w, r) for h, w, r in zip(headers, widths, right, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines.extend(
        "  ".join(_pad(c, w, r) for c, w, r in zip(row, widths, right, strict=True)) for row in rows
    )
    return "\n".join(line.rstrip() for line in lines)
