"""Writes for printed materials: print runs, facilities, the distribution plan, shipments,
receipts and copies used at events. Stock never goes below zero."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from fukyu.audit.services import audit_record, diff, snapshot
from fukyu.core import clock
from fukyu.core.models import Contract, Municipality
from fukyu.publicity import facility_csv
from fukyu.publicity.models import (
    DesignItem,
    DistributionLine,
    EventUsage,
    Facility,
    PrintRun,
    Shipment,
)
from fukyu.publicity.selectors.printing import print_run_totals

RUN_FIELDS = [
    "item",
    "proof_round",
    "quantity",
    "printer",
    "ordered_on",
    "delivery_date",
    "cost",
    "low_stock_threshold",
    "note",
]


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def print_run_save(*, actor: Any, run: PrintRun) -> PrintRun:
    """Create or update a print run. Only an approved (locked) design is printed, and the
    version printed is the one the client approved."""
    with transaction.atomic():
        before: dict[str, Any] = {}
        item = DesignItem.objects.select_for_update().get(pk=run.item_id)
        if item.contract_id != run.contract_id:
            raise ValidationError({"item": "この契約の制作物を選んでください"})
        if run.pk:
            old = PrintRun.objects.select_for_update().get(pk=run.pk)
            before = snapshot(old, RUN_FIELDS)
            if old.item_id != run.item_id:
                raise ValidationError({"item": "登録後に制作物は変更できません"})
            totals = print_run_totals(run=old)
            floor = max(totals.shipped + totals.used, totals.planned)
            if run.quantity is not None and run.quantity < floor:
                raise ValidationError(
                    {
                        "quantity": f"印刷部数は配布計画・発送・使用の合計（{floor:,}部）"
                        "より少なくできません"
                    }
                )
        else:
            if item.status != DesignItem.Status.APPROVED or item.approved_round_id is None:
                raise ValidationError(
                    {"item": "校了（発注者の承認済み）の制作物だけを印刷できます"}
                )
            run.proof_round_id = item.approved_round_id
            run.created_by = _user(actor)
            run.created_at = clock.now()
        if run.ordered_on and run.delivery_date and run.delivery_date < run.ordered_on:
            raise ValidationError({"delivery_date": "納品日は発注日以降にしてください"})
        run.full_clean()
        run.save()
        audit_record(
            actor=actor,
            action="print_run.update" if before else "print_run.create",
            obj=run,
            changes=diff(before, snapshot(run, RUN_FIELDS)),
        )
    return run


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


def facilities_import(
    *, actor: Any, contract: Contract, data: bytes, filename: str = ""
) -> ImportResult:
    """Import (add or update) public facilities from a 公共施設一覧 CSV. All or nothing."""
    municipalities = list(Municipality.objects.filter(contract=contract).select_related("region"))
    rows = facility_csv.parse(
        data, municipalities=municipalities, prefecture_code=contract.settings.prefecture_code
    )
    now = clock.now()
    with transaction.atomic():
        existing: dict[tuple[int, str, str], Facility] = {}
        for f in Facility.objects.select_for_update().filter(contract=contract).order_by("pk"):
            key = (
                (f.municipality_id, "no", f.number)
                if f.number
                else (
                    f.municipality_id,
                    "name",
                    f.name,
                )
            )
            existing[key] = f
        to_create, to_update = [], []
        changed_fields: set[str] = set()
        names = [*facility_csv.FIELDS.values(), "latitude", "longitude", "opens_at", "closes_at"]
        for row in rows:
            facility = existing.get(row.key)
            if facility is None:
                facility = Facility(
                    contract=contract,
                    municipality=row.municipality,
                    local_code=row.local_code,
                    imported_at=now,
                    **row.values,
                )
                facility.clean_fields(exclude=["contract", "municipality"])
                to_create.append(facility)
                continue
            changed = [n for n in names if getattr(facility, n) != row.values[n]]
            if facility.local_code != row.local_code:
                changed.append("local_code")
            if changed:
                for n in names:
                    setattr(facility, n, row.values[n])
                facility.local_code = row.local_code
                changed_fields.update(changed)
                facility.imported_at = now
                facility.clean_fields(exclude=["contract", "municipality"])
                to_update.append(facility)
        Facility.objects.bulk_create(to_create, batch_size=500)
        if to_update:
            # Only the columns that changed somewhere: bulk_update's cost grows with them.
            Facility.objects.bulk_update(
                to_update, [*sorted(changed_fields), "imported_at"], batch_size=500
            )
        result = ImportResult(
            created=len(to_create),
            updated=len(to_update),
            unchanged=len(rows) - len(to_create) - len(to_update),
        )
        audit_record(
            actor=actor,
            action="facility.import",
            object_type="publicity.facility",
            object_repr=f"公共施設一覧 {filename}"[:300],
            changes={"created": [None, result.created], "updated": [None, result.updated]},
            note=filename,
        )
    return result


def _locked_run(run: PrintRun) -> PrintRun:
    return PrintRun.objects.select_for_update(of=("self",)).select_related("item").get(pk=run.pk)


def distribution_plan_set(
    *, actor: Any, run: PrintRun, quantities: dict[int, int]
) -> list[DistributionLine]:
    """Set the planned quantity per municipality (id -> copies; 0 removes the destination)."""
    with transaction.atomic():
        run = _locked_run(run)
        municipalities = {m.pk: m for m in Municipality.objects.filter(contract_id=run.contract_id)}
        unknown = [pk for pk in quantities if pk not in municipalities]
        if unknown:
            raise ValidationError("この契約の市町村ではない配布先が含まれています")
        lines = {
            line.municipality_id: line
            for line in run.lines.select_for_update()
            .filter(municipality__isnull=False)
            .order_by("pk")
        }
        shipped = _shipped_by_line(run)
        changes: dict[str, list[Any]] = {}
        errors = []
        for pk, quantity in quantities.items():
            line = lines.get(pk)
            old = line.quantity if line else 0
            if quantity < 0:
                errors.append(f"{municipalities[pk].name}: 部数は0以上にしてください")
            elif line is not None and quantity < shipped.get(line.pk, 0):
                errors.append(
                    f"{municipalities[pk].name}: 発送済み（{shipped[line.pk]:,}部）より少なくできません"
                )
            elif quantity != old:
                changes[municipalities[pk].name] = [old, quantity]
        if errors:
            raise ValidationError(errors)
        for pk, quantity in quantities.items():
            line = lines.get(pk)
            if line is None and quantity > 0:
                line = DistributionLine(
                    contract_id=run.contract_id,
                    print_run=run,
                    municipality=municipalities[pk],
                    quantity=quantity,
                )
                line.full_clean()
                line.save()
            elif line is not None and quantity == 0:
                if line.pk in shipped:
                    raise ValidationError(
                        f"{municipalities[pk].name}: 発送済みの配布先は計画から外せません"
                    )
                line.delete()
            elif line is not None and quantity != line.quantity:
                line.quantity = quantity
                line.full_clean()
                line.save(update_fields=["quantity"])
        _check_plan_total(run)
        audit_record(actor=actor, action="distribution_plan.update", obj=run, changes=changes)
    return list(run.lines.select_related("municipality", "facility"))


def distribution_line_set_facility(
    *, actor: Any, run: PrintRun, facility: Facility, quantity: int, note: str = ""
) -> DistributionLine | None:
    """Plan (or change, or with 0 remove) copies for one public facility."""
    with transaction.atomic():
        run = _locked_run(run)
        if facility.contract_id != run.contract_id:
            raise ValidationError({"facility": "この契約の公共施設を選んでください"})
        line = run.lines.select_for_update().filter(facility=facility).order_by("pk").first()
        old = line.quantity if line else 0
        shipped = _shipped_by_line(run).get(line.pk, 0) if line else 0
        if quantity < shipped:
            raise ValidationError({"quantity": f"発送済み（{shipped:,}部）より少なくできません"})
        if line is None and quantity > 0:
            line = DistributionLine(
                contract_id=run.contract_id,
                print_run=run,
                facility=facility,
                quantity=quantity,
                note=note,
            )
        elif line is not None and quantity == 0:
            line.delete()
            line = None
        elif line is not None:
            line.quantity = quantity
            line.note = note or line.note
        else:
            raise ValidationError({"quantity": "部数を1以上で入れてください"})
        if line is not None:
            line.full_clean()
            line.save()
        _check_plan_total(run)
        audit_record(
            actor=actor,
            action="distribution_plan.update",
            obj=run,
            changes={str(facility): [old, quantity]},
        )
    return line


def _shipped_by_line(run: PrintRun) -> dict[int, int]:
    totals: dict[int, int] = {}
    for line_id, quantity in Shipment.objects.filter(line__print_run=run).values_list(
        "line_id", "quantity"
    ):
        totals[line_id] = totals.get(line_id, 0) + quantity
    return totals


def _check_plan_total(run: PrintRun) -> None:
    totals = print_run_totals(run=run)
    if totals.planned > run.quantity:
        raise ValidationError(
            f"配布計画の合計（{totals.planned:,}部）が印刷部数（{run.quantity:,}部）を超えています"
        )


def shipment_create(
    *,
    actor: Any,
    line: DistributionLine,
    quantity: int,
    shipped_on: dt.date,
    method: str = "",
    note: str = "",
) -> Shipment:
    """Record copies sent to a planned destination; never more than the plan or the stock."""
    with transaction.atomic():
        run = _locked_run(line.print_run)
        line = DistributionLine.objects.select_related("municipality", "facility").get(pk=line.pk)
        if shipped_on < run.delivery_date:
            raise ValidationError(
                {
                    "shipped_on": f"納品日（{run.delivery_date:%Y-%m-%d}）より前の発送日は登録できません"
                }
            )
        if quantity < 1:
            raise ValidationError({"quantity": "発送部数は1部以上にしてください"})
        already = _shipped_by_line(run).get(line.pk, 0)
        if already + quantity > line.quantity:
            raise ValidationError(
                {
                    "quantity": f"{line.destination_name}への配布予定（{line.quantity:,}部）を超えます"
                    f"（発送済み {already:,}部）。先に配布計画を変更してください"
                }
            )
        stock = print_run_totals(run=run).stock
        if quantity > stock:
            raise ValidationError({"quantity": f"在庫が足りません（残り {stock:,}部）"})
        shipment = Shipment(
            line=line,
            quantity=quantity,
            shipped_on=shipped_on,
            method=method,
            note=note,
            created_by=_user(actor),
            created_at=clock.now(),
        )
        shipment.full_clean()
        shipment.save()
        audit_record(
            actor=actor,
            action="shipment.create",
            obj=shipment,
            changes={"quantity": [None, quantity], "shipped_on": [None, shipped_on]},
        )
    return shipment


def shipment_receipt_confirm(
    *,
    actor: Any,
    shipment: Shipment,
    received_on: dt.date,
    received_quantity: int | None = None,
    note: str = "",
) -> Shipment:
    """Record that the destination received the copies (受領確認)."""
    with transaction.atomic():
        shipment = Shipment.objects.select_for_update().get(pk=shipment.pk)
        if shipment.is_received:
            raise ValidationError("この発送は既に受領確認済みです")
        if received_on < shipment.shipped_on:
            raise ValidationError({"received_on": "受領日は発送日以降にしてください"})
        if received_on > clock.today():
            raise ValidationError({"received_on": "受領日に未来の日付は入れられません"})
        quantity = shipment.quantity if received_quantity is None else received_quantity
        if not 0 <= quantity <= shipment.quantity:
            raise ValidationError(
                {"received_quantity": f"受領部数は0〜{shipment.quantity:,}部で入れてください"}
            )
        if quantity != shipment.quantity and not note.strip():
            raise ValidationError(
                {"receipt_note": "発送部数と違う場合は、理由を備考に入れてください"}
            )
        shipment.received_on = received_on
        shipment.received_quantity = quantity
        shipment.receipt_note = note.strip()
        shipment.receipt_recorded_by = _user(actor)
        shipment.receipt_recorded_at = clock.now()
        shipment.full_clean()
        shipment.save()
        audit_record(
            actor=actor,
            action="shipment.receipt",
            obj=shipment,
            changes={"received_on": [None, received_on], "received_quantity": [None, quantity]},
            note=shipment.receipt_note,
        )
    return shipment


def event_usage_record(
    *,
    actor: Any,
    run: PrintRun,
    quantity: int,
    used_on: dt.date,
    event_id: int | None = None,
    event_label: str = "",
    note: str = "",
) -> EventUsage:
    """Copies handed out at an outreach event (referenced by its id and/or name)."""
    with transaction.atomic():
        run = _locked_run(run)
        if event_id is None and not event_label.strip():
            raise ValidationError({"event_label": "イベント名かイベントIDを入れてください"})
        if used_on < run.delivery_date:
            raise ValidationError({"used_on": "納品日より前の日付は入れられません"})
        stock = print_run_totals(run=run).stock
        if quantity > stock:
            raise ValidationError({"quantity": f"在庫が足りません（残り {stock:,}部）"})
        usage = EventUsage(
            print_run=run,
            quantity=quantity,
            used_on=used_on,
            event_id=event_id,
            event_label=event_label.strip(),
            note=note,
            created_by=_user(actor),
            created_at=clock.now(),
        )
        usage.full_clean()
        usage.save()
        audit_record(
            actor=actor,
            action="event_usage.create",
            obj=usage,
            changes={"quantity": [None, quantity], "used_on": [None, used_on]},
        )
    return usage
