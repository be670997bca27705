"""The static build: every page and file, links, sitemap, metadata, weight, mini-apps."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.test import override_settings

from fukyu.audit.models import AuditEvent
from fukyu.core.models import MiniApp
from fukyu.core.services import mini_app_save
from fukyu.website.models import BuildStatus, SiteBuild
from fukyu.website.services import site_rebuild
from fukyu.website.tests.conftest import SITE_URL
from fukyu.website.tests.helpers import file_for, html_pages, page_url, parse

EXPECTED = [
    "index.html",
    "events/index.html",
    "faq/index.html",
    "contact/index.html",
    "news/index.html",
    "privacy/index.html",
    "accessibility/index.html",
    "howto/index.html",
    "disaster/index.html",
    "apps/index.html",
    "apps/nuclear-evacuation/index.html",
    "apps/infrastructure-report/index.html",
    "apps/survey/index.html",
    "404.html",
    "events.ics",
    "opendata/040002_event.csv",
    "sitemap.xml",
    "robots.txt",
]
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_build_writes_every_page_and_feed(built: Path) -> None:
    missing = [name for name in EXPECTED if not (built / name).is_file()]
    assert missing == []
    assets = sorted(p.name for p in (built / "assets").iterdir())
    assert [re.sub(r"\.[0-9a-f]{10}\.", ".", a) for a in assets] == [
        "icon.svg",
        "og-image.png",
        "pageview.js",
        "site.css",
    ]
    record = SiteBuild.objects.get()
    assert record.status == BuildStatus.OK
    assert record.page_count == 13
    assert "/apps/nuclear-evacuation/" in record.manifest
    assert AuditEvent.objects.filter(action="site.build", object_id=str(record.pk)).exists()


def test_every_internal_link_and_asset_resolves(built: Path) -> None:
    broken = []
    for page in html_pages(built):
        parsed = parse(page)
        for url in parsed.links + parsed.loads:
            parts = urlsplit(url)
            if parts.scheme in ("tel", "mailto") or (parts.scheme and parts.netloc):
                continue
            if not url.startswith(("/", "#")):
                broken.append(f"{page_url(built, page)}: relative link {url}")
                continue
            if url.startswith("#"):
                if url[1:] not in parsed.ids:
                    broken.append(f"{page_url(built, page)}: anchor {url}")
                continue
            target = file_for(built, url)
            if target is None:
                broken.append(f"{page_url(built, page)}: {url}")
            elif (
                parts.fragment
                and target.suffix == ".html"
                and parts.fragment not in parse(target).ids
            ):
                broken.append(f"{page_url(built, page)}: {url} (no such anchor)")
    assert broken == []


def test_no_third_party_resources_and_no_inline_code(built: Path) -> None:
    for page in html_pages(built):
        parsed = parse(page)
        assert parsed.loads, page
        assert all(u.startswith("/assets/") for u in parsed.loads), (page, parsed.loads)
        assert parsed.inline_scripts == 0
        assert parsed.style_attrs == 0
        assert parsed.imgs_without_alt == 0
    css = next((built / "assets").glob("site.*.css")).read_text()
    assert "@import" not in css and "url(" not in css and "@font-face" not in css
    assert "@media print" in css


def test_every_page_has_the_metadata_search_and_sharing_need(built: Path) -> None:
    for page in html_pages(built):
        parsed = parse(page)
        url = page_url(built, page)
        assert parsed.lang == "ja"
        assert parsed.title.strip(), url
        assert parsed.meta["viewport"] == "width=device-width, initial-scale=1"
        assert len(parsed.meta["description"]) >= 10, url
        for key in ("og:title", "og:description", "og:type", "og:site_name", "og:image"):
            assert parsed.meta[key], (url, key)
        if url != "/404.html":
            assert parsed.meta["og:url"] == SITE_URL + url
        assert parsed.meta["og:image"].startswith(SITE_URL + "/assets/og-image.")
        assert file_for(built, urlsplit(parsed.meta["og:image"]).path) is not None


def test_sitemap_lists_every_page_and_robots_points_to_it(built: Path) -> None:
    tree = ET.parse(built / "sitemap.xml")  # noqa: S314 (a file this test just built)
    locs = {el.text for el in tree.getroot().iter(f"{SITEMAP_NS}loc")}
    pages = {SITE_URL + page_url(built, p) for p in html_pages(built)} - {SITE_URL + "/404.html"}
    assert locs == pages
    assert all(el.text for el in tree.getroot().iter(f"{SITEMAP_NS}lastmod"))
    robots = (built / "robots.txt").read_text()
    assert f"Sitemap: {SITE_URL}/sitemap.xml" in robots
    assert "User-agent: *" in robots


def test_each_page_with_what_it_loads_stays_under_150_kb(built: Path) -> None:
    for page in html_pages(built):
        parsed = parse(page)
        total = page.stat().st_size + sum(
            file_for(built, u).stat().st_size  # type: ignore[union-attr]
            for u in set(parsed.loads)
        )
        assert total < 150_000, (page, total)


def test_sample_texts_say_they_are_samples(built: Path) -> None:
    for name in ("index.html", "howto/index.html", "disaster/index.html", "privacy/index.html"):
        text = (built / name).read_text()
        assert "サンプル" in text, name
    text = (built / "apps/nuclear-evacuation/index.html").read_text()
    assert "サンプル" in text


def test_pages_carry_the_contract_facts(built: Path) -> None:
    nuclear = (built / "apps/nuclear-evacuation/index.html").read_text()
    for town in ("石巻市", "東松島市", "登米市", "女川町", "南三陸町", "美里町", "涌谷町"):
        assert town in nuclear
    assert "7市町" in nuclear
    howto = (built / "howto/index.html").read_text()
    assert "数字4桁" in howto and "英数字6〜16文字" in howto
    assert "iPhone" in howto and "Android" in howto
    assert "マイナンバーカード" in howto
    top = (built / "index.html").read_text()
    assert 'href="/howto/"' in top and "ミニアプリ" in top


def test_contact_page_computes_closed_days_from_the_calendar(built: Path) -> None:
    text = (built / "contact/index.html").read_text()
    assert "0120-000-000" in text and 'href="tel:0120000000"' in text
    assert "9:00〜17:30" in text
    assert "令和6年11月1日（金）から令和7年3月28日（金）まで" in text
    # Holidays inside the center's period, by name; the year-end closure as one range.
    assert "令和6年11月3日（日）</time>　祝日（文化の日）" in text
    assert "令和7年2月24日（月）</time>　祝日（振替休日）" in text
    assert (
        '令和6年12月29日（日）</time>から<time datetime="2025-01-03">令和7年1月3日（金）</time>まで　年末年始'
        in text
    )
    # 元日 falls inside 年末年始 and is not listed twice.
    assert "元日" not in text
    # Outside the period: 文化の日 of the next year, 海の日 …
    assert "海の日" not in text


def test_a_mini_app_added_mid_year_gets_its_page(contract: Any, site_dir: Path) -> None:
    mini_app_save(
        actor=None,
        app=MiniApp(
            contract=contract,
            code="bousai_points",
            name="みやぎポイント（サンプル）",
            description="ポイントを受け取る（サンプル）",
            order=9,
        ),
    )
    site_rebuild(reason="テスト", contract=contract)
    page = site_dir / "apps/bousai-points/index.html"
    assert page.is_file()
    assert "ポイントを受け取る（サンプル）" in page.read_text()
    assert 'href="/apps/bousai-points/"' in (site_dir / "apps/index.html").read_text()
    sitemap = (site_dir / "sitemap.xml").read_text()
    assert f"{SITE_URL}/apps/bousai-points/" in sitemap


def test_an_inactive_mini_app_has_no_page(contract: Any, site_dir: Path) -> None:
    MiniApp.objects.filter(contract=contract, code="survey").update(is_active=False)
    site_rebuild(reason="テスト", contract=contract)
    assert not (site_dir / "apps/survey").exists()
    assert "/apps/survey/" not in (site_dir / "apps/index.html").read_text()


def test_rebuild_replaces_the_previous_site_whole(contract: Any, site_dir: Path) -> None:
    site_rebuild(reason="1回目", contract=contract)
    stray = site_dir / "apps/old-app/index.html"
    stray.parent.mkdir(parents=True)
    stray.write_text("old")
    site_rebuild(reason="2回目", contract=contract)
    assert not stray.exists()
    assert (site_dir / "index.html").is_file()
    leftovers = [p.name for p in site_dir.parent.iterdir() if p.name.startswith(".site-")]
    assert leftovers == []


def test_accessibility_page_reports_the_recorded_axe_run(
    contract: Any, site_dir: Path, tmp_path: Path
) -> None:
    record = tmp_path / "axe.json"
    record.write_text(
        '{"tested_on": "2024-10-01", "axe_version": "4.12.1", "rules": "WCAG 2.1 AA",'
        ' "widths": "320・768・1920", "page_count": 14, "violations": 0}',
        encoding="utf-8",
    )
    with override_settings(FUKYU_A11Y_RESULTS=str(record)):
        site_rebuild(reason="テスト", contract=contract)
    html = (site_dir / "accessibility/index.html").read_text()
    assert "JIS X 8341-3:2016" in html and "適合レベルAA" in html
    assert "令和6年10月1日" in html and "axe-core 4.12.1" in html
    assert "問題は0件でした" in html and "14ページ" in html
