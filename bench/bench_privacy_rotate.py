"""Benchmark: key rotation (data keys and blind-index keys) and phone lookups on SQLite.

    .venv/bin/python bench/bench_privacy_rotate.py [--contacts 5000]

Builds a throw-away SQLite database in a temporary FUKYU_VAR_DIR (so its key file is a
throw-away one too), inserts --contacts encrypted contacts with their phone index, then times:
a phone lookup with one blind-index key, the same while a new key has been added (two hashes
looked up), `privacy_rotate_keys --new-keys` end to end (re-encrypt 4 fields per contact,
recompute the index, a second checking pass, retire the old keys), and the lookup afterwards.
Prints a Markdown table. Bounded: it stops on its own and leaves nothing running.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--contacts", type=int, default=5000)
    args = parser.parse_args()
    var = Path(tempfile.mkdtemp(prefix="fukyu-bench-rotate-"))
    os.environ.update({"FUKYU_VAR_DIR": str(var), "DJANGO_SETTINGS_MODULE": "config.settings.test"})
    for name in ("DATABASE_URL", "FUKYU_DATA_KEYS", "FUKYU_HMAC_KEY"):
        os.environ.pop(name, None)
    try:
        run(args.contacts)
    finally:
        shutil.rmtree(var, ignore_errors=True)


def median_ms(fn: Callable[[], object], repeats: int = 51) -> float:
    fn()
    runs = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs) * 1e3


def run(n_contacts: int) -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.utils import timezone

    from fukyu.core.services import contract_load
    from fukyu.privacy.contacts import PHONE_PURPOSE, contact_find_by_phone
    from fukyu.privacy.crypto import blind_index, normalize_phone
    from fukyu.privacy.keys import hmac_key_add
    from fukyu.privacy.models import PersonalContact
    from fukyu.privacy.rotation import keys_rotate

    call_command("migrate", verbosity=0)
    contract = contract_load(path=settings.FUKYU_DEFAULT_CONTRACT)
    today = timezone.localdate()
    phones = [f"090-{i // 10000:04d}-{i % 10000:04d}" for i in range(n_contacts)]
    PersonalContact.objects.bulk_create(
        [
            PersonalContact(
                contract=contract,
                relation="ベンチ",
                name=f"試験 {i:05d}号",
                phone=phone,
                email=f"bench{i}@example.jp",
                address=f"宮城県試験市{i}番地",
                phone_index=blind_index(normalize_phone(phone), purpose=PHONE_PURPOSE),
                recorded_on=today,
            )
            for i, phone in enumerate(phones)
        ],
        batch_size=500,
    )
    probe = phones[n_contacts // 2]

    def lookup() -> None:
        assert len(contact_find_by_phone(contract=contract, phone=probe)) == 1

    rows: list[tuple[str, float]] = [("phone lookup, one index key (ms)", median_ms(lookup))]
    hmac_key_add()
    rows.append(
        ("phone lookup while a new index key is added, before re-indexing (ms)", median_ms(lookup))
    )
    start = time.perf_counter()
    result = keys_rotate(actor="bench", new_keys=True)
    elapsed = time.perf_counter() - start
    assert result.retired, "old keys should be retired"
    rows.append(
        (
            f"`privacy_rotate_keys --new-keys`: {result.total:,} values re-encrypted, "
            f"{result.total_reindexed:,} index values recomputed (s)",
            elapsed,
        )
    )
    rows.append(("phone lookup after the rotation (ms)", median_ms(lookup)))
    print(
        f"machine: {os.cpu_count()} CPUs, {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}, SQLite; {n_contacts:,} contacts"
    )
    print("| measure | value |\n| --- | ---: |")
    for label, value in rows:
        print(f"| {label} | {value:.3f} |")


if __name__ == "__main__":
    main()
