"""Writes for venues, events, their checklist, materials and photos; each in one transaction with
its audit row. The on-site tally's writes are in `tally.py`."""

from __future__ import annotations

import datetime as dt
import io
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from PIL import Image, ImageOps, UnidentifiedImageError

from fukyu.accounts.models import User
from fukyu.audit.services import audit_record, diff, snapshot
from fukyu.core import clock
from fukyu.core.calendar import TOKYO
from fukyu.core.models import Contract, Municipality, Region
from fukyu.outreach.models import (
    CHECKLIST,
    CHECKLIST_FIELDS,
    Event,
    EventMaterial,
    EventPhoto,
    EventStatus,
    Venue,
    VenueKind,
)

EVENT_FIELDS = [
    "title",
    "title_kana",
    "region",
    "municipality",
    "venue",
    "starts_at",
    "ends_at",
    "status",
    "app_provider_joins",
    "wifi_equipment",
    "wifi_setup",
    "wifi_result",
    "wifi_speed_mbps",
    "wifi_fallback",
    "disaster_demo",
    "notes",
]
# Fields a caller may change through `event_update` (besides `staff`).
EDITABLE_FIELDS = frozenset(EVENT_FIELDS)
VENUE_FIELDS = ["name", "address", "kind", "latitude", "longitude"]

PHOTO_MAX_BYTES = 20 * 1024 * 1024
PHOTO_MAX_SIDE = 2400
PHOTO_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


@dataclass(frozen=True)
class VenueData:
    name: str
    address: str
    kind: str
    latitude: Decimal | None = None
    longitude: Decimal | None = None


def aware(value: dt.datetime) -> dt.datetime:
    """Naive datetimes from forms and the API are Tokyo local time."""
    return value.replace(tzinfo=TOKYO) if value.tzinfo is None else value


def venue_upsert(*, actor: Any, contract: Contract, data: VenueData) -> Venue:
    """The venue with this name and address (created if new; kind and position updated)."""
    name, address = data.name.strip(), data.address.strip()
    if data.kind not in VenueKind.values:
        raise ValidationError(
            {"venue": "会場の種類は commercial・public・other で指定してください"}
        )
    with transaction.atomic():
        venue = (
            Venue.objects.select_for_update()
            .filter(contract=contract, name=name, address=address)
            .first()
        )
        before = snapshot(venue, VENUE_FIELDS) if venue else {}
        if venue is None:
            venue = Venue(contract=contract, name=name, address=address)
        venue.kind = data.kind
        if data.latitude is not None or data.longitude is not None or not before:
            venue.latitude, venue.longitude = data.latitude, data.longitude
        changes = diff(before, snapshot(venue, VENUE_FIELDS))
        if before and not changes:
            return venue
        venue.full_clean()
        venue.save()
        audit_record(
            actor=actor,
            action="venue.update" if before else "venue.create",
            obj=venue,
            changes=changes,
        )
    return venue


def _event_snapshot(event: Event) -> dict[str, Any]:
    data = snapshot(event, EVENT_FIELDS)
    data["staff"] = sorted(u.get_username() for u in event.staff.all()) if event.pk else []
    return data


def _check_status(event: Event, previous: str | None) -> None:
    starting_later = event.starts_at > clock.now()
    if event.status == EventStatus.HELD and previous != EventStatus.HELD and starting_later:
        raise ValidationError({"status": "開始前のイベントは「開催済み」にできません"})


def event_create(
    *,
    actor: Any,
    contract: Contract,
    title: str,
    region: Region,
    municipality: Municipality,
    venue: Venue,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    status: str = EventStatus.DRAFT,
    staff: Sequence[User] = (),
    details: Mapping[str, Any] | None = None,
) -> Event:
    extra = dict(details or {})
    unknown = set(extra) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"unknown event fields: {sorted(unknown)}")
    event = Event(
        contract=contract,
        title=title.strip(),
        region=region,
        municipality=municipality,
        venue=venue,
        starts_at=aware(starts_at),
        ends_at=aware(ends_at),
        status=status,
        **extra,
    )
    with transaction.atomic():
        event.full_clean()
        _check_status(event, None)
        event.save()
        event.staff.set(staff)
        audit_record(
            actor=actor,
            action="event.create",
            obj=event,
            changes=diff({}, _event_snapshot(event)),
        )
    return event


def event_update(
    *,
    actor: Any,
    event: Event,
    changes: Mapping[str, Any],
    staff: Sequence[User] | None = None,
) -> Event:
    """Apply `changes` ({field: value}) and optionally replace the assigned staff."""
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"unknown event fields: {sorted(unknown)}")
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        before = _event_snapshot(locked)
        for field, value in changes.items():
            if field in ("starts_at", "ends_at") and isinstance(value, dt.datetime):
                value = aware(value)
            setattr(locked, field, value)
        locked.full_clean()
        _check_status(locked, before["status"])
        locked.save()
        if staff is not None:
            locked.staff.set(staff)
        after = _event_snapshot(locked)
        audit_record(
            actor=actor,
            action="event.status" if set(changes) == {"status"} else "event.update",
            obj=locked,
            changes=diff(before, after),
        )
    return locked


def event_checklist_set(*, actor: Any, event: Event, item: str, done: bool) -> Event:
    """Tick (or untick) one checklist item; the time it was ticked is kept."""
    if item not in CHECKLIST_FIELDS:
        raise ValidationError({"item": "チェックリストにない項目です"})
    label = dict(CHECKLIST)[item]
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        before = getattr(locked, item)
        if bool(before) == done:
            return locked
        after = clock.now() if done else None
        setattr(locked, item, after)
        locked.save(update_fields=[item, "updated_at"])
        audit_record(
            actor=actor,
            action="event.checklist",
            obj=locked,
            changes={item: [before.isoformat() if before else None, after and after.isoformat()]},
            note=f"{label}: {'完了' if done else '未完了に戻す'}",
        )
    return locked


@dataclass(frozen=True)
class MaterialData:
    name: str
    brought: int
    handed_out: int


def event_materials_replace(
    *, actor: Any, event: Event, items: Iterable[MaterialData]
) -> list[EventMaterial]:
    """Replace the list of materials brought to the event and how many were handed out."""
    rows = [
        EventMaterial(event=event, name=i.name.strip(), brought=i.brought, handed_out=i.handed_out)
        for i in items
        if i.name.strip()
    ]
    errors: list[str] = []
    for row in rows:
        try:
            row.full_clean(exclude=["event"])
        except ValidationError as exc:
            errors.extend(f"{row.name}: {m}" for m in exc.messages)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        old = list(event.materials.all())
        before = [[m.name, m.brought, m.handed_out] for m in old]
        event.materials.all().delete()
        EventMaterial.objects.bulk_create(rows)
        after = [[m.name, m.brought, m.handed_out] for m in rows]
        if before != after:
            audit_record(
                actor=actor,
                action="event.materials",
                obj=event,
                changes={"materials": [before, after]},
            )
    return rows


def strip_photo(data: bytes) -> tuple[bytes, str, int, int]:
    """Re-encode an image without EXIF or other metadata (GPS location, camera serial).

    Rotation from the EXIF orientation is applied to the pixels first, so the photo still
    stands upright. Returns (bytes, extension, width, height)."""
    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        opened = Image.open(io.BytesIO(data))
        opened.load()
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        OSError,
        SyntaxError,
        ValueError,
    ) as exc:
        raise ValidationError({"image": "画像として読み取れません（JPEG・PNG・WebP）"}) from exc
    fmt = opened.format or ""
    if fmt not in PHOTO_FORMATS:
        raise ValidationError({"image": "JPEG・PNG・WebP の画像を選んでください"})
    image: Image.Image = ImageOps.exif_transpose(opened) or opened
    image.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))
    wanted = ("RGB", "L") if fmt == "JPEG" else ("RGB", "RGBA", "L", "LA")
    if image.mode not in wanted:
        image = image.convert("RGB" if fmt == "JPEG" else "RGBA")
    # A fresh image from the raw pixels carries no metadata at all.
    clean = Image.frombytes(image.mode, image.size, image.tobytes())
    out = io.BytesIO()
    if fmt == "JPEG":
        clean.save(out, format="JPEG", quality=88, optimize=True)
    else:
        clean.save(out, format=fmt)
    return out.getvalue(), PHOTO_FORMATS[fmt], clean.width, clean.height


def event_photo_add(
    *, actor: Any, event: Event, upload: UploadedFile[bytes], caption: str = ""
) -> EventPhoto:
    if upload.size is not None and upload.size > PHOTO_MAX_BYTES:
        raise ValidationError({"image": "写真は20MB以下にしてください"})
    data, ext, width, height = strip_photo(upload.read())
    photo = EventPhoto(
        event=event,
        caption=caption.strip(),
        width=width,
        height=height,
        uploaded_at=clock.now(),
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    photo.image.save(f"{uuid.uuid4().hex}.{ext}", ContentFile(data), save=False)
    stored = photo.image.name or ""
    try:
        with transaction.atomic():
            photo.full_clean()
            photo.save()
            audit_record(
                actor=actor,
                action="event.photo_add",
                obj=event,
                changes={"photo": [None, stored], "caption": [None, photo.caption]},
            )
    except Exception:
        photo.image.storage.delete(stored)
        raise
    return photo


def event_photo_delete(*, actor: Any, photo: EventPhoto) -> None:
    with transaction.atomic():
        name, event = photo.image.name or "", photo.event
        photo.delete()
        audit_record(
            actor=actor, action="event.photo_delete", obj=event, changes={"photo": [name, None]}
        )
        transaction.on_commit(lambda: photo.image.storage.delete(name))
