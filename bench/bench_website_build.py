"""Benchmark: a full build of the public site with 100 HTML pages.

    .venv/bin/python bench/bench_website_build.py [--runs 7]

Uses a throwaway SQLite database in a temporary folder (never var/): migrates it, loads the
default contract, adds synthetic data (87 published news items, 42 events over the 7 regions,
60 public FAQs), then times `site_rebuild` (read the data, render every page and feed, write to
a staging folder, swap it in, record the build) into a temporary output folder: the first build
in the process (templates compiled) and the following ones. Prints a Markdown summary.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="fukyu-bench-website-"))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
os.environ["DATABASE_URL"] = f"sqlite:///{WORK / 'bench.sqlite3'}"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402

from fukyu.callcenter.services import faq_create  # noqa: E402
from fukyu.core.calendar import TOKYO  # noqa: E402
from fukyu.core.models import InquiryCategory, Municipality, Region  # noqa: E402
from fukyu.core.services import contract_load  # noqa: E402
from fukyu.outreach.models import Event, EventStatus, Venue, VenueKind  # noqa: E402
from fukyu.website.services import news_create, page_publish, site_rebuild  # noqa: E402

NEWS = 87


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    return f"{os.cpu_count()} CPU ({cpu}), Python {platform.python_version()}"


def seed() -> object:
    call_command("migrate", "--noinput", verbosity=0)
    contract = contract_load(path=settings.FUKYU_DEFAULT_CONTRACT)
    for i in range(NEWS):
        version = news_create(
            actor=None,
            contract=contract,
            slug=f"news-{i:03d}",
            news_date=dt.date(2024, 10, 1) + dt.timedelta(days=i),
            title=f"お知らせ{i}（サンプル）",
            summary="ベンチマーク用のお知らせです（サンプル）",
            body="## 見出し\n\n本文です（サンプル）。\n\n- 項目1\n- 項目2\n" * 3,
        )
        page_publish(actor=None, version=version, rebuild=False)
    regions = list(Region.objects.filter(contract=contract))
    for i in range(42):
        region = regions[i % len(regions)]
        town = Municipality.objects.filter(contract=contract, region=region).first()
        venue = Venue.objects.create(
            contract=contract,
            name=f"会場{i}（サンプル）",
            address=f"テスト町{i}",
            kind=VenueKind.COMMERCIAL,
        )
        day = dt.date(2024, 12, 1) + dt.timedelta(days=2 * i)
        Event.objects.create(
            contract=contract,
            title=f"説明会{i}（サンプル）",
            region=region,
            municipality=town,
            venue=venue,
            starts_at=dt.datetime.combine(day, dt.time(10), tzinfo=TOKYO),
            ends_at=dt.datetime.combine(day, dt.time(16), tzinfo=TOKYO),
            status=EventStatus.CONFIRMED,
        )
    categories = list(InquiryCategory.objects.filter(contract=contract))
    for i in range(60):
        faq_create(
            actor=None,
            contract=contract,
            question=f"質問{i}（サンプル）",
            answer="回答です（サンプル）。\n二行目です。",
            category=categories[i % len(categories)],
            is_public=True,
        )
    return contract


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    contract = seed()
    out = WORK / "site"
    first = site_rebuild(reason="bench", contract=contract, out=out)
    timings = []
    for _ in range(args.runs):
        started = time.perf_counter()
        build = site_rebuild(reason="bench", contract=contract, out=out)
        timings.append(time.perf_counter() - started)
    html = len(list(out.rglob("*.html")))
    print(f"Machine: {machine()}")
    print(
        f"Pages in the sitemap: {build.page_count}; HTML files: {html}; files: {build.file_count};"
    )
    print(f"bytes: {build.total_bytes:,}")
    print()
    print("| build | seconds |")
    print("|---|---|")
    print(f"| first in the process (templates compiled) | {first.seconds:.3f} |")
    print(f"| following, median of {args.runs} | {statistics.median(timings):.3f} |")
    print(f"| following, slowest | {max(timings):.3f} |")


if __name__ == "__main__":
    main()
