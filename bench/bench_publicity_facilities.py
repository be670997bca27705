"""Benchmark: the 公共施設一覧 import, the distribution summaries, and design-file inspection.

    .venv/bin/python bench/bench_publicity_facilities.py [--facilities 10000] [--runs 20]

Builds a throw-away SQLite database in a temporary FUKYU_VAR_DIR (migrate, default contract),
then times:
- parsing and importing a synthetic --facilities row CSV (CP932 and UTF-8 with BOM), a re-import
  with nothing changed and one with 10 % of the rows changed;
- with --runs print runs, each planned for the 35 municipalities and 200 facilities, every line
  shipped and received: print_summary, distribution_by_region and distribution_by_facility;
- inspecting an A2 poster at 300 dpi (PNG, 4961×7016, with its thumbnail) and a 100-page PDF.
Prints a Markdown table. Bounded: it stops on its own and leaves nothing running.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import platform
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def timed(func: Callable[[], Any], repeat: int = 1) -> tuple[Any, float]:
    result, best = None, float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - start)
    return result, best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--facilities", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    var = Path(tempfile.mkdtemp(prefix="fukyu-bench-publicity-"))
    os.environ.update({"FUKYU_VAR_DIR": str(var), "DJANGO_SETTINGS_MODULE": "config.settings.test"})
    os.environ.pop("DATABASE_URL", None)
    try:
        run(args.facilities, args.runs)
    finally:
        shutil.rmtree(var, ignore_errors=True)


def facility_csv(municipalities: list[Any], n: int, variant: str = "") -> str:
    from fukyu.publicity.facility_csv import HEADER

    lines = [",".join(HEADER)]
    for i in range(n):
        m = municipalities[i % len(municipalities)]
        cells = dict.fromkeys(HEADER, "")
        cells.update(
            {
                "都道府県コード又は市区町村コード": m.code,
                "NO": f"{i:06d}",
                "都道府県名": "宮城県",
                "市区町村名": m.name,
                "名称": f"{m.name}試験施設{i}{variant if i % 10 == 0 else ''}",
                "名称_カナ": "シケンシセツ",
                "住所": f"宮城県{m.name}試験町{i}番地",
                "緯度": "38.268215",
                "経度": "140.869356",
                "開始時間": "9:00",
                "終了時間": "17:00",
            }
        )
        lines.append(",".join(cells.values()))
    return "\r\n".join(lines) + "\r\n"


def run(n_facilities: int, n_runs: int) -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.utils import timezone
    from PIL import Image
    from pypdf import PdfWriter

    from fukyu.core.models import Municipality
    from fukyu.core.services import contract_load
    from fukyu.publicity import facility_csv as csv_module
    from fukyu.publicity.files import inspect_upload
    from fukyu.publicity.models import (
        DesignItem,
        DistributionLine,
        Facility,
        PrintRun,
        ProofRound,
        Shipment,
    )
    from fukyu.publicity.selectors import (
        distribution_by_facility,
        distribution_by_region,
        print_summary,
    )
    from fukyu.publicity.services import facilities_import

    call_command("migrate", verbosity=0)
    contract = contract_load(path=settings.FUKYU_DEFAULT_CONTRACT)
    towns = list(Municipality.objects.filter(contract=contract))
    rows: list[tuple[str, str]] = []

    text = facility_csv(towns, n_facilities)
    cp932, bom = text.encode("cp932"), text.encode("utf-8-sig")
    kwargs = {"municipalities": towns, "prefecture_code": "040002"}
    _, secs = timed(lambda: csv_module.parse(cp932, **kwargs), repeat=3)
    rows.append((f"parse + validate {n_facilities:,} rows, CP932 (s)", f"{secs:.2f}"))
    _, secs = timed(lambda: csv_module.parse(bom, **kwargs), repeat=3)
    rows.append((f"parse + validate {n_facilities:,} rows, UTF-8 BOM (s)", f"{secs:.2f}"))
    result, secs = timed(lambda: facilities_import(actor=None, contract=contract, data=cp932))
    assert result.created == n_facilities
    rows.append((f"import {n_facilities:,} new facilities (s)", f"{secs:.2f}"))
    result, secs = timed(lambda: facilities_import(actor=None, contract=contract, data=bom))
    assert result.unchanged == n_facilities
    rows.append((f"re-import {n_facilities:,}, nothing changed (s)", f"{secs:.2f}"))
    changed = facility_csv(towns, n_facilities, variant="（改）").encode("utf-8-sig")
    result, secs = timed(lambda: facilities_import(actor=None, contract=contract, data=changed))
    assert result.updated == n_facilities // 10
    rows.append((f"re-import, {result.updated:,} rows changed (s)", f"{secs:.2f}"))

    now = timezone.now()
    facilities = list(Facility.objects.filter(contract=contract)[:200])
    item = DesignItem.objects.create(
        contract=contract, kind="poster", title="bench", status="approved", created_at=now
    )
    proof = ProofRound.objects.create(
        item=item,
        number=1,
        file="x.pdf",
        file_kind="pdf",
        original_name="x.pdf",
        size=1,
        sha256="0" * 64,
        submitted_at=now,
        status="approved",
    )
    shipments = 0
    for r in range(n_runs):
        run_ = PrintRun.objects.create(
            contract=contract,
            item=item,
            proof_round=proof,
            quantity=100000,
            printer="bench",
            delivery_date=dt.date(2024, 11, 1),
            created_at=now,
        )
        lines = [
            DistributionLine(contract=contract, print_run=run_, municipality=m, quantity=100)
            for m in towns
        ] + [
            DistributionLine(contract=contract, print_run=run_, facility=f, quantity=20)
            for f in facilities
        ]
        DistributionLine.objects.bulk_create(lines)
        batch = [
            Shipment(
                line=line,
                quantity=line.quantity,
                shipped_on=dt.date(2024, 11, 5),
                created_at=now,
                received_on=dt.date(2024, 11, 6) if r % 2 == 0 else None,
                received_quantity=line.quantity if r % 2 == 0 else None,
            )
            for line in DistributionLine.objects.filter(print_run=run_)
        ]
        Shipment.objects.bulk_create(batch)
        shipments += len(batch)
    summary, secs = timed(lambda: print_summary(contract=contract), repeat=5)
    assert len(summary) == n_runs
    rows.append(
        (f"print_summary, {n_runs} runs, {shipments:,} shipments (ms)", f"{secs * 1e3:.1f}")
    )
    regions, secs = timed(lambda: distribution_by_region(contract=contract), repeat=5)
    assert sum(r.shipped for r in regions) == n_runs * (35 * 100 + len(facilities) * 20)
    rows.append(("distribution_by_region, all runs (ms)", f"{secs * 1e3:.1f}"))
    by_facility, secs = timed(lambda: distribution_by_facility(contract=contract), repeat=3)
    rows.append((f"distribution_by_facility, {len(by_facility):,} lines (ms)", f"{secs * 1e3:.1f}"))

    out = io.BytesIO()
    Image.new("RGB", (4961, 7016), "navy").save(out, "PNG")
    poster = out.getvalue()
    info, secs = timed(lambda: inspect_upload(io.BytesIO(poster)), repeat=3)
    assert info.width == 4961 and info.thumbnail
    rows.append(
        (f"inspect A2 300 dpi PNG ({len(poster) / 1e6:.1f} MB) + thumbnail (s)", f"{secs:.2f}")
    )
    writer = PdfWriter()
    for _ in range(100):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    pdf = out.getvalue()
    info, secs = timed(lambda: inspect_upload(io.BytesIO(pdf)), repeat=3)
    assert info.page_count == 100
    rows.append(("inspect 100-page PDF (ms)", f"{secs * 1e3:.1f}"))

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    print(f"Machine: {os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()}, SQLite\n")
    print("| measure | value |\n| --- | ---: |")
    for label, value in rows:
        print(f"| {label} | {value} |")


if __name__ == "__main__":
    main()
