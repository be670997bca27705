"""The synthetic demo season of `manage.py seed_demo`: deterministic, complete, marked synthetic."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction

from fukyu.callcenter.models import Caller, FaqEntry, Inquiry
from fukyu.callcenter.services import inquiry_number_next
from fukyu.core.management.commands import seed_demo
from fukyu.core.models import Region
from fukyu.core.selectors import active_contract
from fukyu.governance.models import Meeting
from fukyu.outreach.models import Event
from fukyu.publicity.models import PrintRun

SCALE = "0.02"


def _fingerprint() -> str:
    """A digest of what the season contains (inquiries, FAQ, events), independent of row ids."""
    digest = hashlib.sha256()
    for row in Inquiry.objects.order_by("seq").values_list(
        "number", "received_at", "summary", "category__code", "municipality__code", "outcome"
    ):
        digest.update(repr(row).encode())
    for question in FaqEntry.objects.order_by("question").values_list("question", flat=True):
        digest.update(question.encode())
    for event in Event.objects.order_by("starts_at", "title").values_list(
        "title", "starts_at", "region__code", "status"
    ):
        digest.update(repr(event).encode())
    return digest.hexdigest()


def _season(seed: str) -> tuple[str, dict[str, Any]]:
    """Seed a season inside a transaction that is rolled back: each run starts from scratch."""
    with transaction.atomic():
        call_command("seed_demo", "--seed", seed, "--scale", SCALE)
        facts = {
            "inquiries": Inquiry.objects.count(),
            "faq": FaqEntry.objects.count(),
            "regions_without_event": sorted(
                Region.objects.exclude(events__isnull=False).values_list("code", flat=True)
            ),
            "events": Event.objects.count(),
            "meetings_confirmed": Meeting.objects.filter(status="confirmed").count(),
            "print_runs": PrintRun.objects.count(),
            "callers": list(Caller.objects.values_list("name", "phone")[:50]),
            "synthetic": Inquiry.objects.exclude(summary__contains="（合成）").count(),
            "outside_season": Inquiry.objects.exclude(
                received_at__date__range=("2024-10-31", "2025-03-29")
            ).count(),
        }
        fingerprint = _fingerprint()
        transaction.set_rollback(True)
    return fingerprint, facts


@pytest.fixture
def var_dir(tmp_path: Path, monkeypatch: Any, settings: Any) -> Path:
    """Demo logins and uploaded demo files go to a temporary directory, not var/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setattr(seed_demo, "VAR_DIR", tmp_path)
    return tmp_path


def test_same_seed_same_season_and_every_region_has_an_event(
    db: Any, var_dir: Path, capsys: Any
) -> None:
    first, facts = _season("7")
    again, facts_again = _season("7")
    other, _ = _season("8")
    assert first == again
    assert facts == facts_again
    assert other != first
    assert 600 <= facts["inquiries"] <= 1000  # 2% of the 40,000 forecast
    assert facts["faq"] >= 140
    assert facts["regions_without_event"] == []
    assert facts["events"] >= 20
    assert facts["meetings_confirmed"] >= 1
    assert facts["print_runs"] == 1
    assert facts["synthetic"] == 0
    assert facts["outside_season"] == 0
    assert facts["callers"]
    for name, phone in facts["callers"]:
        assert phone.startswith("090-0000-")
        assert name.split()[0] in {"テスト", "サンプル", "デモ", "架空"}
    assert (var_dir / "demo_logins.txt").exists()
    assert "合成" in capsys.readouterr().out


def test_inquiry_numbers_are_a_gapless_sequence_in_time_order(db: Any, var_dir: Path) -> None:
    call_command("seed_demo", "--seed", "3", "--scale", "0.01")
    rows = list(Inquiry.objects.order_by("seq").values_list("seq", "number", "received_at"))
    assert [seq for seq, _, _ in rows] == list(range(1, len(rows) + 1))
    assert all(number == f"R6-{seq:06d}" for seq, number, _ in rows)
    times = [at for _, _, at in rows]
    assert times == sorted(times)
    # The next inquiry logged by hand continues the sequence (the counter was advanced).
    with transaction.atomic():
        seq, _ = inquiry_number_next(contract=active_contract())
    assert seq == len(rows) + 1
