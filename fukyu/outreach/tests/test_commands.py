"""manage.py outreach_demo: a synthetic season through the real services."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from fukyu.audit.models import AuditEvent
from fukyu.core.models import Contract
from fukyu.outreach.models import Event, EventStatus, Tap


@override_settings(FUKYU_TODAY="2025-01-20")
def test_outreach_demo_builds_a_season(contract: Contract) -> None:
    out = io.StringIO()
    call_command("outreach_demo", stdout=out)
    assert "イベント9件" in out.getvalue()
    held = Event.objects.filter(status=EventStatus.HELD)
    assert held.count() == 5  # the events before 2025-01-20
    assert Event.objects.filter(status=EventStatus.CONFIRMED).count() == 4
    assert Tap.objects.exclude(event__in=held).count() == 0
    assert Tap.objects.count() > 400
    assert set(Event.objects.values_list("region__code", flat=True)) >= {
        "senan",
        "sendai",
        "osaki",
        "kurihara",
        "tome",
        "ishinomaki",
        "kesennuma_motoyoshi",
    }
    assert AuditEvent.objects.filter(action="tally.record").count() == 5
    with pytest.raises(CommandError, match="既にイベントがあります"):
        call_command("outreach_demo", stdout=io.StringIO())
