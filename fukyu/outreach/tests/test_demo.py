"""The outreach part of the demo season."""

from __future__ import annotations

import random

import pytest
from django.test import override_settings

from fukyu.core.models import Contract
from fukyu.outreach.demo import seed
from fukyu.outreach.models import KATAKANA, Event

pytestmark = pytest.mark.django_db


def test_demo_events_carry_a_katakana_reading(contract: Contract) -> None:
    with override_settings(FUKYU_TODAY="2024-11-15"):
        seed(contract=contract, rng=random.Random(7), scale=0.01)
    events = list(Event.objects.filter(contract=contract).select_related("municipality"))
    assert events
    for event in events:
        assert event.title_kana.startswith(event.municipality.kana[:1].translate(HIRA_TO_KATA))
        assert KATAKANA.fullmatch(event.title_kana), event.title_kana
        event.full_clean()


HIRA_TO_KATA = {c: c + 0x60 for c in range(ord("ぁ"), ord("ゖ") + 1)}
