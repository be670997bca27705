"""Reads of the website app: pages, versions, builds, staleness, and page-view statistics."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import TruncMonth

from fukyu.core import clock
from fukyu.core.models import Contract
from fukyu.core.selectors import mini_app_list
from fukyu.website.models import BuildStatus, Page, PageKind, PageVersion, PageViewDay, SiteBuild
from fukyu.website.sitedata import collect, fingerprint


def page_list(*, contract: Contract) -> QuerySet[Page]:
    return (
        Page.objects.filter(contract=contract)
        .select_related("published", "mini_app")
        .annotate(version_count=Count("versions"))
    )


def page_get(*, contract: Contract, pk: int) -> Page:
    """A page of this contract (Page.DoesNotExist otherwise: views answer 404)."""
    return Page.objects.select_related("published", "mini_app").get(contract=contract, pk=pk)


def version_list(*, page: Page) -> QuerySet[PageVersion]:
    return page.versions.select_related("created_by", "published_by")


def version_get(*, page: Page, number: int) -> PageVersion:
    return page.versions.get(number=number)


@dataclass(frozen=True)
class EditablePage:
    """A row of the back office's page list: an existing page or one not edited yet."""

    kind: str
    label: str
    path: str
    page: Page | None
    mini_app_id: int | None = None

    @property
    def draft_pending(self) -> bool:
        p = self.page
        if p is None or not getattr(p, "version_count", 0):
            return False
        count = int(getattr(p, "version_count", 0))
        return p.published is None or p.published.number < count


def editable_pages(*, contract: Contract) -> list[EditablePage]:
    pages = list(page_list(contract=contract).exclude(kind=PageKind.NEWS))
    by_kind = {(p.kind, p.mini_app_id): p for p in pages}
    rows = [
        EditablePage("top", "トップページ", "/", by_kind.get(("top", None))),
        EditablePage("howto", "インストール・登録の方法", "/howto/", by_kind.get(("howto", None))),
        EditablePage("disaster", "災害時の使い方", "/disaster/", by_kind.get(("disaster", None))),
    ]
    rows.extend(
        EditablePage(
            "mini_app",
            f"ミニアプリ: {app.name}",
            f"/apps/{app.code.replace('_', '-')}/",
            by_kind.get(("mini_app", app.pk)),
            app.pk,
        )
        for app in mini_app_list(contract=contract, active_only=True)
    )
    return rows


def news_list(*, contract: Contract) -> QuerySet[Page]:
    return page_list(contract=contract).filter(kind=PageKind.NEWS).order_by("-news_date", "-id")


def build_list(*, contract: Contract, limit: int = 20) -> list[SiteBuild]:
    return list(SiteBuild.objects.filter(contract=contract)[:limit])


def last_good_build(*, contract: Contract) -> SiteBuild | None:
    return SiteBuild.objects.filter(contract=contract, status=BuildStatus.OK).first()


@dataclass(frozen=True)
class SiteStatus:
    last_build: SiteBuild | None
    current_fingerprint: str

    @property
    def is_stale(self) -> bool:
        return self.last_build is None or self.last_build.fingerprint != self.current_fingerprint


def site_status(*, contract: Contract) -> SiteStatus:
    """Whether the served site shows the current data (events, FAQs, pages, mini-apps, date)."""
    data = collect(contract=contract, today=clock.today())
    return SiteStatus(
        last_build=last_good_build(contract=contract),
        current_fingerprint=fingerprint(data),
    )


def known_paths(*, contract: Contract) -> frozenset[str]:
    """The page paths of the last good build (page views are counted only for these)."""
    build = last_good_build(contract=contract)
    return frozenset(build.manifest) if build else frozenset()


@dataclass(frozen=True)
class MonthViews:
    month: dt.date
    views: int


@dataclass(frozen=True)
class PageViews:
    path: str
    title: str
    views: int


def page_views_by_month(
    *, contract: Contract, start: dt.date | None = None, end: dt.date | None = None
) -> list[MonthViews]:
    """Views of the whole site per calendar month, oldest first (for the performance report)."""
    qs = PageViewDay.objects.filter(contract=contract)
    if start:
        qs = qs.filter(day__gte=start)
    if end:
        qs = qs.filter(day__lte=end)
    rows = (
        qs.annotate(month=TruncMonth("day"))
        .values("month")
        .annotate(total=Sum("views"))
        .order_by("month")
    )
    return [MonthViews(month=_as_date(r["month"]), views=int(r["total"])) for r in rows]


def page_views_by_page(
    *, contract: Contract, start: dt.date | None = None, end: dt.date | None = None
) -> list[PageViews]:
    """Views per page over the period, most viewed first, with the page's current title."""
    qs = PageViewDay.objects.filter(contract=contract)
    if start:
        qs = qs.filter(day__gte=start)
    if end:
        qs = qs.filter(day__lte=end)
    rows = qs.values("path").annotate(total=Sum("views")).order_by("-total", "path")
    build = last_good_build(contract=contract)
    titles = build.manifest if build else {}
    return [
        PageViews(path=r["path"], title=str(titles.get(r["path"], "")), views=int(r["total"]))
        for r in rows
    ]


def page_views_total(*, contract: Contract, start: dt.date, end: dt.date) -> int:
    """All views of the site between two dates, inclusive."""
    total = PageViewDay.objects.filter(contract=contract, day__range=(start, end)).aggregate(
        total=Sum("views")
    )["total"]
    return int(total or 0)


def _as_date(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value
