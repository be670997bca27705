"""ReportLab's built-in Japanese CID fonts: no font file to ship, embed or license.

Every PDF the system makes sets its text in these two; call `japanese_fonts()` before building one.
"""

from __future__ import annotations

from functools import cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont

GOTHIC = "HeiseiKakuGo-W5"  # headings, tables, charts
MINCHO = "HeiseiMin-W3"  # body text of documents addressed to the prefecture


@cache
def japanese_fonts() -> None:
    """Register both fonts with ReportLab (once per process)."""
    for name in (GOTHIC, MINCHO):
        pdfmetrics.registerFont(UnicodeCIDFont(name))
