"""Japanese text folding and tokens, shared by the FAQ search and the inquiry text search.

Japanese is written without spaces, so words are matched by overlapping character bigrams after
folding width, case and kana: ｱﾌﾟﾘ / アプリ / あぷり become the same tokens, and so do ＰＩＮ / pin.
"""

from __future__ import annotations

import re

from fukyu.core.japanese import fold

# Letters and digits (Unicode categories L* and N*: `\w` without the underscore).
_RUN = re.compile(r"[^\W_]+")


def runs(text: str) -> list[str]:
    """Folded runs of letters and digits; punctuation, symbols and spaces separate them."""
    return _RUN.findall(fold(text))


def run_tokens(run: str) -> list[str]:
    """The bigrams of one run, in order; a one-character run is its own token."""
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def tokens(text: str) -> list[str]:
    """Every token of `text`, in order (duplicates kept, for term frequencies)."""
    out: list[str] = []
    for run in runs(text):
        out.extend(run_tokens(run))
    return out


def search_bigrams(*parts: str) -> str:
    """The stored search column of an inquiry: tokens in order, space-separated. Bigrams of one
    run overlap by a character, so `登録 録方 方法` appears in it (as a substring, or as an FTS
    phrase) exactly when the folded text contains 登録方法; no phrase can span two runs."""
    return " ".join(" ".join(run_tokens(run)) for part in parts for run in runs(part))


def query_phrases(query: str) -> list[list[str]]:
    """A search box's text as phrases of tokens (one per run); every phrase must match."""
    return [run_tokens(run) for run in runs(query)]
