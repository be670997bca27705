"""Synthetic publicity records for `manage.py seed_demo`: a leaflet taken through drafts, the
client's pick and the proof approval, then printed and distributed to every municipality.

The "designs" are plain generated PNG images labelled サンプル, stored like any upload (MEDIA_ROOT).
Copies go to municipalities in proportion to their approximate population (the call center's
demo weight table); shipments are recorded on the delivery date.
"""

from __future__ import annotations

import datetime as dt
import io
import random

from PIL import Image

from fukyu.accounts.models import User
from fukyu.callcenter.demo import POPULATION
from fukyu.core import clock
from fukyu.core.models import Contract, Municipality
from fukyu.publicity.models import DesignItem, PrintRun
from fukyu.publicity.services.design import (
    design_draft_add,
    design_draft_pick,
    design_drafts_present,
    design_item_create,
    proof_round_approve,
    proof_round_submit,
)
from fukyu.publicity.services.printing import (
    distribution_plan_set,
    print_run_save,
    shipment_create,
)

ACTOR = "manage.py seed_demo"
COPIES = 60000
DELIVERY = dt.date(2024, 11, 15)


def _png(colour: tuple[int, int, int]) -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", (210, 297), colour).save(buffer, format="PNG")
    buffer.seek(0)
    return buffer


def _approved_item(contract: Contract, staff: User | None, client: User) -> DesignItem:
    item = design_item_create(
        actor=staff or ACTOR,
        contract=contract,
        kind=DesignItem.Kind.PAMPHLET,
        title="普及チラシ A4（サンプル）",
        description="ポケットサインの入手と登録の手順、体験会の案内（合成デモデータ）",
    )
    drafts = [
        design_draft_add(actor=staff or ACTOR, item=item, upload=_png(c), name=f"draft_{n}.png")
        for n, c in enumerate([(30, 90, 160), (220, 120, 40), (60, 150, 90)])
    ]
    design_drafts_present(actor=staff or ACTOR, item=item)
    design_draft_pick(actor=client, item=item, draft=drafts[0], note="A案で進めてください")
    proof = proof_round_submit(
        actor=staff or ACTOR, item=item, upload=_png((30, 90, 160)), name="proof_1.png"
    )
    return proof_round_approve(actor=client, proof=proof, note="校了（サンプル）")


def seed(*, contract: Contract, rng: random.Random, scale: float) -> str:
    client = User.objects.filter(username="demo_client").first()
    if client is None or DesignItem.objects.filter(contract=contract).exists():
        return "発注者のデモ利用者がいないか、制作物が既にあるため作成しませんでした"
    staff = User.objects.filter(username="demo_publicity").first()
    item = _approved_item(contract, staff, client)
    run = print_run_save(
        actor=staff or ACTOR,
        run=PrintRun(
            item=item,
            contract=contract,
            quantity=COPIES,
            printer="デモ印刷株式会社（架空）",
            ordered_on=DELIVERY - dt.timedelta(days=14),
            delivery_date=DELIVERY,
            cost=1_200_000,
            low_stock_threshold=3000,
        ),
    )
    munis = list(Municipality.objects.filter(contract=contract).order_by("order", "code"))
    weights = {m.pk: POPULATION.get(m.name, 10) for m in munis}
    total = sum(weights.values()) or 1
    plan = {pk: max(100, int(round(COPIES * 0.8 * w / total, -2))) for pk, w in weights.items()}
    lines = distribution_plan_set(actor=staff or ACTOR, run=run, quantities=plan)
    shipped = 0
    if clock.today() >= DELIVERY:
        for line in lines:
            shipment_create(
                actor=staff or ACTOR,
                line=line,
                quantity=line.quantity,
                shipped_on=DELIVERY + dt.timedelta(days=rng.randint(0, 4)),
                method="宅配便（サンプル）",
            )
            shipped += line.quantity
    return f"制作物 1件（校了）、印刷 {COPIES}部、{len(lines)}市町村へ配布計画・発送 {shipped}部（サンプル）"


seed.order = 50  # type: ignore[attr-defined]
