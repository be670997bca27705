"""Page text: safe Markdown rendering, and the sample texts used until staff publish their own."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

CONTENT_DIR = Path(__file__).resolve().parent / "content"
SAMPLE_NOTICE = (
    "この文面はサンプルです。広報担当が管理画面で編集・公開すると、この表示は消えて置き換わります。"
)
_H1 = re.compile(r"^ {0,3}#(?!#)\s", re.MULTILINE)


@cache
def _markdown() -> MarkdownIt:
    # Raw HTML is escaped, never passed through: editors cannot inject markup or scripts.
    return MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")


def _levels(tokens: list[Token]) -> None:
    """Headings start at h2 (the page title is the h1) and never skip a level."""
    previous = 1
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            level = int(token.tag[1])
            if token.type == "heading_open":
                level = max(2, min(level, previous + 1))
                previous = level
            else:
                level = previous
            token.tag = f"h{level}"


def _images_to_text(tokens: list[Token]) -> None:
    """Images are not supported (nothing to upload them to): show their alternative text."""
    for token in tokens:
        children = token.children
        if not children:
            continue
        for i, child in enumerate(children):
            if child.type == "image":
                text = Token("text", "", 0)
                text.content = child.content or "".join(c.content for c in child.children or [])
                children[i] = text


@lru_cache(maxsize=1024)
def render_markdown(text: str) -> str:
    """Safe HTML for a page body (cached: a rebuild re-renders only changed texts)."""
    md = _markdown()
    tokens = md.parse(text)
    _levels(tokens)
    _images_to_text(tokens)
    for token in tokens:
        if token.type == "inline":
            for child in token.children or []:
                href = str(child.attrGet("href") or "")
                if child.type == "link_open" and href.startswith(("http://", "https://")):
                    child.attrSet("rel", "noopener")
    return str(md.renderer.render(tokens, md.options, {}))


def body_problems(text: str) -> list[str]:
    """What an editor should fix before saving (shown as form errors)."""
    problems = []
    if _H1.search(text):
        problems.append(
            "本文の見出しは「## 」から始めてください（「# 」はページのタイトルに使われます）"
        )
    if re.search(r"<\s*(script|iframe|style)\b", text, re.IGNORECASE):
        problems.append("HTMLのタグは使えません（文字としてそのまま表示されます）")
    return problems


@dataclass(frozen=True)
class DefaultText:
    title: str
    summary: str
    body: str


def _parse(raw: str) -> DefaultText:
    head, _, body = raw.partition("\n\n")
    fields = dict(line.split(": ", 1) for line in head.splitlines())
    return DefaultText(title=fields["title"], summary=fields["summary"], body=body.strip() + "\n")


@cache
def default_text(key: str) -> DefaultText | None:
    """The shipped sample text for a page key (top, howto, disaster, app-<code>), if any."""
    path = CONTENT_DIR / f"{key}.md"
    if not path.is_file():
        return None
    return _parse(path.read_text(encoding="utf-8"))


def mini_app_default(*, code: str, name: str, description: str) -> DefaultText:
    """A mini-app's sample text: the shipped one for known mini-apps, else one made from its
    description (a mini-app added mid-year gets a page at once)."""
    found = default_text(f"app-{code}")
    if found is not None:
        return found
    summary = description[:150] or f"ミニアプリ「{name}」の紹介です。"
    body = (
        f"## {name}でできること\n\n{description or '（説明を準備中です）'}\n\n"
        "## 使い始めるには\n\n"
        "アプリに利用者登録をしたあと、ミニアプリの一覧から選び、利用規約に同意すると使えます。\n"
    )
    return DefaultText(title=name, summary=summary, body=body)
