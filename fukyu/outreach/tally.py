"""The on-site tally's writes: record a batch of taps idempotently, and void (undo) one tap.

A batch is validated item by item: malformed items are rejected with a Japanese reason and the
good ones are kept. Good items are inserted with ON CONFLICT DO NOTHING on (event, uuid); each
inserted row points to this request's `TallyBatch`, so counting the rows that carry it tells
exactly how many this request added, however many devices resend the same taps at once.
"""

from __future__ import annotations

import datetime as dt
import uuid as uuidlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connections, router, transaction

from fukyu.audit.services import audit_record
from fukyu.core import clock
from fukyu.core.calendar import TOKYO
from fukyu.core.models import MiniApp, Municipality, Region
from fukyu.outreach.models import (
    LIVE_STATUSES,
    AgeGroup,
    DeviceOS,
    Event,
    TallyBatch,
    Tap,
    TapKind,
)

MAX_TAPS_PER_BATCH = 5000
ALLOWED_KEYS = frozenset(
    {"uuid", "kind", "at", "age_group", "os", "municipality", "region", "mini_apps", "registered"}
)


@dataclass(frozen=True)
class Rejection:
    index: int
    uuid: str | None
    reason: str


@dataclass
class TallyResult:
    accepted: int = 0
    duplicates: int = 0
    rejected: list[Rejection] = field(default_factory=list)


@dataclass(frozen=True)
class _Lookups:
    municipalities: dict[str, Municipality]
    regions: dict[str, Region]
    regions_by_id: dict[int, Region]
    mini_apps: frozenset[str]


def _lookups(event: Event) -> _Lookups:
    regions = list(Region.objects.filter(contract_id=event.contract_id))
    return _Lookups(
        municipalities={
            m.code: m for m in Municipality.objects.filter(contract_id=event.contract_id)
        },
        regions={r.code: r for r in regions},
        regions_by_id={r.pk: r for r in regions},
        mini_apps=frozenset(
            MiniApp.objects.filter(contract_id=event.contract_id).values_list("code", flat=True)
        ),
    )


def _parse_at(value: Any) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if not 2000 <= parsed.year <= 2100:
        return None
    return parsed.replace(tzinfo=TOKYO) if parsed.tzinfo is None else parsed


def _parse_item(item: Any, lookups: _Lookups) -> tuple[Tap | None, str | None, list[str]]:
    """(an unsaved Tap or None, the uuid as given, the reasons it was refused)."""
    if not isinstance(item, dict):
        return None, None, ["1件ごとにオブジェクト（{...}）で指定してください"]
    reasons: list[str] = []
    raw_uuid = item.get("uuid")
    shown_uuid = raw_uuid if isinstance(raw_uuid, str) else None
    unknown = sorted(str(k) for k in item if k not in ALLOWED_KEYS)
    if unknown:
        reasons.append(
            f"受け付けない項目があります（{', '.join(unknown)}）。氏名などの個人情報は記録しません"
        )
    tap_uuid = None
    if raw_uuid is None or raw_uuid == "":
        reasons.append("uuid は必須です")
    else:
        try:
            tap_uuid = uuidlib.UUID(str(raw_uuid))
        except ValueError:
            reasons.append("uuid が UUID の形式ではありません")
    kind = item.get("kind")
    if kind not in TapKind.values:
        reasons.append("kind は explained（説明した）か installed（インストールまで完了）です")
    at = _parse_at(item.get("at"))
    if item.get("at") in (None, ""):
        reasons.append("at（記録日時）は必須です")
    elif at is None:
        reasons.append(
            "at は ISO 8601 形式の日時で指定してください（例: 2024-12-07T10:15:00+09:00）"
        )
    age_group = item.get("age_group") or ""
    if age_group not in ("", *AgeGroup.values):
        reasons.append(f"age_group は {'・'.join(AgeGroup.values)} のいずれかです")
    os_name = item.get("os") or ""
    if os_name not in ("", *DeviceOS.values):
        reasons.append("os は ios・android・other のいずれかです")
    municipality = region = None
    muni_code = item.get("municipality") or ""
    if muni_code:
        municipality = lookups.municipalities.get(str(muni_code))
        if municipality is None:
            reasons.append(f"municipality（団体コード {muni_code}）はこの契約の市町村にありません")
    region_code = item.get("region") or ""
    if region_code:
        region = lookups.regions.get(str(region_code))
        if region is None:
            reasons.append(f"region（{region_code}）はこの契約の圏域にありません")
    if municipality is not None:
        if region is not None and municipality.region_id != region.pk:
            reasons.append(f"{municipality.name}は region（{region.name}）の市町村ではありません")
        region = lookups.regions_by_id.get(municipality.region_id) if region is None else region
    mini_apps = item.get("mini_apps") or []
    if not isinstance(mini_apps, list) or not all(isinstance(c, str) for c in mini_apps):
        reasons.append("mini_apps はミニアプリのコードの配列で指定してください")
        mini_apps = []
    elif unknown_apps := [c for c in mini_apps if c not in lookups.mini_apps]:
        reasons.append(f"mini_apps に登録されていないコードがあります（{', '.join(unknown_apps)}）")
    registered = item.get("registered")
    if registered is not None and not isinstance(registered, bool):
        reasons.append("registered は true・false・null のいずれかです")
    if reasons or tap_uuid is None or at is None or not isinstance(kind, str):
        return None, shown_uuid, reasons
    tap = Tap(
        uuid=tap_uuid,
        kind=kind,
        at=at,
        age_group=age_group,
        os=os_name,
        municipality=municipality,
        region=region,
        mini_apps=sorted(set(mini_apps)),
        registered=registered,
    )
    return tap, shown_uuid, []


def _insert_new(rows: list[Tap]) -> None:
    """INSERT … ON CONFLICT DO NOTHING for every row, in one executemany: rows whose
    (event, uuid) already exists, or is being inserted by a concurrent request, are skipped.
    Same semantics as bulk_create(ignore_conflicts=True), without building a statement per
    66 rows on SQLite (its bound-variable limit), which made a 1,000-tap batch slow."""
    if not rows:
        return
    connection = connections[router.db_for_write(Tap)]
    fields = [f for f in Tap._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column or f.attname) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = (
        f"INSERT INTO {quote(Tap._meta.db_table)} ({columns}) VALUES ({marks}) "  # noqa: S608
        "ON CONFLICT DO NOTHING"
    )
    params = [
        [f.get_db_prep_save(getattr(row, f.attname), connection) for f in fields] for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def tally_check_open(event: Event) -> None:
    if event.status not in LIVE_STATUSES:
        raise ValidationError(
            f"「{event.get_status_display()}」のイベントには記録できません"
            "（状態を「確定」にしてください）"
        )


def tally_record(*, actor: Any, event: Event, taps: Sequence[Any]) -> TallyResult:
    """Record a batch of taps for `event`; idempotent per (event, uuid)."""
    tally_check_open(event)
    if len(taps) > MAX_TAPS_PER_BATCH:
        raise ValidationError(f"一度に送れるのは{MAX_TAPS_PER_BATCH:,}件までです")
    result = TallyResult()
    if not taps:
        return result
    lookups = _lookups(event)
    good: dict[uuidlib.UUID, Tap] = {}
    valid = 0
    for index, item in enumerate(taps):
        tap, shown_uuid, reasons = _parse_item(item, lookups)
        if tap is None:
            result.rejected.append(Rejection(index, shown_uuid, "、".join(reasons)))
            continue
        valid += 1
        good.setdefault(tap.uuid, tap)
    with transaction.atomic():
        batch = TallyBatch.objects.create(
            event=event,
            received_at=clock.now(),
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            submitted=len(taps),
            rejected=len(result.rejected),
        )
        # One order for every writer, so concurrent batches never wait on each other in a cycle.
        rows = [good[k] for k in sorted(good, key=str)]
        for tap in rows:
            tap.event = event
            tap.batch = batch
        _insert_new(rows)
        result.accepted = Tap.objects.filter(batch=batch).count()
        result.duplicates = valid - result.accepted
        batch.accepted, batch.duplicates = result.accepted, result.duplicates
        batch.save(update_fields=["accepted", "duplicates"])
        audit_record(
            actor=actor,
            action="tally.record",
            obj=event,
            changes={
                "accepted": result.accepted,
                "duplicates": result.duplicates,
                "rejected": len(result.rejected),
            },
            note=f"送信{len(taps)}件：受付{result.accepted}件・重複{result.duplicates}件"
            f"・不備{len(result.rejected)}件",
        )
    return result


def tap_void(*, actor: Any, event: Event, tap_uuid: uuidlib.UUID) -> tuple[Tap, bool]:
    """Undo a tap already sent: it stays on record as voided and counts nowhere.
    Returns (tap, whether this call voided it); a second call changes nothing."""
    with transaction.atomic():
        tap = Tap.objects.select_for_update().get(event=event, uuid=tap_uuid)
        if tap.voided_at is not None:
            return tap, False
        tap.voided_at = clock.now()
        tap.voided_by = actor if getattr(actor, "is_authenticated", False) else None
        tap.save(update_fields=["voided_at", "voided_by"])
        audit_record(
            actor=actor,
            action="tally.void",
            obj=event,
            changes={"tap": [str(tap.uuid), None], "kind": [tap.kind, None]},
            note=f"記録の取り消し（{tap.get_kind_display()}）",
        )
    return tap, True
