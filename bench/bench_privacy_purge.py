"""Benchmark: personal-data encryption, the plaintext scan and a full purge on SQLite.

    .venv/bin/python bench/bench_privacy_purge.py [--contacts 3000] [--filler 20000]

Builds a throw-away SQLite database in a temporary FUKYU_VAR_DIR (migrate, default contract),
inserts --contacts encrypted contacts plus --filler unrelated audit rows (text to scan), then
times: encrypt+decrypt of one value, the column scan for every contact's values, the raw-file
scan, and `privacy_purge --all` end to end (anonymise, redact, VACUUM, scan, certificate).
Prints a Markdown table. Bounded: it stops on its own and leaves nothing running.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--contacts", type=int, default=3000)
    parser.add_argument("--filler", type=int, default=20000)
    args = parser.parse_args()
    var = Path(tempfile.mkdtemp(prefix="fukyu-bench-privacy-"))
    os.environ.update({"FUKYU_VAR_DIR": str(var), "DJANGO_SETTINGS_MODULE": "config.settings.test"})
    os.environ.pop("DATABASE_URL", None)
    try:
        run(args.contacts, args.filler)
    finally:
        shutil.rmtree(var, ignore_errors=True)


def run(n_contacts: int, n_filler: int) -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.utils import timezone

    from fukyu.audit.models import AuditEvent
    from fukyu.core.services import contract_load
    from fukyu.privacy.crypto import decrypt, encrypt
    from fukyu.privacy.models import PersonalContact
    from fukyu.privacy.purge import personal_data_purge
    from fukyu.privacy.scan import scan_columns, scan_raw_files

    call_command("migrate", verbosity=0)
    contract = contract_load(path=settings.FUKYU_DEFAULT_CONTRACT)
    rows: list[tuple[str, float]] = []

    start = time.perf_counter()
    for i in range(2000):
        decrypt(encrypt(f"090-{i:04d}-0000", context="t.c"), context="t.c")
    rows.append(("encrypt + decrypt one value (µs)", (time.perf_counter() - start) / 2000 * 1e6))

    today = timezone.localdate()
    contacts = [
        PersonalContact(
            contract=contract,
            relation="ベンチ",
            name=f"試験 {i:05d}号",
            phone=f"090-{i // 10000:04d}-{i % 10000:04d}",
            email=f"bench{i}@example.jp",
            address=f"宮城県試験市{i}番地",
            recorded_on=today,
        )
        for i in range(n_contacts)
    ]
    start = time.perf_counter()
    PersonalContact.objects.bulk_create(contacts, batch_size=500)
    rows.append((f"insert {n_contacts} encrypted contacts (s)", time.perf_counter() - start))
    now = timezone.now()
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                at=now,
                actor_label="bench",
                action="bench.filler",
                object_type="bench",
                object_id=str(i),
                note=f"問い合わせ対応のメモ {i}：アプリの再インストールを案内",
            )
            for i in range(n_filler)
        ],
        batch_size=1000,
    )
    values = {v for c in contacts for v in (c.name, c.phone, c.email, c.address)}

    start = time.perf_counter()
    report = scan_columns(values)
    rows.append(
        (
            f"column scan: {report.columns} columns × {report.values} value forms (s)",
            time.perf_counter() - start,
        )
    )
    assert report.clean, report.hits
    start = time.perf_counter()
    scan_raw_files(values, report)
    size = sum(
        p.stat().st_size
        for p in Path(settings.DATABASES["default"]["NAME"]).parent.glob("fukyu.sqlite3*")
    )
    rows.append((f"raw file scan, {size / 1e6:.1f} MB (s)", time.perf_counter() - start))

    start = time.perf_counter()
    result = personal_data_purge(
        contract=contract, actor_label="bench", responsible="ベンチ 責任者", everything=True
    )
    rows.append(
        (f"privacy_purge --all, {result.total} rows end to end (s)", time.perf_counter() - start)
    )
    assert result.scan is not None and result.scan.clean

    print(
        f"machine: {os.cpu_count()} CPUs, {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}, SQLite"
    )
    print("| measure | value |\n| --- | ---: |")
    for label, value in rows:
        print(f"| {label} | {value:.3f} |")


if __name__ == "__main__":
    main()
