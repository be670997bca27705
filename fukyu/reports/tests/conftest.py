"""A small synthetic season across the apps, for the reports' tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from fukyu.callcenter.tests.factories import category, make_faq, make_inquiry, mini_app
from fukyu.core.calendar import TOKYO
from fukyu.core.models import Contract
from fukyu.governance.services import meeting_confirm
from fukyu.governance.tests.factories import make_meeting
from fukyu.outreach.models import EventStatus
from fukyu.outreach.tests.factories import EventFactory, make_taps
from fukyu.publicity.models import PrintRun
from fukyu.publicity.tests.factories import print_run


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Path:
    """Submitted files and uploaded forms go to a temporary MEDIA_ROOT."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


DEC = dt.datetime(2024, 12, 10, 11, 0, tzinfo=TOKYO)


@dataclass
class Season:
    contract: Contract
    manager: Any
    client: Any
    run: PrintRun


@pytest.fixture
def season(contract: Contract, make_user: Any) -> Season:
    manager, client = make_user("manager"), make_user("client")
    publicity = make_user("publicity")
    for _ in range(3):
        make_inquiry(contract, manager, age_group="20s")
    make_inquiry(
        contract,
        manager,
        received_at=DEC,
        category=category(contract, "mynumber_card"),
        mini_app=mini_app(contract),
        age_group="70s",
        outcome="resolved",
    )
    make_faq(contract, manager)
    held = EventFactory(contract=contract, status=EventStatus.HELD, title="仙台モール普及会")
    make_taps(held, explained=3, installed=2, age_group="20s", os="ios")
    make_taps(held, installed=1, age_group="70s", os="android")
    meeting = make_meeting(contract, manager, submit=True)
    meeting_confirm(actor=client, meeting=meeting)
    run = print_run(contract, publicity, client, quantity=1500)
    return Season(contract, manager, client, run)
