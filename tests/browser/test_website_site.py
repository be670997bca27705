"""The public site in Debian's chromium: axe-core finds no violation, no horizontal scrolling
from 320 to 1920 px, no third-party request, each page under 150,000 bytes with what it loads,
it works without JavaScript, prints without the navigation, and counts views by beacon.

The axe-core engine is the one bundled by the PyPI package axe-playwright-python (no network).
Each run's results are recorded to var/a11y/axe-results.json; the accessibility page of the
next build reports them.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import override_settings
from playwright.sync_api import expect

from fukyu.callcenter.tests.factories import make_faq
from fukyu.core.calendar import TOKYO
from fukyu.core.services import contract_load
from fukyu.outreach.models import EventStatus
from fukyu.outreach.tests.factories import EventFactory, VenueFactory
from fukyu.website.models import PageViewDay
from fukyu.website.services import news_create, page_publish, site_rebuild

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (320, 768, 1920)
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
MAX_BYTES = 150_000
RECORD = Path(
    os.environ.get("FUKYU_A11Y_RECORD", str(Path(settings.VAR_DIR) / "a11y" / "axe-results.json"))
)
SHOTS = Path(
    os.environ.get("FUKYU_SCREENSHOT_DIR", str(Path(settings.BASE_DIR) / "var" / "screenshots"))
)


@pytest.fixture
def site(live_server: Any, tmp_path: Path) -> Iterator[tuple[str, list[str]]]:
    """A site built with events, FAQs and a news item, served by the live server at /."""
    contract = contract_load(path=settings.FUKYU_DEFAULT_CONTRACT)
    venue = VenueFactory(
        contract=contract,
        name="イオンモール石巻（サンプル）",
        address="宮城県石巻市茜平4丁目104",
        latitude=Decimal("38.435"),
        longitude=Decimal("141.29"),
    )
    EventFactory(contract=contract, title="仙台説明会（サンプル）", status=EventStatus.HELD)
    EventFactory(
        contract=contract,
        title="石巻で体験する防災アプリ説明会（サンプル）",
        region_code="ishinomaki",
        municipality_code="042021",
        venue=venue,
        day="2025-02-15",
    )
    make_faq(contract)
    version = news_create(
        actor=None,
        contract=contract,
        slug="sample-news",
        news_date=dt.date(2024, 12, 1),
        title="説明会の日程を公開しました（サンプル）",
        summary="県内7圏域の説明会の日程です（サンプル）",
        body="## 日程\n\n[イベント日程](/events/)をご覧ください。\n",
    )
    page_publish(actor=None, version=version, rebuild=False)
    out = tmp_path / "site"
    with override_settings(FUKYU_SITE_DIR=str(out), FUKYU_TODAY="2025-01-10"):
        build = site_rebuild(reason="browser test", contract=contract, base_url=live_server.url)
        yield live_server.url, sorted(build.manifest)


def _third_party(base: str, urls: list[str]) -> list[str]:
    return [u for u in urls if not u.startswith((base, "data:", "about:"))]


def test_every_page_passes_axe_fits_every_width_and_loads_nothing_third_party(
    site: tuple[str, list[str]], browser: Any
) -> None:
    base, paths = site
    axe = Axe()
    context = browser.new_context(locale="ja-JP", timezone_id="Asia/Tokyo")
    page = context.new_page()
    requested: list[str] = []
    sizes: dict[str, int] = {}
    page.on("request", lambda r: requested.append(r.url))
    page.on("response", lambda r: sizes.__setitem__(r.url, len(r.body()) if r.ok else 0))
    problems: list[str] = []
    violations: dict[str, list[str]] = {}
    for path in paths:
        for width in WIDTHS:
            requested.clear()
            sizes.clear()
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(base + path, wait_until="networkidle")
            scroll, client = page.evaluate(
                "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
            )
            if scroll > client:
                problems.append(f"{path} @{width}px: scrollWidth {scroll} > {client}")
            outside = _third_party(base, requested)
            if outside:
                problems.append(f"{path}: third-party requests {outside}")
            weight = sum(v for u, v in sizes.items() if not u.endswith("/api/v1/pageviews"))
            if weight >= MAX_BYTES:
                problems.append(f"{path}: {weight} bytes")
            if width in (320, 1920):
                result = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
                assert len(result.response["passes"]) > 20  # the rules really ran
                found = [
                    f"{v['id']} ({len(v['nodes'])}): {v['nodes'][0]['target']}"
                    for v in result.response["violations"]
                ]
                if found:
                    violations[f"{path} @{width}px"] = found
        if path == "/":
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.set_viewport_size({"width": 320, "height": 900})
            page.screenshot(path=str(SHOTS / "website-top-320.png"), full_page=True)
            page.set_viewport_size({"width": 1280, "height": 900})
            page.screenshot(path=str(SHOTS / "website-top-1280.png"), full_page=True)
    context.close()
    RECORD.parent.mkdir(parents=True, exist_ok=True)
    RECORD.write_text(
        json.dumps(
            {
                "tested_on": dt.datetime.now(TOKYO).date().isoformat(),
                "axe_version": result.response["testEngine"]["version"],
                "rules": "WCAG 2.0/2.1 A・AA、WCAG 2.2 AA（ターゲットサイズ）とベストプラクティスの規則",
                "widths": "・".join(str(w) for w in WIDTHS),
                "page_count": len(paths),
                "violations": sum(len(v) for v in violations.values()),
                "browser": "Debian chromium (headless)",
            },
            ensure_ascii=False,
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    assert violations == {}
    assert problems == []


def test_the_site_works_without_javascript(site: tuple[str, list[str]], browser: Any) -> None:
    base, _ = site
    context = browser.new_context(java_script_enabled=False, locale="ja-JP")
    page = context.new_page()
    page.goto(base + "/events/")
    assert page.get_by_role(
        "heading", name="石巻で体験する防災アプリ説明会（サンプル）"
    ).is_visible()
    page.locator('a[href="#region-ishinomaki"]').click()
    assert page.url.endswith("#region-ishinomaki")
    page.goto(base + "/faq/")
    assert page.get_by_text("暗証番号を忘れてしまいました").is_visible()
    page.get_by_role("navigation", name="メインメニュー").get_by_role(
        "link", name="お問い合わせ"
    ).click()
    assert page.get_by_role("heading", name="お問い合わせ（コールセンター）", level=1).is_visible()
    context.close()
    assert not PageViewDay.objects.exists()


def test_keyboard_skip_link_and_print_layout(site: tuple[str, list[str]], page: Any) -> None:
    base, _ = site
    # Wait for the page-view beacon's answer too: a beacon still being written when the test
    # ends deadlocks with the database flush that follows it (seen on PostgreSQL).
    page.goto(base + "/howto/", wait_until="networkidle")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "本文へ移動"
    page.keyboard.press("Enter")
    # A same-page jump updates the URL asynchronously; expect() waits for it.
    expect(page).to_have_url(re.compile(r"/howto/#main$"))
    page.emulate_media(media="print")
    assert not page.get_by_role("navigation", name="メインメニュー").is_visible()
    assert page.get_by_role("heading", name="インストールと登録の方法").is_visible()


def test_a_visit_is_counted_by_the_beacon(site: tuple[str, list[str]], page: Any) -> None:
    base, _ = site
    with page.expect_request(lambda r: r.url.endswith("/api/v1/pageviews")) as sent:
        page.goto(base + "/contact/")
    request = sent.value
    assert request.method == "POST"
    assert request.response().status == 204
    row = PageViewDay.objects.get(path="/contact/")
    assert row.views == 1
    assert request.headers.get("cookie") is None
