"""Folding Japanese text for matching: width, case and kana, so ｱﾌﾟﾘ / アプリ / あぷり and
ＰＩＮ / pin compare equal. Used by the municipality type-ahead and the call-center searches."""

from __future__ import annotations

import unicodedata

_KATAKANA_FIRST, _KATAKANA_LAST = ord("ァ"), ord("ヶ")
_KANA_SHIFT = 0x60


def fold(text: str) -> str:
    """NFKC (width), lower case, katakana → hiragana."""
    text = unicodedata.normalize("NFKC", text).lower()
    return "".join(
        chr(ord(c) - _KANA_SHIFT) if _KATAKANA_FIRST <= ord(c) <= _KATAKANA_LAST else c
        for c in text
    )
