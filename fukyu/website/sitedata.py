"""Everything the public site shows, read once per build into plain immutable values, and the
fingerprint of it that tells whether the built site is stale.

Events and FAQs belong to the outreach and call-center apps; they are read only through their
public selectors (`public_event_list`, `faq_public_list`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings

from fukyu.callcenter.selectors import faq_public_list
from fukyu.core.calendar import TOKYO
from fukyu.core.contract_config import ContractConfig
from fukyu.core.models import Contract, MiniApp
from fukyu.core.selectors import mini_app_list
from fukyu.outreach.selectors import public_event_list
from fukyu.website.content import (
    DefaultText,
    default_text,
    mini_app_default,
    render_markdown,
)
from fukyu.website.models import Page, PageKind, PageVersion

APP_DIR = Path(__file__).resolve().parent
DEFAULT_SITE_URL = "http://127.0.0.1:8000"


def site_url() -> str:
    return str(getattr(settings, "FUKYU_SITE_URL", "") or DEFAULT_SITE_URL).rstrip("/")


def a11y_results_path() -> Path | None:
    """The last recorded automated accessibility run: the one the browser tests write to
    var/a11y/, else the one recorded with the release (content/a11y-results.json)."""
    configured = getattr(settings, "FUKYU_A11Y_RESULTS", None)
    for path in (
        Path(configured) if configured else None,
        Path(settings.VAR_DIR) / "a11y" / "axe-results.json",
        APP_DIR / "content" / "a11y-results.json",
    ):
        if path is not None and path.is_file():
            return path
    return None


def a11y_results() -> dict[str, Any] | None:
    path = a11y_results_path()
    if path is None:
        return None
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        raw["tested_on"] = dt.date.fromisoformat(raw["tested_on"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return dict(raw)


def site_dir() -> Path:
    configured = getattr(settings, "FUKYU_SITE_DIR", None)
    return Path(configured) if configured else Path(settings.VAR_DIR) / "site"


@dataclass(frozen=True)
class PublicEvent:
    id: int
    title: str
    region_code: str
    region_name: str
    municipality_name: str
    venue_name: str
    venue_address: str
    venue_kind: str
    latitude: Decimal | None
    longitude: Decimal | None
    starts_at: dt.datetime
    ends_at: dt.datetime
    status: str
    is_past: bool
    title_kana: str = ""

    @property
    def day(self) -> dt.date:
        return self.starts_at.astimezone(TOKYO).date()

    @property
    def anchor(self) -> str:
        return f"event-{self.id}"


@dataclass(frozen=True)
class PublicFaq:
    id: int
    question: str
    answer: str
    category: str
    mini_app: str

    @property
    def anchor(self) -> str:
        return f"faq-{self.id}"


@dataclass(frozen=True)
class SitePage:
    """An editable page as the site shows it: the published version, or the sample text."""

    key: str
    kind: str
    path: str
    title: str
    summary: str
    body: str
    is_sample: bool
    version: int | None = None
    published_at: dt.datetime | None = None
    news_date: dt.date | None = None
    mini_app_code: str = ""

    @property
    def body_html(self) -> str:
        return render_markdown(self.body)


@dataclass(frozen=True)
class MiniAppInfo:
    code: str
    slug: str
    name: str
    short_name: str
    description: str
    available_from: dt.date | None
    targets: tuple[str, ...]

    @property
    def path(self) -> str:
        return f"/apps/{self.slug}/"

    @property
    def targets_label(self) -> str:
        """「7市町」: the count and the kinds of municipality among the targets."""
        kinds = "".join(k for k in "市区町村" if any(t.endswith(k) for t in self.targets))
        return f"{len(self.targets)}{kinds or '市町村'}"


@dataclass(frozen=True)
class ClosedDay:
    date: dt.date
    label: str


@dataclass
class SiteData:
    contract: Contract
    cfg: ContractConfig
    today: dt.date
    base_url: str
    mini_apps: list[MiniAppInfo]
    pages: dict[str, SitePage]
    news: list[SitePage]
    events: list[PublicEvent]
    faqs: list[PublicFaq]
    closed_days: list[ClosedDay] = field(default_factory=list)
    a11y: dict[str, Any] | None = None

    def page(self, key: str) -> SitePage:
        return self.pages[key]


def _from_version(page: Page, version: PageVersion, key: str) -> SitePage:
    return SitePage(
        key=key,
        kind=page.kind,
        path=page.path,
        title=version.title,
        summary=version.summary,
        body=version.body,
        is_sample=False,
        version=version.number,
        published_at=version.published_at,
        news_date=page.news_date,
        mini_app_code=page.mini_app.code if page.mini_app is not None else "",
    )


def _from_default(kind: str, path: str, key: str, text: DefaultText, code: str = "") -> SitePage:
    return SitePage(
        key=key,
        kind=kind,
        path=path,
        title=text.title,
        summary=text.summary,
        body=text.body,
        is_sample=True,
        mini_app_code=code,
    )


def page_key(page: Page) -> str:
    if page.kind == PageKind.MINI_APP and page.mini_app is not None:
        return f"app-{page.mini_app.code}"
    if page.kind == PageKind.NEWS:
        return f"news-{page.slug}"
    return str(page.kind)


def app_slug(code: str) -> str:
    return code.replace("_", "-")


def _mini_apps(contract: Contract) -> list[MiniApp]:
    return list(
        mini_app_list(contract=contract, active_only=True).prefetch_related("target_municipalities")
    )


def collect(
    *,
    contract: Contract,
    today: dt.date,
    base_url: str | None = None,
    preview: PageVersion | None = None,
) -> SiteData:
    """Read everything a build needs. `preview` shows that (unpublished) version in place of
    its page's published one, for the back office's preview."""
    apps = _mini_apps(contract)
    infos = [
        MiniAppInfo(
            code=a.code,
            slug=app_slug(a.code),
            name=a.name,
            short_name=a.short_name or a.name,
            description=a.description,
            available_from=a.available_from,
            targets=tuple(m.name for m in a.target_municipalities.all()),
        )
        for a in apps
    ]
    pages: dict[str, SitePage] = {}
    for kind in ("top", "howto", "disaster"):
        text = default_text(kind)
        if text is not None:
            path = "/" if kind == "top" else f"/{kind}/"
            pages[kind] = _from_default(kind, path, kind, text)
    for info in infos:
        text = mini_app_default(code=info.code, name=info.name, description=info.description)
        pages[f"app-{info.code}"] = _from_default(
            PageKind.MINI_APP, info.path, f"app-{info.code}", text, info.code
        )
    news: list[SitePage] = []
    rows = (
        Page.objects.filter(contract=contract)
        .select_related("published", "mini_app")
        .order_by("-news_date", "id")
    )
    active_codes = {info.code for info in infos}
    for page in rows:
        version = page.published
        if preview is not None and preview.page_id == page.pk:
            version = preview
        if version is None:
            continue
        if page.mini_app is not None and page.mini_app.code not in active_codes:
            continue
        item = _from_version(page, version, page_key(page))
        if page.kind == PageKind.NEWS:
            news.append(item)
        else:
            pages[item.key] = item
    news.sort(key=lambda n: (n.news_date or today, n.key), reverse=True)
    return SiteData(
        contract=contract,
        cfg=contract.settings,
        today=today,
        base_url=(base_url or site_url()).rstrip("/"),
        mini_apps=infos,
        pages=pages,
        news=news,
        events=_events(contract, today),
        faqs=_faqs(contract),
        closed_days=closed_days(contract),
        a11y=a11y_results(),
    )


def _name(value: Any) -> str:
    if value is None:
        return ""
    return str(getattr(value, "name", value))


def _events(contract: Contract, today: dt.date) -> list[PublicEvent]:
    events = []
    for e in public_event_list(contract=contract):
        venue = getattr(e, "venue", None)
        ends_at = e.ends_at
        kind = getattr(venue, "get_kind_display", None)
        events.append(
            PublicEvent(
                id=e.pk,
                title=e.title,
                title_kana=str(getattr(e, "title_kana", "")),
                region_code=getattr(e.region, "code", ""),
                region_name=_name(e.region),
                municipality_name=_name(e.municipality),
                venue_name=_name(venue),
                venue_address=str(getattr(venue, "address", "")),
                venue_kind=str(kind()) if callable(kind) else "",
                latitude=getattr(venue, "latitude", None),
                longitude=getattr(venue, "longitude", None),
                starts_at=e.starts_at.astimezone(TOKYO),
                ends_at=ends_at.astimezone(TOKYO),
                status=str(e.status),
                is_past=str(e.status) == "held" or ends_at.astimezone(TOKYO).date() < today,
            )
        )
    events.sort(key=lambda ev: (ev.starts_at, ev.id))
    return events


def _faqs(contract: Contract) -> list[PublicFaq]:
    return [
        PublicFaq(
            id=f.pk,
            question=f.question,
            answer=f.answer,
            category=_name(getattr(f, "category", None)),
            mini_app=_name(getattr(f, "mini_app", None)),
        )
        for f in faq_public_list(contract=contract)
    ]


def closed_days(contract: Contract) -> list[ClosedDay]:
    """Holidays and the year-end closure inside the call center's period, from the calendar."""
    cfg = contract.settings
    return [
        ClosedDay(info.date, info.closed_label)
        for info in contract.calendar.days(cfg.center_starts_on, cfg.center_ends_on)
        if info.closed_reason in ("holiday", "year_end", "weekday")
    ]


def _code_hash() -> str:
    """Templates, static files and sample texts: a new release makes every built site stale."""
    digest = hashlib.sha256()
    for folder in ("templates/website/site", "static/website", "content"):
        for path in sorted((APP_DIR / folder).rglob("*")):
            if path.is_file():
                digest.update(path.name.encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(type(value).__name__)


def fingerprint(data: SiteData) -> str:
    """A hash of everything the build reads: equal fingerprints give the same site."""
    payload = {
        "code": _code_hash(),
        "config": data.cfg.to_json(),
        "today": data.today,
        "base_url": data.base_url,
        "mini_apps": [asdict(a) for a in data.mini_apps],
        "pages": [asdict(p) for p in data.pages.values()],
        "news": [asdict(n) for n in data.news],
        "events": [asdict(e) for e in data.events],
        "faqs": [asdict(f) for f in data.faqs],
        "a11y": data.a11y,
    }
    raw = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=_jsonable)
    return hashlib.sha256(raw.encode()).hexdigest()
