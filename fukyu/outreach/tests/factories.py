"""factory_boy factories for outreach objects (synthetic data only)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import factory

from fukyu.core.calendar import TOKYO
from fukyu.core.models import Contract, Municipality, Region
from fukyu.outreach.models import Event, EventStatus, TallyBatch, Tap, TapKind, Venue, VenueKind


def at(day: str, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour, minute), tzinfo=TOKYO)


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    name = factory.Sequence(lambda n: f"テストモール{n}")
    address = factory.Sequence(lambda n: f"宮城県仙台市青葉区テスト町{n}-1")
    kind = VenueKind.COMMERCIAL


class EventFactory(factory.django.DjangoModelFactory):
    """An event in the Sendai region by default; pass `region_code`/`municipality_code`."""

    class Meta:
        model = Event
        exclude = ("region_code", "municipality_code", "day")

    region_code = "sendai"
    municipality_code = "041009"
    day = "2024-12-07"
    title = factory.Sequence(lambda n: f"普及イベント{n}")
    region = factory.LazyAttribute(
        lambda o: Region.objects.get(contract=o.contract, code=o.region_code)
    )
    municipality = factory.LazyAttribute(
        lambda o: Municipality.objects.get(contract=o.contract, code=o.municipality_code)
    )
    venue = factory.LazyAttribute(lambda o: VenueFactory(contract=o.contract))
    starts_at = factory.LazyAttribute(lambda o: at(o.day, 10))
    ends_at = factory.LazyAttribute(lambda o: at(o.day, 16))
    status = EventStatus.CONFIRMED


def make_taps(event: Event, *, explained: int = 0, installed: int = 0, **attrs: Any) -> list[Tap]:
    """Taps written directly (for read-side tests); the API path is tested separately."""
    batch = TallyBatch.objects.create(event=event, received_at=event.starts_at)
    taps = [
        Tap(event=event, batch=batch, uuid=uuid.uuid4(), kind=kind, at=event.starts_at, **attrs)
        for kind, n in ((TapKind.EXPLAINED, explained), (TapKind.INSTALLED, installed))
        for _ in range(n)
    ]
    return Tap.objects.bulk_create(taps)


def region_municipality(contract: Contract, region_code: str) -> str:
    return Municipality.objects.filter(contract=contract, region__code=region_code).first().code  # type: ignore[union-attr]
