"""Reads of events: lists, the planning board, the month calendar and the checklist.
Campaign KPIs and chart series are in `kpi.py`."""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from fukyu.accounts.models import User
from fukyu.core.calendar import TOKYO, holiday_name
from fukyu.core.models import Contract, Region
from fukyu.outreach.models import (
    CHECKLIST,
    LIVE_STATUSES,
    Event,
    EventPhoto,
    EventStatus,
    Tap,
    TapKind,
)

LIVE = Q(taps__voided_at__isnull=True)


def event_queryset(*, contract: Contract) -> QuerySet[Event]:
    """Events of the contract with their region, municipality and venue, and tap totals."""
    return (
        Event.objects.filter(contract=contract)
        .select_related("region", "municipality", "venue")
        .annotate(
            explained_total=Count("taps", filter=LIVE),
            installed_total=Count("taps", filter=LIVE & Q(taps__kind=TapKind.INSTALLED)),
        )
        .order_by("starts_at", "id")
    )


def event_list(
    *, contract: Contract, region: Region | None = None, status: str | None = None
) -> QuerySet[Event]:
    qs = event_queryset(contract=contract)
    if region is not None:
        qs = qs.filter(region=region)
    if status:
        qs = qs.filter(status=status)
    return qs


def event_with_staff(*, contract: Contract) -> QuerySet[Event]:
    return event_queryset(contract=contract).prefetch_related("staff", "materials", "photos")


def public_event_list(*, contract: Contract) -> QuerySet[Event]:
    """What the public website shows: confirmed or held events, by start, N+1-free."""
    return (
        Event.objects.filter(contract=contract, status__in=LIVE_STATUSES)
        .select_related("region", "municipality", "venue")
        .order_by("starts_at", "id")
    )


def upcoming_events(*, contract: Contract, today: dt.date, limit: int = 5) -> list[Event]:
    start = dt.datetime.combine(today, dt.time.min, tzinfo=TOKYO)
    return list(
        event_queryset(contract=contract)
        .filter(starts_at__gte=start)
        .exclude(status=EventStatus.CANCELLED)[:limit]
    )


@dataclass(frozen=True)
class Totals:
    explained_total: int
    installed_total: int


def event_totals(*, event: Event) -> Totals:
    counts = Tap.objects.filter(event=event, voided_at__isnull=True).aggregate(
        explained=Count("id"), installed=Count("id", filter=Q(kind=TapKind.INSTALLED))
    )
    return Totals(counts["explained"], counts["installed"])


@dataclass(frozen=True)
class ChecklistRow:
    field: str
    label: str
    done_at: dt.datetime | None
    deadline: dt.date
    overdue: bool


def checklist(*, event: Event, today: dt.date) -> list[ChecklistRow]:
    """Each item is due by the day before the event; from that day on, an open item is
    overdue (shown red) unless the event is cancelled."""
    deadline = event.day - dt.timedelta(days=1)
    active = event.status != EventStatus.CANCELLED
    rows = []
    for name, label in CHECKLIST:
        done_at = getattr(event, name)
        rows.append(
            ChecklistRow(
                field=name,
                label=label,
                done_at=done_at,
                deadline=deadline,
                overdue=active and done_at is None and today >= deadline,
            )
        )
    return rows


def checklist_overdue(*, event: Event, today: dt.date) -> int:
    return sum(1 for row in checklist(event=event, today=today) if row.overdue)


@dataclass(frozen=True)
class RegionRow:
    region: Region
    held: int
    planned: int
    installed: int
    explained: int
    lacking: bool


def region_board(*, contract: Contract) -> list[RegionRow]:
    """The 7 regions: held and planned events, people helped, and whether a region still
    lacks the held events the contract asks for (campaign_min_events_per_region)."""
    minimum = max(contract.settings.campaign_min_events_per_region, 1)
    regions = list(
        Region.objects.filter(contract=contract).annotate(
            held=Count("events", filter=Q(events__status=EventStatus.HELD), distinct=True),
            planned=Count(
                "events",
                filter=Q(events__status__in=[EventStatus.DRAFT, EventStatus.CONFIRMED]),
                distinct=True,
            ),
        )
    )
    taps = (
        Tap.objects.filter(event__contract=contract, voided_at__isnull=True)
        .values("event__region_id")
        .annotate(explained=Count("id"), installed=Count("id", filter=Q(kind=TapKind.INSTALLED)))
    )
    by_region: dict[int, Any] = {row["event__region_id"]: row for row in taps}
    rows = []
    for region in regions:
        counts = by_region.get(region.pk, {})
        held = region.held
        rows.append(
            RegionRow(
                region=region,
                held=held,
                planned=region.planned,
                installed=counts.get("installed", 0),
                explained=counts.get("explained", 0),
                lacking=held < minimum,
            )
        )
    return rows


@dataclass(frozen=True)
class CalendarDay:
    date: dt.date
    in_month: bool
    holiday: str | None
    events: list[Event]


def month_calendar(*, contract: Contract, year: int, month: int) -> list[list[CalendarDay]]:
    """Weeks (Monday first) covering the month, each day with its events."""
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    first, last = weeks[0][0], weeks[-1][-1]
    start = dt.datetime.combine(first, dt.time.min, tzinfo=TOKYO)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=TOKYO)
    by_day: dict[dt.date, list[Event]] = defaultdict(list)
    for event in event_queryset(contract=contract).filter(starts_at__gte=start, starts_at__lt=end):
        by_day[event.day].append(event)
    return [
        [CalendarDay(d, d.month == month, holiday_name(d), by_day.get(d, [])) for d in week]
        for week in weeks
    ]


def staff_candidates() -> QuerySet[User]:
    """Active users whose role runs events (event staff and managers)."""
    return (
        User.objects.filter(is_active=True, groups__name__in=["outreach", "manager"])
        .distinct()
        .order_by("display_name", "username")
    )


def photo_get(*, contract: Contract, event_pk: int, photo_pk: int) -> EventPhoto:
    return EventPhoto.objects.select_related("event").get(
        pk=photo_pk, event_id=event_pk, event__contract=contract
    )
