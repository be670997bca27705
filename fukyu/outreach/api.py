"""The outreach API: events, the on-site tally and the campaign KPIs (mounted at /api/v1/)."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any, Literal

from django.db import transaction
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from fukyu.accounts.api_auth import API_AUTH
from fukyu.accounts.models import User
from fukyu.accounts.permissions import api_require
from fukyu.core import clock
from fukyu.core.models import Contract, Municipality, Region
from fukyu.core.selectors import active_contract
from fukyu.outreach.kpi import campaign_kpi
from fukyu.outreach.models import Event, EventStatus, Tap
from fukyu.outreach.selectors import (
    checklist,
    event_list,
    event_totals,
    event_with_staff,
    staff_candidates,
)
from fukyu.outreach.services import VenueData, event_create, event_update, venue_upsert
from fukyu.outreach.tally import tally_record, tap_void

router = Router(tags=["普及イベント"])

EventStatusIn = Literal["draft", "confirmed", "held", "cancelled"]
VenueKindIn = Literal["commercial", "public", "other"]
WifiResultIn = Literal["untested", "ok", "unstable", "failed"]


class VenueIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    address: str = Field(..., min_length=1, max_length=300)
    kind: VenueKindIn
    latitude: Decimal | None = None
    longitude: Decimal | None = None


class EventIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    region: str
    municipality: str
    venue: VenueIn
    starts_at: dt.datetime
    ends_at: dt.datetime
    status: EventStatusIn = "draft"
    app_provider_joins: bool = False
    disaster_demo: bool = True
    wifi_equipment: str = Field("", max_length=200)
    wifi_setup: str = ""
    wifi_result: WifiResultIn = "untested"
    wifi_speed_mbps: Decimal | None = None
    wifi_fallback: str = Field("", max_length=300)
    notes: str = ""
    staff: list[str] = Field(default_factory=list, description="担当者の利用者名")


class EventPatch(Schema):
    title: str | None = Field(None, min_length=1, max_length=200)
    region: str | None = None
    municipality: str | None = None
    venue: VenueIn | None = None
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None
    status: EventStatusIn | None = None
    app_provider_joins: bool | None = None
    disaster_demo: bool | None = None
    wifi_equipment: str | None = Field(None, max_length=200)
    wifi_setup: str | None = None
    wifi_result: WifiResultIn | None = None
    wifi_speed_mbps: Decimal | None = None
    wifi_fallback: str | None = Field(None, max_length=300)
    notes: str | None = None
    staff: list[str] | None = None


NULLABLE = frozenset({"wifi_speed_mbps"})
DETAIL_FIELDS = (
    "app_provider_joins",
    "disaster_demo",
    "wifi_equipment",
    "wifi_setup",
    "wifi_result",
    "wifi_speed_mbps",
    "wifi_fallback",
    "notes",
)


class CodeNameOut(Schema):
    code: str
    name: str


class VenueOut(Schema):
    name: str
    address: str
    kind: str
    kind_label: str
    latitude: Decimal | None
    longitude: Decimal | None


class WifiOut(Schema):
    equipment: str
    setup: str
    result: str
    result_label: str
    speed_mbps: Decimal | None
    fallback: str


class ChecklistOut(Schema):
    item: str
    label: str
    done: bool
    done_at: dt.datetime | None
    deadline: dt.date
    overdue: bool


class EventOut(Schema):
    id: int
    title: str
    region: CodeNameOut
    municipality: CodeNameOut
    venue: VenueOut
    starts_at: dt.datetime
    ends_at: dt.datetime
    status: str
    status_label: str
    app_provider_joins: bool
    disaster_demo: bool
    wifi: WifiOut
    notes: str
    staff: list[str]
    explained_total: int
    installed_total: int
    checklist: list[ChecklistOut]
    warnings: list[str]


def event_out(event: Event, today: dt.date) -> EventOut:
    venue = event.venue
    return EventOut(
        id=event.pk,
        title=event.title,
        region=CodeNameOut(code=event.region.code, name=event.region.name),
        municipality=CodeNameOut(code=event.municipality.code, name=event.municipality.name),
        venue=VenueOut(
            name=venue.name,
            address=venue.address,
            kind=venue.kind,
            kind_label=venue.get_kind_display(),
            latitude=venue.latitude,
            longitude=venue.longitude,
        ),
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        status=event.status,
        status_label=event.get_status_display(),
        app_provider_joins=event.app_provider_joins,
        disaster_demo=event.disaster_demo,
        wifi=WifiOut(
            equipment=event.wifi_equipment,
            setup=event.wifi_setup,
            result=event.wifi_result,
            result_label=event.get_wifi_result_display(),
            speed_mbps=event.wifi_speed_mbps,
            fallback=event.wifi_fallback,
        ),
        notes=event.notes,
        staff=[u.get_username() for u in event.staff.all()],
        explained_total=event.explained_total,  # type: ignore[attr-defined]
        installed_total=event.installed_total,  # type: ignore[attr-defined]
        checklist=[
            ChecklistOut(
                item=row.field,
                label=row.label,
                done=row.done_at is not None,
                done_at=row.done_at,
                deadline=row.deadline,
                overdue=row.overdue,
            )
            for row in checklist(event=event, today=today)
        ],
        warnings=event.warnings,
    )


def _region(contract: Contract, code: str) -> Region:
    region = Region.objects.filter(contract=contract, code=code).first()
    if region is None:
        raise HttpError(422, f"region: 圏域コード {code!r} はありません")
    return region


def _municipality(contract: Contract, code: str) -> Municipality:
    found = Municipality.objects.filter(contract=contract, code=code).select_related("region")
    municipality = found.first()
    if municipality is None:
        raise HttpError(422, f"municipality: 団体コード {code!r}（6桁）の市町村はありません")
    return municipality


def _staff(usernames: list[str]) -> list[User]:
    users = list(staff_candidates().filter(username__in=usernames))
    missing = sorted(set(usernames) - {u.username for u in users})
    if missing:
        raise HttpError(
            422, f"staff: イベントスタッフ・業務責任者ではない利用者名です（{', '.join(missing)}）"
        )
    return users


def _venue(payload: VenueIn) -> VenueData:
    return VenueData(
        name=payload.name,
        address=payload.address,
        kind=payload.kind,
        latitude=payload.latitude,
        longitude=payload.longitude,
    )


def _event(contract: Contract, event_id: int) -> Event:
    event = event_with_staff(contract=contract).filter(pk=event_id).first()
    if event is None:
        raise HttpError(404, "イベントが見つかりません")
    return event


@router.post("/events", response={201: EventOut}, auth=API_AUTH)
def create_event(request: HttpRequest, payload: EventIn) -> Status[EventOut]:
    """Plan an event (outreach staff or manager). Dates must fall inside the campaign period;
    a venue that is not a place where many residents gather comes back with a warning."""
    user = api_require(request, "outreach_manage")
    contract = active_contract()
    region = _region(contract, payload.region)
    municipality = _municipality(contract, payload.municipality)
    staff = _staff(payload.staff)
    with transaction.atomic():
        venue = venue_upsert(actor=user, contract=contract, data=_venue(payload.venue))
        event = event_create(
            actor=user,
            contract=contract,
            title=payload.title,
            region=region,
            municipality=municipality,
            venue=venue,
            starts_at=payload.starts_at,
            ends_at=payload.ends_at,
            status=payload.status,
            staff=staff,
            details={f: getattr(payload, f) for f in DETAIL_FIELDS},
        )
    return Status(201, event_out(_event(contract, event.pk), clock.today()))


@router.get("/events", response=list[EventOut], auth=API_AUTH)
def list_events(request: HttpRequest, region: str = "", status: str = "") -> list[EventOut]:
    """Events by start; filter by `region` (code) and `status`."""
    api_require(request, "outreach_read")
    contract = active_contract()
    if status and status not in EventStatus.values:
        raise HttpError(422, "status は draft・confirmed・held・cancelled のいずれかです")
    found = event_list(
        contract=contract,
        region=_region(contract, region) if region else None,
        status=status or None,
    ).prefetch_related("staff")
    today = clock.today()
    return [event_out(e, today) for e in found]


@router.get("/events/{int:event_id}", response=EventOut, auth=API_AUTH)
def get_event(request: HttpRequest, event_id: int) -> EventOut:
    api_require(request, "outreach_read")
    return event_out(_event(active_contract(), event_id), clock.today())


@router.patch("/events/{int:event_id}", response=EventOut, auth=API_AUTH)
def patch_event(request: HttpRequest, event_id: int, payload: EventPatch) -> EventOut:
    """Change any field, e.g. `{"status": "held"}`; an event counts as held by its status."""
    user = api_require(request, "outreach_manage")
    contract = active_contract()
    event = _event(contract, event_id)
    data: dict[str, Any] = payload.dict(exclude_unset=True)
    nulls = sorted(k for k, v in data.items() if v is None and k not in NULLABLE)
    if nulls:
        raise HttpError(422, f"{', '.join(nulls)}: null は指定できません")
    changes: dict[str, Any] = {k: data[k] for k in DETAIL_FIELDS if k in data}
    for key in ("title", "starts_at", "ends_at", "status"):
        if key in data:
            changes[key] = getattr(payload, key)
    if "region" in data:
        changes["region"] = _region(contract, data["region"])
    if "municipality" in data:
        changes["municipality"] = _municipality(contract, data["municipality"])
    staff = _staff(data["staff"]) if "staff" in data else None
    with transaction.atomic():
        if payload.venue is not None:
            changes["venue"] = venue_upsert(
                actor=user, contract=contract, data=_venue(payload.venue)
            )
        event_update(actor=user, event=event, changes=changes, staff=staff)
    return event_out(_event(contract, event_id), clock.today())


class TallyIn(Schema):
    taps: list[Any]


class RejectedOut(Schema):
    index: int
    uuid: str | None
    reason: str


class TallyOut(Schema):
    accepted: int
    duplicates: int
    rejected: list[RejectedOut]
    explained_total: int
    installed_total: int


@router.post("/events/{int:event_id}/tally", response=TallyOut, auth=API_AUTH)
def post_tally(request: HttpRequest, event_id: int, payload: TallyIn) -> TallyOut:
    """Record taps `{uuid, kind, at, age_group?, os?, municipality?, region?, mini_apps?,
    registered?}`; idempotent per uuid. Malformed items come back in `rejected` with a reason,
    the good ones are kept. `explained_total` counts both kinds."""
    user = api_require(request, "outreach_manage")
    event = _event(active_contract(), event_id)
    result = tally_record(actor=user, event=event, taps=payload.taps)
    totals = event_totals(event=event)
    return TallyOut(
        accepted=result.accepted,
        duplicates=result.duplicates,
        rejected=[
            RejectedOut(index=r.index, uuid=r.uuid, reason=r.reason) for r in result.rejected
        ],
        explained_total=totals.explained_total,
        installed_total=totals.installed_total,
    )


class VoidOut(Schema):
    uuid: uuid.UUID
    voided: bool
    already_voided: bool
    explained_total: int
    installed_total: int


@router.delete("/events/{int:event_id}/tally/{uuid:tap_uuid}", response=VoidOut, auth=API_AUTH)
def void_tap(request: HttpRequest, event_id: int, tap_uuid: uuid.UUID) -> VoidOut:
    """Undo a tap already sent (kept on record as voided; counted nowhere)."""
    user = api_require(request, "outreach_manage")
    event = _event(active_contract(), event_id)
    try:
        tap, changed = tap_void(actor=user, event=event, tap_uuid=tap_uuid)
    except Tap.DoesNotExist:
        raise HttpError(404, "この記録はまだ届いていません") from None
    totals = event_totals(event=event)
    return VoidOut(
        uuid=tap.uuid,
        voided=True,
        already_voided=not changed,
        explained_total=totals.explained_total,
        installed_total=totals.installed_total,
    )


class RegionKpiOut(Schema):
    events_held: int
    installed: int


class KpiOut(Schema):
    target: int
    installed_total: int
    explained_total: int
    by_region: dict[str, RegionKpiOut]
    regions_without_event: list[str]
    days_left: int
    pace_needed_per_event: int | None
    pace_needed_per_day: int | None


@router.get("/outreach/kpi", response=KpiOut, auth=API_AUTH)
def kpi(request: HttpRequest) -> KpiOut:
    """Campaign KPIs: installs against the target, per region, days left (by the system's
    clock) and the pace needed per remaining planned event and per remaining day."""
    api_require(request, "outreach_read")
    k = campaign_kpi(contract=active_contract(), today=clock.today())
    return KpiOut(
        target=k.target,
        installed_total=k.installed_total,
        explained_total=k.explained_total,
        by_region={c: RegionKpiOut(**v) for c, v in k.by_region.items()},
        regions_without_event=k.regions_without_event,
        days_left=k.days_left,
        pace_needed_per_event=k.pace_needed_per_event,
        pace_needed_per_day=k.pace_needed_per_day,
    )
