"""Synthetic outreach season for `manage.py seed_demo`: about 25 events in all 7 regions.

Reuses `manage.py outreach_demo`'s plan of nine events and adds sixteen more, so every region has
at least two. Events before the system's today are held and tallied (about 48 people each, about
1,200 in all); the rest are confirmed with part of their checklist done. All venues are made up.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from typing import Any

from fukyu.core import clock
from fukyu.core.calendar import TOKYO
from fukyu.core.models import Contract, MiniApp, Municipality, Region
from fukyu.outreach.management.commands.outreach_demo import AGE_WEIGHTS, PLAN
from fukyu.outreach.models import (
    CHECKLIST,
    AgeGroup,
    DeviceOS,
    Event,
    EventStatus,
    to_katakana,
)
from fukyu.outreach.services import (
    VenueData,
    event_checklist_set,
    event_create,
    event_update,
    venue_upsert,
)
from fukyu.outreach.tally import tally_record

ACTOR = "manage.py seed_demo"
MORE = [
    ("kurihara", "042137", "2024-12-08", "デモ総合体育館 栗原", "public"),
    ("tome", "042129", "2024-12-15", "デモスーパー 登米佐沼", "commercial"),
    ("kesennuma_motoyoshi", "", "2024-12-22", "デモ港まち広場 気仙沼", "public"),
    ("osaki", "042153", "2024-12-28", "デモ駅ビル 古川", "commercial"),
    ("sendai", "042072", "2025-01-05", "デモモール 名取", "commercial"),
    ("senan", "043214", "2025-01-12", "デモ商業施設 大河原", "commercial"),
    ("ishinomaki", "042145", "2025-01-13", "デモ公民館 東松島", "public"),
    ("kesennuma_motoyoshi", "", "2025-01-19", "デモ道の駅 南三陸", "other"),
    ("sendai", "042099", "2025-01-26", "デモ市民会館 多賀城", "public"),
    ("osaki", "042153", "2025-02-02", "デモショッピングセンター 大崎", "commercial"),
    ("kurihara", "042137", "2025-02-09", "デモ商業施設 栗原築館", "commercial"),
    ("tome", "042129", "2025-02-11", "デモ市民センター 登米", "public"),
    ("senan", "042064", "2025-02-15", "デモ商業施設 白石", "commercial"),
    ("ishinomaki", "042021", "2025-02-16", "デモ大型商業施設 石巻", "commercial"),
    ("sendai", "042161", "2025-02-23", "デモモール 富谷", "commercial"),
    ("sendai", "041009", "2025-02-24", "デモ地下街 仙台駅", "public"),
]


def _taps(event: Event, rng: random.Random, munis: list[Municipality], apps: list[str]) -> int:
    """One tally batch like the tablet sends: about 48 people (installed or explained only)."""
    installed, explained = rng.randint(22, 42), rng.randint(8, 20)
    taps: list[dict[str, Any]] = []
    for i in range(installed + explained):
        tap: dict[str, Any] = {
            "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "kind": "installed" if i < installed else "explained",
            "at": (event.starts_at + dt.timedelta(seconds=rng.randint(0, 6 * 3600))).isoformat(),
        }
        if rng.random() < 0.8:
            tap["age_group"] = rng.choices(AgeGroup.values, weights=AGE_WEIGHTS)[0]
        if rng.random() < 0.85:
            tap["os"] = rng.choices(DeviceOS.values, weights=[55, 43, 2])[0]
        if munis and rng.random() < 0.6:
            tap["municipality"] = rng.choice(munis).code
        if apps and rng.random() < 0.5:
            tap["mini_apps"] = rng.sample(apps, k=rng.randint(1, min(2, len(apps))))
        if tap["kind"] == "installed":
            tap["registered"] = rng.random() < 0.7
        taps.append(tap)
    return tally_record(actor=ACTOR, event=event, taps=taps).accepted


def seed(*, contract: Contract, rng: random.Random, scale: float) -> str:
    if Event.objects.filter(contract=contract).exists():
        return "イベントが既にあるため作成しませんでした"
    today = clock.today()
    regions = {r.code: r for r in Region.objects.filter(contract=contract)}
    munis = {m.code: m for m in Municipality.objects.filter(contract=contract)}
    apps = list(
        MiniApp.objects.filter(contract=contract)
        .order_by("order", "code")
        .values_list("code", flat=True)
    )
    created = people = 0
    for region_code, muni_code, day, venue_name, kind in sorted([*PLAN, *MORE], key=lambda p: p[2]):
        region = regions.get(region_code)
        if region is None:
            continue
        in_region = list(region.municipalities.order_by("order", "code"))
        muni = munis.get(muni_code) or (in_region[0] if in_region else None)
        if muni is None:
            continue
        date = dt.date.fromisoformat(day)
        venue = venue_upsert(
            actor=ACTOR,
            contract=contract,
            data=VenueData(venue_name, f"宮城県{muni.name}デモ町1-1（架空）", kind),
        )
        event = event_create(
            actor=ACTOR,
            contract=contract,
            title=f"{muni.name} デジタル身分証アプリ体験会（サンプル）",
            region=region,
            municipality=muni,
            venue=venue,
            starts_at=dt.datetime.combine(date, dt.time(10), tzinfo=TOKYO),
            ends_at=dt.datetime.combine(date, dt.time(16), tzinfo=TOKYO),
            status=EventStatus.CONFIRMED,
            details={
                "title_kana": f"{to_katakana(muni.kana)}　デジタルミブンショウアプリタイケンカイ"
                "　サンプル",
                "wifi_equipment": "衛星通信アンテナ・Wi-Fiルーター一式（デモ）",
                "app_provider_joins": rng.random() < 0.4,
            },
        )
        created += 1
        for field, _ in CHECKLIST:
            if date <= today or rng.random() < 0.5:
                event_checklist_set(actor=ACTOR, event=event, item=field, done=True)
        if date < today:
            people += _taps(event, rng, in_region, apps)
            event_update(actor=ACTOR, event=event, changes={"status": EventStatus.HELD})
    return f"イベント {created}件、来場者対応の記録 {people}件（合成）"


seed.order = 30  # type: ignore[attr-defined]
