"""Reading a built site back: pages, their links and the files they load."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit


class LinkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.loads: list[str] = []
        self.ids: set[str] = set()
        self.meta: dict[str, str] = {}
        self.imgs_without_alt = 0
        self.inline_scripts = 0
        self.style_attrs = 0
        self.title = ""
        self._in_title = False
        self.lang = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.ids.add(a["id"])
        if "style" in a:
            self.style_attrs += 1
        if tag == "html":
            self.lang = a.get("lang", "")
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        if tag == "link" and a.get("rel") in ("stylesheet", "icon"):
            self.loads.append(a["href"])
        if tag == "link" and a.get("rel") == "alternate":
            self.links.append(a["href"])
        if tag == "script":
            if a.get("src"):
                self.loads.append(a["src"])
            else:
                self.inline_scripts += 1
        if tag == "img":
            self.loads.append(a.get("src", ""))
            if "alt" not in a:
                self.imgs_without_alt += 1
        if tag == "meta":
            key = a.get("property") or a.get("name")
            if key:
                self.meta[key] = a.get("content", "")
        if tag == "title":
            self._in_title = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


def parse(path: Path) -> LinkParser:
    parser = LinkParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def html_pages(root: Path) -> list[Path]:
    return sorted(root.rglob("*.html"))


def page_url(root: Path, file: Path) -> str:
    rel = file.relative_to(root).as_posix()
    if rel.endswith("index.html"):
        return "/" + rel[: -len("index.html")]
    return "/" + rel


def file_for(root: Path, url: str) -> Path | None:
    """The built file an internal URL resolves to (as the static server does), or None."""
    path = urlsplit(url).path
    target = root / path.lstrip("/")
    if path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None
