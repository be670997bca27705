"""Folding Japanese text for matching: width, case and kana, so ｱﾌﾟﾘ / アプリ / あぷり and
ＰＩＮ / pin compare equal. Used by the municipality type-ahead and the call-center searches."""

from __future__ import annotations

import unicodedata

_KATAKANA_FIRST, _KATAKANA_LAST = ord("ァ"), ord("ヶ")
_KANA_SHIFT = 0x60
_TO_HIRAGANA = {cp: cp - _KANA_SHIFT for cp in range(_KATAKANA_FIRST, _KATAKANA_LAST + 1)}


def fold(text: str) -> str:
    """NFKC (width), lower case, katakana → hiragana."""
    return unicodedata.normalize("NFKC", text).lower().translate(_TO_HIRAGANA)
