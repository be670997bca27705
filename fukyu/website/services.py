"""Writes of the website app: page versions and publishing (audited), site builds, page views.

Other apps call `site_rebuild_soon(reason=...)` after a change the public site shows (a public
FAQ, a confirmed event): the site is rebuilt once their transaction commits.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import logging
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max

from fukyu.audit.services import audit_record, diff, snapshot
from fukyu.core import clock
from fukyu.core.models import Contract, MiniApp
from fukyu.core.selectors import active_contract
from fukyu.website import build
from fukyu.website.content import body_problems
from fukyu.website.models import (
    BuildStatus,
    Page,
    PageKind,
    PageVersion,
    PageViewDay,
    SiteBuild,
)
from fukyu.website.sitedata import collect, fingerprint, site_dir

logger = logging.getLogger(__name__)
VERSION_FIELDS = ["title", "summary", "body", "note"]


class SiteBuildError(RuntimeError):
    pass


def page_get_or_create(
    *, actor: Any, contract: Contract, kind: str, mini_app: MiniApp | None = None
) -> Page:
    """The page of a single kind (top, howto, disaster) or of a mini-app, created on first use."""
    if kind not in (PageKind.TOP, PageKind.HOWTO, PageKind.DISASTER, PageKind.MINI_APP):
        raise ValidationError({"kind": "このページの種類は作成できません"})
    with transaction.atomic():
        found = Page.objects.filter(contract=contract, kind=kind, mini_app=mini_app).first()
        if found is not None:
            return found
        now = clock.now()
        page = Page(contract=contract, kind=kind, mini_app=mini_app, created_at=now, updated_at=now)
        page.full_clean()
        page.save()
        audit_record(actor=actor, action="site_page.create", obj=page)
    return page


def page_start(
    *,
    actor: Any,
    contract: Contract,
    kind: str,
    mini_app: MiniApp | None = None,
    title: str,
    summary: str,
    body: str,
    note: str = "",
) -> PageVersion:
    """The first saved version of a page, creating the page (both or neither)."""
    with transaction.atomic():
        page = page_get_or_create(actor=actor, contract=contract, kind=kind, mini_app=mini_app)
        return page_version_create(
            actor=actor, page=page, title=title, summary=summary, body=body, note=note
        )


def news_create(
    *,
    actor: Any,
    contract: Contract,
    slug: str,
    news_date: dt.date,
    title: str,
    summary: str,
    body: str,
    note: str = "",
) -> PageVersion:
    """A news item with its first version (unpublished)."""
    with transaction.atomic():
        now = clock.now()
        page = Page(
            contract=contract,
            kind=PageKind.NEWS,
            slug=slug,
            news_date=news_date,
            created_at=now,
            updated_at=now,
        )
        page.full_clean()
        if Page.objects.filter(contract=contract, kind=PageKind.NEWS, slug=slug).exists():
            raise ValidationError({"slug": "このURL名のお知らせはすでにあります"})
        page.save()
        audit_record(
            actor=actor,
            action="site_page.create",
            obj=page,
            changes={"slug": [None, slug], "news_date": [None, news_date]},
        )
        return page_version_create(
            actor=actor, page=page, title=title, summary=summary, body=body, note=note
        )


def page_version_create(
    *, actor: Any, page: Page, title: str, summary: str, body: str, note: str = ""
) -> PageVersion:
    """Save a new version (a draft: the public site changes only when it is published)."""
    problems = body_problems(body)
    if problems:
        raise ValidationError({"body": problems})
    with transaction.atomic():
        locked = Page.objects.select_for_update().get(pk=page.pk)
        last = locked.versions.aggregate(n=Max("number"))["n"] or 0
        version = PageVersion(
            page=locked,
            number=last + 1,
            title=title.strip(),
            summary=summary.strip(),
            body=body,
            note=note.strip(),
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            created_at=clock.now(),
        )
        version.full_clean()
        version.save()
        locked.updated_at = version.created_at
        locked.save(update_fields=["updated_at"])
        previous = locked.versions.filter(number=last).first()
        audit_record(
            actor=actor,
            action="site_page.version_create",
            obj=locked,
            changes=diff(
                snapshot(previous, VERSION_FIELDS) if previous else {},
                snapshot(version, VERSION_FIELDS),
            ),
            note=f"第{version.number}版",
        )
    return version


def page_publish(*, actor: Any, version: PageVersion, rebuild: bool = True) -> Page:
    """Make `version` the page's public text, then rebuild the site."""
    with transaction.atomic():
        page = Page.objects.select_for_update().get(pk=version.page_id)
        before = {"published": page.published.number if page.published else None}
        now = clock.now()
        if version.published_at is None:
            version.published_at = now
            version.published_by = actor if getattr(actor, "is_authenticated", False) else None
            version.save(update_fields=["published_at", "published_by"])
        page.published = version
        page.updated_at = now
        page.save(update_fields=["published", "updated_at"])
        audit_record(
            actor=actor,
            action="site_page.publish",
            obj=page,
            changes=diff(before, {"published": version.number}),
            note=f"第{version.number}版を公開",
        )
        if rebuild:
            site_rebuild_soon(reason=f"{page}を公開（第{version.number}版）", actor=actor)
    return page


def page_unpublish(*, actor: Any, page: Page, rebuild: bool = True) -> Page:
    """Withdraw a page: news disappears; other pages show their sample text again."""
    with transaction.atomic():
        page = Page.objects.select_for_update().get(pk=page.pk)
        if page.published_id is None:
            raise ValidationError("このページは公開されていません")
        before = {"published": page.published.number if page.published else None}
        page.published = None
        page.updated_at = clock.now()
        page.save(update_fields=["published", "updated_at"])
        audit_record(
            actor=actor,
            action="site_page.unpublish",
            obj=page,
            changes=diff(before, {"published": None}),
        )
        if rebuild:
            site_rebuild_soon(reason=f"{page}の公開を停止", actor=actor)
    return page


@contextmanager
def _build_lock(out: Path) -> Iterator[None]:
    """One build at a time per output folder (also across processes: cron and web)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out.parent / f".{out.name}.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _label(actor: Any) -> str:
    if getattr(actor, "is_authenticated", False):
        return str(actor.get_username())
    return str(actor) if actor else "system"


def site_rebuild(
    *,
    reason: str,
    actor: Any = None,
    out: Path | None = None,
    contract: Contract | None = None,
    base_url: str | None = None,
) -> SiteBuild:
    """Build the whole public site into `out` (default: the served folder) and record it.

    A failed build leaves the previous site in place, is recorded, and raises SiteBuildError.
    """
    contract = contract or active_contract()
    target = (out or site_dir()).resolve()
    with _build_lock(target):
        started = clock.now()
        data = collect(contract=contract, today=clock.today(), base_url=base_url)
        print_ = fingerprint(data)
        try:
            outcome = build.write_site(data, target)
        except Exception as exc:
            logger.exception("site build failed")
            with transaction.atomic():
                failed = SiteBuild.objects.create(
                    contract=contract,
                    reason=reason[:200],
                    actor_label=_label(actor),
                    started_at=started,
                    finished_at=clock.now(),
                    status=BuildStatus.FAILED,
                    out_dir=str(target),
                    fingerprint=print_,
                    error="".join(traceback.format_exception_only(exc))[:2000],
                )
                audit_record(actor=actor, action="site.build_failed", obj=failed, note=reason)
            raise SiteBuildError(f"公開サイトの構築に失敗しました: {exc}") from exc
        with transaction.atomic():
            record = SiteBuild.objects.create(
                contract=contract,
                reason=reason[:200],
                actor_label=_label(actor),
                started_at=started,
                finished_at=clock.now(),
                status=BuildStatus.OK,
                out_dir=str(target),
                fingerprint=print_,
                page_count=len(outcome.pages),
                file_count=outcome.files,
                total_bytes=outcome.total_bytes,
                manifest=outcome.pages,
            )
            audit_record(
                actor=actor,
                action="site.build",
                obj=record,
                note=f"{reason}（{record.page_count}ページ）",
            )
    return record


def site_rebuild_soon(*, reason: str, actor: Any = None) -> None:
    """Rebuild the served site once the current transaction commits. A failure is recorded and
    logged, never raised into the caller (their change is already saved; the site catches up on
    the next build, and the back office shows it as stale)."""

    def run() -> None:
        try:
            site_rebuild(reason=reason, actor=actor)
        except Exception:
            logger.exception("site rebuild after commit failed")

    transaction.on_commit(run)


def pageview_record(*, contract: Contract, path: str, day: dt.date | None = None) -> None:
    """Count one view of `path` today. Nothing about the visitor is stored."""
    day = day or clock.today()
    with transaction.atomic():
        updated = PageViewDay.objects.filter(contract=contract, day=day, path=path).update(
            views=F("views") + 1
        )
        if updated:
            return
        try:
            with transaction.atomic():
                PageViewDay.objects.create(contract=contract, day=day, path=path, views=1)
        except IntegrityError:
            PageViewDay.objects.filter(contract=contract, day=day, path=path).update(
                views=F("views") + 1
            )
