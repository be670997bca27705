"""Render the public site to static files (HTML, CSS, feeds) that any web server can serve.

The build writes into a fresh folder beside the target and swaps it in at the end, so a server
never sees a half-written site. Pages are rendered with Django templates without a request: no
back-office view, context processor or user is involved.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string

from fukyu.website import feeds
from fukyu.website.content import SAMPLE_NOTICE
from fukyu.website.sitedata import APP_DIR, SiteData, SitePage

STATIC = APP_DIR / "static" / "website"
NAV = (
    ("/", "top", "トップ"),
    ("/apps/", "apps", "ミニアプリ"),
    ("/howto/", "howto", "インストールと登録"),
    ("/disaster/", "disaster", "災害時の使い方"),
    ("/events/", "events", "イベント日程"),
    ("/faq/", "faq", "よくある質問"),
    ("/news/", "news", "お知らせ"),
    ("/contact/", "contact", "お問い合わせ"),
)
_WEEKDAYS = "月火水木金土日"


@dataclass(frozen=True)
class OutPage:
    """One HTML page to write: its path on the site, template and page-specific context."""

    path: str
    title: str
    template: str
    section: str
    description: str
    context: dict[str, Any] = field(default_factory=dict)
    page: SitePage | None = None
    crumbs: tuple[tuple[str, str], ...] = ()
    in_sitemap: bool = True

    @property
    def file(self) -> str:
        return self.path.lstrip("/") + "index.html" if self.path.endswith("/") else self.path[1:]


@dataclass(frozen=True)
class BuildOutcome:
    pages: dict[str, str]  # path -> title, for every HTML page in the sitemap
    files: int
    total_bytes: int


def _assets() -> dict[str, tuple[str, bytes]]:
    """Static files under content-hashed names, so servers can cache them for a year."""
    named = {"css": "site.css", "js": "pageview.js", "icon": "icon.svg", "og_image": "og-image.png"}
    result = {}
    for key, name in named.items():
        raw = (STATIC / name).read_bytes()
        stem, _, ext = name.rpartition(".")
        result[key] = (f"{stem}.{hashlib.sha256(raw).hexdigest()[:10]}.{ext}", raw)
    return result


def _hours(data: SiteData) -> str:
    cfg = data.cfg
    return f"{cfg.center_opens_at:%-H:%M}〜{cfg.center_closes_at:%-H:%M}"


def _contact_context(data: SiteData) -> dict[str, Any]:
    """Closed days inside the center's period, in date order: each holiday by name, and each
    run of year-end days as one range."""
    closed: list[dict[str, Any]] = [
        {"first": d.date, "last": d.date, "label": d.label}
        for d in data.closed_days
        if d.label.startswith("祝日")
    ]
    year_end_days = [d.date for d in data.closed_days if d.label == "年末年始"]
    runs = []
    for _, group in itertools.groupby(
        enumerate(year_end_days), key=lambda pair: pair[1] - dt.timedelta(days=pair[0])
    ):
        days = [d for _, d in group]
        runs.append({"first": days[0], "last": days[-1], "label": "年末年始"})
    closed = sorted(closed + runs, key=lambda item: item["first"])
    weekly = [_WEEKDAYS[w] for w in range(7) if w not in data.cfg.center_open_weekdays]
    parts = []
    if any(item["label"].startswith("祝日") for item in closed):
        parts.append("祝日")
    parts.extend(f"年末年始（{r['first']:%-m月%-d日}〜{r['last']:%-m月%-d日}）" for r in runs)
    if weekly:
        parts.append("毎週" + "・".join(weekly) + "曜日")
    return {"closed": closed, "weekly": weekly, "closed_summary": "、".join(parts)}


def _regions(data: SiteData) -> list[dict[str, Any]]:
    events = data.events
    return [
        {
            "code": r.code,
            "name": r.name,
            "events": [e for e in events if e.region_code == r.code],
        }
        for r in data.cfg.regions
    ]


def _faq_groups(data: SiteData) -> list[dict[str, Any]]:
    groups: dict[str, list[Any]] = {}
    for f in data.faqs:
        groups.setdefault(f.category or "その他", []).append(f)
    order = {c.name: c.order for c in data.cfg.categories}
    return [
        {"name": name, "items": items}
        for name, items in sorted(groups.items(), key=lambda kv: order.get(kv[0], 999))
    ]


def plan(data: SiteData) -> list[OutPage]:
    """Every HTML page of the site, in sitemap order."""
    cfg = data.cfg
    top = data.page("top")
    pages = [
        OutPage("/", top.title, "index.html", "top", top.summary, page=top),
        OutPage(
            "/apps/",
            "ミニアプリの紹介",
            "apps.html",
            "apps",
            f"{cfg.app_name}で使えるミニアプリの一覧です。",
            crumbs=(("", "ミニアプリ"),),
        ),
    ]
    for app in data.mini_apps:
        page = data.page(f"app-{app.code}")
        faqs = [f for f in data.faqs if f.mini_app == app.name]
        pages.append(
            OutPage(
                app.path,
                page.title,
                "app.html",
                "apps",
                page.summary,
                {"app": app, "app_faqs": faqs},
                page=page,
                crumbs=(("/apps/", "ミニアプリ"), ("", page.title)),
            )
        )
    for key in ("howto", "disaster"):
        page = data.page(key)
        pages.append(
            OutPage(
                page.path,
                page.title,
                "page.html",
                key,
                page.summary,
                page=page,
                crumbs=(("", page.title),),
            )
        )
    upcoming_note = "県内7圏域で開く説明会・イベントの日程です。"
    pages += [
        OutPage(
            "/events/",
            "イベント日程",
            "events.html",
            "events",
            upcoming_note,
            {"regions": _regions(data)},
            crumbs=(("", "イベント日程"),),
        ),
        OutPage(
            "/faq/",
            "よくある質問",
            "faq.html",
            "faq",
            f"{cfg.app_name}のインストール・登録・使い方についてのよくある質問と回答です。",
            {"faq_groups": _faq_groups(data)},
            crumbs=(("", "よくある質問"),),
        ),
        OutPage(
            "/contact/",
            "お問い合わせ（コールセンター）",
            "contact.html",
            "contact",
            f"コールセンター {cfg.toll_free_number}（通話無料）の受付時間と休業日です。",
            _contact_context(data),
            crumbs=(("", "お問い合わせ"),),
        ),
        OutPage(
            "/news/",
            "お知らせ",
            "news_list.html",
            "news",
            "キャンペーンからのお知らせの一覧です。",
            crumbs=(("", "お知らせ"),),
        ),
    ]
    pages += [
        OutPage(
            n.path,
            n.title,
            "news_item.html",
            "news",
            n.summary,
            page=n,
            crumbs=(("/news/", "お知らせ"), ("", n.title)),
        )
        for n in data.news
    ]
    pages += [
        OutPage(
            "/privacy/",
            "プライバシーポリシー",
            "privacy.html",
            "",
            "このキャンペーンでの個人情報の取り扱いと、サイトの閲覧数の数え方です。",
            {"sample": True},
            crumbs=(("", "プライバシーポリシー"),),
        ),
        OutPage(
            "/accessibility/",
            "ウェブアクセシビリティ方針",
            "accessibility.html",
            "",
            "このサイトのアクセシビリティ方針（JIS X 8341-3:2016 適合レベルAA）と試験結果です。",
            {"a11y": data.a11y},
            crumbs=(("", "ウェブアクセシビリティ方針"),),
        ),
        OutPage(
            "/404.html",
            "ページが見つかりません",
            "404.html",
            "",
            "お探しのページが見つかりませんでした。",
            {"noindex": True},
            in_sitemap=False,
        ),
    ]
    return pages


def _common(data: SiteData, assets: dict[str, tuple[str, bytes]]) -> dict[str, Any]:
    cfg = data.cfg
    return {
        "cfg": cfg,
        "today": data.today,
        "base_url": data.base_url,
        "site_name": f"{cfg.client} デジタル身分証アプリ普及キャンペーン",
        "assets": {k: name for k, (name, _) in assets.items()},
        "nav": [{"path": p, "section": s, "label": label} for p, s, label in NAV],
        "tel": cfg.toll_free_number.replace("-", ""),
        "hours": _hours(data),
        "csv_name": feeds.csv_name(data),
        "mini_apps": data.mini_apps,
        "events": data.events,
        "upcoming": [e for e in data.events if not e.is_past][:3],
        "faqs": data.faqs,
        "news": data.news,
        "sample_notice": SAMPLE_NOTICE,
        "count_views": True,
        "asset_prefix": "/assets/",
    }


def render(page: OutPage, common: dict[str, Any]) -> str:
    context = {
        **common,
        "path": page.path,
        "title": page.title,
        "description": page.description,
        "section": page.section,
        "is_top": page.path == "/",
        "page": page.page,
        "sample": page.page.is_sample if page.page else False,
        "crumbs": [{"path": p, "label": label} for p, label in page.crumbs],
        **page.context,
    }
    return render_to_string(f"website/site/{page.template}", context)


def asset_files() -> dict[str, bytes]:
    """Hashed asset name -> content (the back office serves them to its previews)."""
    return dict(_assets().values())


def render_one(
    data: SiteData, path: str, *, asset_prefix: str, preview: dict[str, str]
) -> str | None:
    """One page's HTML for the back office's preview, or None when no page has that path."""
    assets = _assets()
    common = {
        **_common(data, assets),
        "count_views": False,
        "asset_prefix": asset_prefix,
        "preview": preview,
        "noindex": True,
    }
    for page in plan(data):
        if page.path == path:
            return render(page, common)
    return None


def generate(data: SiteData) -> Iterator[tuple[str, bytes]]:
    """(relative file name, content) for every file of the site."""
    assets = _assets()
    common = _common(data, assets)
    pages = plan(data)
    for page in pages:
        yield page.file, render(page, common).encode("utf-8")
    for name, raw in assets.values():
        yield f"assets/{name}", raw
    yield "events.ics", feeds.events_ics(data, data.events)
    yield f"opendata/{feeds.csv_name(data)}", feeds.events_csv(data, data.events)
    yield "sitemap.xml", feeds.sitemap_xml(data, [p.path for p in pages if p.in_sitemap])
    yield "robots.txt", feeds.robots_txt(data)


def write_site(data: SiteData, out: Path) -> BuildOutcome:
    """Build into a temporary folder beside `out`, then swap it in."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-build-", dir=out.parent))
    files = total = 0
    try:
        for name, raw in generate(data):
            target = staging / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(raw)
            files += 1
            total += len(raw)
        for folder in [staging, *(p for p in staging.rglob("*") if p.is_dir())]:
            folder.chmod(0o755)
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    pages = {p.path: p.title for p in plan(data) if p.in_sitemap}
    return BuildOutcome(pages=pages, files=files, total_bytes=total)


def _swap(staging: Path, out: Path) -> None:
    old = None
    if out.exists():
        old = out.with_name(f".{out.name}-old-{os.getpid()}-{staging.name[-8:]}")
        out.rename(old)
    staging.rename(out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
