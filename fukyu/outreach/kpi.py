"""Campaign KPIs (spec 5(2)イ: 1,000 people from explanation to installation, 2024-12-01 to
2025-02-28, at least one event in each of the 7 regions) and the series the dashboard draws."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from fukyu.core.calendar import TOKYO
from fukyu.core.models import Contract, MiniApp
from fukyu.outreach.models import AgeGroup, DeviceOS, Event, EventStatus, Tap, TapKind
from fukyu.outreach.selectors import RegionRow, region_board


@dataclass(frozen=True)
class Kpi:
    target: int
    installed_total: int
    explained_total: int
    by_region: dict[str, dict[str, int]]
    regions_without_event: list[str]
    days_left: int
    pace_needed_per_event: int | None
    pace_needed_per_day: int | None
    # For the dashboard.
    remaining: int
    events_held: int
    events_remaining: int
    days_total: int
    days_elapsed: int
    pace_per_day: float
    projected_total: int | None
    average_per_event: float | None
    projected_by_events: int | None
    regions: list[RegionRow]

    @property
    def projected_shortfall(self) -> int:
        if self.projected_total is None:
            return 0
        return max(self.target - self.projected_total, 0)


def days_left(*, contract: Contract, today: dt.date) -> int:
    """Campaign days still to come, today included (the whole period before it starts)."""
    cfg = contract.settings
    start, end = cfg.campaign_starts_on, cfg.campaign_ends_on
    if today > end:
        return 0
    return (end - max(today, start)).days + 1


def _ceil_div(amount: int, parts: int) -> int | None:
    if amount <= 0:
        return 0
    return math.ceil(amount / parts) if parts > 0 else None


def campaign_kpi(*, contract: Contract, today: dt.date) -> Kpi:
    cfg = contract.settings
    regions = region_board(contract=contract)
    totals = Tap.objects.filter(event__contract=contract, voided_at__isnull=True).aggregate(
        explained=Count("id"), installed=Count("id", filter=Q(kind=TapKind.INSTALLED))
    )
    installed, explained = totals["installed"], totals["explained"]
    held_installed = Tap.objects.filter(
        event__contract=contract,
        event__status=EventStatus.HELD,
        voided_at__isnull=True,
        kind=TapKind.INSTALLED,
    ).count()
    today_start = dt.datetime.combine(today, dt.time.min, tzinfo=TOKYO)
    events_remaining = Event.objects.filter(
        contract=contract,
        status__in=[EventStatus.DRAFT, EventStatus.CONFIRMED],
        starts_at__gte=today_start,
    ).count()
    events_held = sum(r.held for r in regions)
    remaining = max(cfg.campaign_target_people - installed, 0)
    left = days_left(contract=contract, today=today)
    total_days = (cfg.campaign_ends_on - cfg.campaign_starts_on).days + 1
    elapsed = min(max((today - cfg.campaign_starts_on).days + 1, 0), total_days)
    pace = installed / elapsed if elapsed else 0.0
    average = held_installed / events_held if events_held else None
    return Kpi(
        target=cfg.campaign_target_people,
        installed_total=installed,
        explained_total=explained,
        by_region={
            r.region.code: {"events_held": r.held, "installed": r.installed} for r in regions
        },
        regions_without_event=[r.region.code for r in regions if r.lacking],
        days_left=left,
        pace_needed_per_event=_ceil_div(remaining, events_remaining),
        pace_needed_per_day=_ceil_div(remaining, left),
        remaining=remaining,
        events_held=events_held,
        events_remaining=events_remaining,
        days_total=total_days,
        days_elapsed=elapsed,
        pace_per_day=pace,
        projected_total=round(pace * total_days) if elapsed else None,
        average_per_event=average,
        projected_by_events=(
            installed + round(average * events_remaining) if average is not None else None
        ),
        regions=regions,
    )


@dataclass(frozen=True)
class CumulativePoint:
    date: dt.date
    installed: int


def cumulative_installs(*, contract: Contract, today: dt.date) -> list[CumulativePoint]:
    """Installs added up by event day, over the campaign period up to today."""
    cfg = contract.settings
    per_event = dict(
        Tap.objects.filter(event__contract=contract, voided_at__isnull=True, kind=TapKind.INSTALLED)
        .values_list("event_id")
        .annotate(n=Count("id"))
    )
    per_day: dict[dt.date, int] = defaultdict(int)
    for event in Event.objects.filter(pk__in=per_event).only("id", "starts_at"):
        per_day[event.day] += per_event[event.pk]
    start = cfg.campaign_starts_on
    last = min(today, cfg.campaign_ends_on)
    points, running = [], 0
    # Installs recorded outside the period (none in practice) count from its first day.
    running += sum(n for d, n in per_day.items() if d < start)
    day = start
    while day <= last:
        running += per_day.get(day, 0)
        points.append(CumulativePoint(day, running))
        day += dt.timedelta(days=1)
    return points


@dataclass(frozen=True)
class EventBar:
    event: Event
    explained: int
    installed: int


def by_event(*, contract: Contract) -> list[EventBar]:
    events = (
        Event.objects.filter(contract=contract)
        .exclude(status=EventStatus.CANCELLED)
        .select_related("region")
        .annotate(
            explained=Count("taps", filter=Q(taps__voided_at__isnull=True)),
            installed=Count(
                "taps", filter=Q(taps__voided_at__isnull=True, taps__kind=TapKind.INSTALLED)
            ),
        )
        .order_by("starts_at", "id")
    )
    return [
        EventBar(e, e.explained, e.installed)
        for e in events
        if e.status == EventStatus.HELD or e.explained
    ]


@dataclass(frozen=True)
class Breakdown:
    code: str
    label: str
    explained: int
    installed: int


def _breakdown_of(
    taps: QuerySet[Tap], field: str, choices: list[tuple[str, str]]
) -> list[Breakdown]:
    rows = taps.values(field).annotate(
        explained=Count("id"), installed=Count("id", filter=Q(kind=TapKind.INSTALLED))
    )
    counts = {row[field]: row for row in rows}
    return [
        Breakdown(
            code,
            label,
            counts.get(code, {}).get("explained", 0),
            counts.get(code, {}).get("installed", 0),
        )
        for code, label in [*choices, ("", "未入力")]
    ]


def _breakdown(contract: Contract, field: str, choices: list[tuple[str, str]]) -> list[Breakdown]:
    taps = Tap.objects.filter(event__contract=contract, voided_at__isnull=True)
    return _breakdown_of(taps, field, choices)


def by_age_group(*, contract: Contract) -> list[Breakdown]:
    return _breakdown(contract, "age_group", list(AgeGroup.choices))


def by_os(*, contract: Contract) -> list[Breakdown]:
    return _breakdown(contract, "os", list(DeviceOS.choices))


@dataclass(frozen=True)
class EventFigures:
    explained_total: int
    installed_total: int
    registered: int
    ages: list[Breakdown]
    systems: list[Breakdown]
    mini_apps: list[tuple[str, int]]


def event_figures(*, event: Event) -> EventFigures:
    """The numbers of one event for its report."""
    taps = Tap.objects.filter(event=event, voided_at__isnull=True)
    totals = taps.aggregate(
        explained=Count("id"),
        installed=Count("id", filter=Q(kind=TapKind.INSTALLED)),
        registered=Count("id", filter=Q(registered=True)),
    )
    shown: dict[str, int] = defaultdict(int)
    for codes in taps.exclude(mini_apps=[]).values_list("mini_apps", flat=True):
        for code in codes:
            shown[code] += 1
    names = dict(MiniApp.objects.filter(contract_id=event.contract_id).values_list("code", "name"))
    return EventFigures(
        explained_total=totals["explained"],
        installed_total=totals["installed"],
        registered=totals["registered"],
        ages=_breakdown_of(taps, "age_group", list(AgeGroup.choices)),
        systems=_breakdown_of(taps, "os", list(DeviceOS.choices)),
        mini_apps=sorted(
            ((names.get(c, c), n) for c, n in shown.items()), key=lambda item: -item[1]
        ),
    )
