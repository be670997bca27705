"""Charts of the performance report as PNG images (Pillow), for the DOCX.

ReportLab draws the PDF's charts with its built-in CID fonts, which have no glyph outlines, so a
raster image needs a real Japanese font file: the system's (Debian's fonts-noto-cjk, which
`make chromium` installs; a server that makes reports needs it too), or the file named by the
FUKYU_CHART_FONT setting. Without one, `chart_png` returns None and the DOCX says the chart is
in the PDF.

The same table gives the same bytes (no timestamps or metadata in the PNG).
"""

from __future__ import annotations

import functools
import io
import math
from pathlib import Path
from typing import Any

from django.conf import settings
from PIL import Image, ImageDraw, ImageFont

from fukyu.reports.perf_model import Chart, Table

# Where Japanese fonts live on the systems we run on (first found wins).
FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJKjp-Regular.otf",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf",
    "/usr/share/fonts/truetype/fonts-japanese-gothic.ttf",
    "/usr/share/fonts/truetype/takao-gothic/TakaoPGothic.ttf",
    "/System/Library/Fonts/ヒラギノ角ゴシック W3.ttc",
    "C:/Windows/Fonts/meiryo.ttc",
    "C:/Windows/Fonts/msgothic.ttc",
)
PALETTE = ["#0B5CAD", "#E07B00", "#2E8B57", "#8E44AD"]
TOTAL = "合計"
WIDTH, HEIGHT = 1600, 720  # pixels; placed 174 mm wide in the DOCX (about 230 dpi)
INK, GRID, AXIS = "#222222", "#D9D9D9", "#555555"


def _ttc_index(path: str) -> int:
    """The Japanese face of a font collection (Noto's JP face is not always first)."""
    if not path.lower().endswith(".ttc"):
        return 0
    for index in range(8):
        try:
            family = ImageFont.truetype(path, 12, index=index).getname()[0] or ""
        except OSError:
            break
        if "JP" in family or "Japan" in family:
            return index
    return 0


@functools.cache
def _font_file(configured: str) -> tuple[str, int] | None:
    for path in (configured, *FONT_CANDIDATES) if configured else FONT_CANDIDATES:
        if path and Path(path).is_file():
            return path, _ttc_index(path)
    return None


def japanese_font() -> tuple[str, int] | None:
    """(path, face index) of a Japanese font, or None when the machine has none."""
    return _font_file(str(getattr(settings, "FUKYU_CHART_FONT", "") or ""))


@functools.cache
def _font(path: str, index: int, size: int) -> Any:
    # Japanese needs no shaping: the basic layout is several times faster than raqm.
    return ImageFont.truetype(path, size, index=index, layout_engine=ImageFont.Layout.BASIC)


def _rows(table: Table) -> list[list[Any]]:
    return [r for r in table.ds.rows if r and r[0] != TOTAL]


def _number(value: Any) -> float:
    if isinstance(value, bool):
        return 0.0
    return float(value) if isinstance(value, int | float) else 0.0


def nice_ticks(top: float, count: int = 5) -> list[float]:
    """0, step, 2·step … up to at least `top`, with a step of 1, 2, 2.5 or 5 × 10ⁿ."""
    if top <= 0:
        return [0.0, 1.0]
    raw = top / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    if magnitude >= 1 and step < 1:
        step = 1
    n = math.ceil(top / step - 1e-9)
    return [i * step for i in range(n + 1)]


def _label(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"


def _text_width(draw: ImageDraw.ImageDraw, text: str, font: Any) -> float:
    return float(draw.textlength(text, font=font))


def _fit(draw: ImageDraw.ImageDraw, text: str, font: Any, width: float) -> str:
    if _text_width(draw, text, font) <= width:
        return text
    lo, hi = 0, len(text)  # the longest prefix that fits with the ellipsis, by bisection
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if _text_width(draw, text[:mid] + "…", font) <= width:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo] + "…"


def _rotated(text: str, font: Any, fill: str) -> Image.Image:
    """The text on a transparent tile turned 35°, for crowded category labels."""
    left, top, right, bottom = font.getbbox(text)
    tile = Image.new("RGBA", (int(right - left) + 4, int(bottom - top) + 4), (255, 255, 255, 0))
    ImageDraw.Draw(tile).text((2 - left, 2 - top), text, font=font, fill=fill)
    return tile.rotate(35, expand=True, resample=Image.Resampling.BICUBIC)


def chart_png(table: Table, chart: Chart) -> bytes | None:
    """The chart of `table` as PNG bytes, or None without a Japanese font."""
    found = japanese_font()
    if found is None:
        return None
    path, index = found
    title_font, font, small = _font(path, index, 34), _font(path, index, 24), _font(path, index, 22)
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    draw.text((24, 16), chart.title, font=title_font, fill=INK)
    rows = _rows(table)
    series = [[_number(r[c]) for r in rows] for c in chart.value_cols]
    names = [table.ds.header[c] for c in chart.value_cols]
    legend_width = 0
    if len(series) > 1:
        legend_width = int(max(_text_width(draw, n, small) for n in names)) + 70
    left, right, top = 130, WIDTH - 40 - legend_width, 90
    labels = [str(r[0]) for r in rows]
    slot = (right - left) / max(len(rows), 1)
    widest = max((_text_width(draw, s, small) for s in labels), default=0)
    crowded = widest > slot - 8
    bottom = HEIGHT - (200 if crowded else 60)
    if not rows:
        draw.text((WIDTH / 2, HEIGHT / 2), "データがありません", font=font, fill=AXIS, anchor="mm")
        return _png(image)
    ticks = nice_ticks(max((max(s) for s in series if s), default=0.0))
    scale = (bottom - top) / ticks[-1]
    for tick in ticks:
        y = bottom - tick * scale
        draw.line([(left, y), (right, y)], fill=GRID if tick else AXIS, width=2)
        draw.text((left - 12, y), _label(tick), font=small, fill=AXIS, anchor="rm")
    draw.line([(left, top), (left, bottom)], fill=AXIS, width=2)
    if chart.kind == "line":
        for i, values in enumerate(series):
            color = PALETTE[i % len(PALETTE)]
            points = [(left + slot * (j + 0.5), bottom - v * scale) for j, v in enumerate(values)]
            if len(points) > 1:
                draw.line(points, fill=color, width=5, joint="curve")
            for x, y in points:
                draw.ellipse([(x - 7, y - 7), (x + 7, y + 7)], fill=color)
    else:
        group = slot * 0.75
        bar = group / len(series)
        for i, values in enumerate(series):
            color = PALETTE[i % len(PALETTE)]
            for j, v in enumerate(values):
                x0 = left + slot * j + (slot - group) / 2 + bar * i
                if v > 0:
                    # At least 2 px, so a small non-zero value stays visible.
                    y0 = min(bottom - v * scale, bottom - 3)
                    draw.rectangle([(x0, y0), (x0 + max(bar - 2, 1), bottom - 1)], fill=color)
    for j, text in enumerate(labels):
        centre = left + slot * (j + 0.5)
        if crowded:
            tile = _rotated(_fit(draw, text, small, 220), small, INK)
            image.paste(tile, (max(int(centre - tile.width + 12), 0), int(bottom + 6)), tile)
        else:
            draw.text((centre, bottom + 12), text, font=small, fill=INK, anchor="ma")
    if len(series) > 1:
        x = right + 30
        for i, name in enumerate(names):
            y = top + i * 40
            draw.rectangle([(x, y), (x + 26, y + 26)], fill=PALETTE[i % len(PALETTE)])
            draw.text((x + 36, y + 13), name, font=small, fill=INK, anchor="lm")
    return _png(image)


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    # A chart has few colours: a 128-colour palette keeps the DOCX small and encodes faster.
    image.quantize(colors=128, method=Image.Quantize.FASTOCTREE).save(buffer, format="PNG")
    return buffer.getvalue()
