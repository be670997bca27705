"""Fill the active contract with a synthetic outreach season (events, checklists, taps).

Every name and address is made up. Events before the system's today are held and tallied;
the rest are confirmed. Run it once on a demo database: `manage.py outreach_demo`."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from fukyu.core import clock
from fukyu.core.calendar import TOKYO
from fukyu.core.models import MiniApp, Municipality, Region
from fukyu.core.selectors import active_contract
from fukyu.outreach.models import CHECKLIST, AgeGroup, DeviceOS, Event, EventStatus
from fukyu.outreach.services import (
    VenueData,
    event_checklist_set,
    event_create,
    event_update,
    venue_upsert,
)
from fukyu.outreach.tally import tally_record

# (region, municipality code, day, venue name, kind)
PLAN = [
    ("sendai", "041009", "2024-12-07", "デモ商業施設 仙台中央", "commercial"),
    ("senan", "042081", "2024-12-14", "デモショッピングセンター 角田", "commercial"),
    ("ishinomaki", "042021", "2024-12-21", "デモ市民ホール 石巻", "public"),
    ("osaki", "042153", "2025-01-11", "デモモール 大崎", "commercial"),
    ("kurihara", "042137", "2025-01-18", "デモ道の駅 栗原", "other"),
    ("tome", "042129", "2025-01-25", "デモ商業施設 登米", "commercial"),
    ("sendai", "041009", "2025-02-01", "デモ駅前広場 仙台", "public"),
    ("kesennuma_motoyoshi", "", "2025-02-08", "デモ商業施設 気仙沼", "commercial"),
    ("sendai", "041009", "2025-02-22", "デモ大型商業施設 仙台東", "commercial"),
]
AGE_WEIGHTS = [3, 6, 9, 12, 15, 20, 22, 13]


class Command(BaseCommand):
    help = "普及イベントの架空のデモデータ（イベント・チェックリスト・集計）を作成します"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2024, help="乱数の種（同じ値なら同じ結果）")

    def handle(self, *args: Any, **options: Any) -> None:
        contract = active_contract()
        if Event.objects.filter(contract=contract).exists():
            raise CommandError(
                "この契約には既にイベントがあります。空のデータベースで実行してください"
            )
        rng = random.Random(options["seed"])  # noqa: S311 (synthetic demo data)
        today = clock.today()
        regions = {r.code: r for r in Region.objects.filter(contract=contract)}
        munis = {m.code: m for m in Municipality.objects.filter(contract=contract)}
        apps = list(MiniApp.objects.filter(contract=contract).values_list("code", flat=True))
        created = taps_total = 0
        with transaction.atomic():
            for region_code, muni_code, day, venue_name, kind in PLAN:
                region = regions[region_code]
                muni = munis.get(muni_code) or region.municipalities.first()
                if muni is None:
                    continue
                date = dt.date.fromisoformat(day)
                venue = venue_upsert(
                    actor="outreach_demo",
                    contract=contract,
                    data=VenueData(venue_name, f"宮城県{muni.name}デモ町1-1（架空）", kind),
                )
                event = event_create(
                    actor="outreach_demo",
                    contract=contract,
                    title=f"{muni.name} デジタル身分証アプリ体験会",
                    region=region,
                    municipality=muni,
                    venue=venue,
                    starts_at=dt.datetime.combine(date, dt.time(10), tzinfo=TOKYO),
                    ends_at=dt.datetime.combine(date, dt.time(16), tzinfo=TOKYO),
                    status=EventStatus.CONFIRMED,
                    details={
                        "wifi_equipment": "衛星通信アンテナ・Wi-Fiルーター一式（デモ）",
                        "app_provider_joins": rng.random() < 0.4,
                    },
                )
                created += 1
                for field, _ in CHECKLIST:
                    if date <= today or rng.random() < 0.5:
                        event_checklist_set(
                            actor="outreach_demo", event=event, item=field, done=True
                        )
                if date < today:
                    taps_total += self._tally(
                        event, rng, munis_in=list(region.municipalities.all()), apps=apps
                    )
                    event_update(
                        actor="outreach_demo", event=event, changes={"status": EventStatus.HELD}
                    )
        self.stdout.write(f"イベント{created}件、来場者対応の記録{taps_total}件を作成しました")

    def _tally(
        self, event: Event, rng: random.Random, *, munis_in: list[Municipality], apps: list[str]
    ) -> int:
        installed, explained_only = rng.randint(60, 140), rng.randint(20, 60)
        taps = []
        start = event.starts_at
        for i in range(installed + explained_only):
            at = start + dt.timedelta(seconds=rng.randint(0, 6 * 3600))
            tap: dict[str, Any] = {
                "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "kind": "installed" if i < installed else "explained",
                "at": at.isoformat(),
            }
            if rng.random() < 0.8:
                tap["age_group"] = rng.choices(AgeGroup.values, weights=AGE_WEIGHTS)[0]
            if rng.random() < 0.85:
                tap["os"] = rng.choices(DeviceOS.values, weights=[55, 43, 2])[0]
            if munis_in and rng.random() < 0.6:
                tap["municipality"] = rng.choice(munis_in).code
            if apps and rng.random() < 0.5:
                tap["mini_apps"] = rng.sample(apps, k=rng.randint(1, min(2, len(apps))))
            if tap["kind"] == "installed":
                tap["registered"] = rng.random() < 0.7
            taps.append(tap)
        return tally_record(actor="outreach_demo", event=event, taps=taps).accepted
