"""Reads of printed materials: totals per print run, stock, distribution by region and facility.

Stock remaining = printed − shipped − used at events (one formula, here).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from fukyu.core.models import Contract, Municipality, Region
from fukyu.publicity.models import (
    DistributionLine,
    EventUsage,
    Facility,
    PrintRun,
    Shipment,
)


@dataclass(frozen=True)
class PrintTotals:
    printed: int
    planned: int
    shipped: int
    received: int
    used: int

    @property
    def stock(self) -> int:
        return self.printed - self.shipped - self.used

    @property
    def unplanned(self) -> int:
        return self.printed - self.planned

    @property
    def to_ship(self) -> int:
        return self.planned - self.shipped


def _sum(
    qs: QuerySet[Shipment] | QuerySet[EventUsage] | QuerySet[DistributionLine],
    group: str,
    value: str,
) -> Coalesce:
    return Coalesce(
        Subquery(qs.order_by().values(group).annotate(s=Sum(value)).values("s")[:1]),
        Value(0),
        output_field=IntegerField(),
    )


def print_run_list(*, contract: Contract) -> QuerySet[PrintRun]:
    """Print runs with planned, shipped, received and used totals (one query)."""
    return _with_totals(PrintRun.objects.filter(contract=contract))


def _with_totals(runs: QuerySet[PrintRun]) -> QuerySet[PrintRun]:
    return runs.select_related("item", "proof_round").annotate(
        planned_total=_sum(
            DistributionLine.objects.filter(print_run=OuterRef("pk")), "print_run", "quantity"
        ),
        shipped_total=_sum(
            Shipment.objects.filter(line__print_run=OuterRef("pk")),
            "line__print_run",
            "quantity",
        ),
        received_total=_sum(
            Shipment.objects.filter(line__print_run=OuterRef("pk"), received_on__isnull=False),
            "line__print_run",
            "received_quantity",
        ),
        used_total=_sum(
            EventUsage.objects.filter(print_run=OuterRef("pk")), "print_run", "quantity"
        ),
    )


def totals_of(run: PrintRun) -> PrintTotals:
    """Totals of a run from `print_run_list`'s annotations."""
    return PrintTotals(
        printed=run.quantity,
        planned=run.planned_total,  # type: ignore[attr-defined]
        shipped=run.shipped_total,  # type: ignore[attr-defined]
        received=run.received_total,  # type: ignore[attr-defined]
        used=run.used_total,  # type: ignore[attr-defined]
    )


def print_run_totals(*, run: PrintRun) -> PrintTotals:
    annotated = _with_totals(PrintRun.objects.filter(pk=run.pk)).get()
    return totals_of(annotated)


@dataclass(frozen=True)
class PrintSummaryRow:
    run: PrintRun
    totals: PrintTotals

    @property
    def low_stock(self) -> bool:
        return self.totals.stock < self.run.low_stock_level


def print_summary(*, contract: Contract) -> list[PrintSummaryRow]:
    """Every print run with its totals and stock, newest delivery first (for reports)."""
    return [PrintSummaryRow(run=r, totals=totals_of(r)) for r in print_run_list(contract=contract)]


def low_stock(*, contract: Contract) -> list[PrintSummaryRow]:
    return [row for row in print_summary(contract=contract) if row.low_stock]


@dataclass
class RegionDistribution:
    region: Region
    destinations: int = 0
    planned: int = 0
    shipped: int = 0
    received: int = 0
    municipalities: int = 0
    facilities: int = 0
    item_titles: list[str] = field(default_factory=list)


_LINE_REGION = Coalesce("municipality__region", "facility__municipality__region")
_SHIP_REGION = Coalesce("line__municipality__region", "line__facility__municipality__region")


def distribution_by_region(
    *, contract: Contract, run: PrintRun | None = None
) -> list[RegionDistribution]:
    """Planned, shipped and received copies per region (圏域), every region listed."""
    lines = DistributionLine.objects.filter(contract=contract)
    shipments = Shipment.objects.filter(line__contract=contract)
    if run is not None:
        lines = lines.filter(print_run=run)
        shipments = shipments.filter(line__print_run=run)
    rows = {r.pk: RegionDistribution(region=r) for r in Region.objects.filter(contract=contract)}
    for entry in (
        lines.annotate(region_id=_LINE_REGION)
        .order_by()
        .values("region_id")
        .annotate(
            planned=Sum("quantity"),
            municipalities=Count("municipality", distinct=True),
            facilities=Count("facility", distinct=True),
        )
    ):
        row = rows[entry["region_id"]]
        row.planned = entry["planned"] or 0
        row.municipalities = entry["municipalities"]
        row.facilities = entry["facilities"]
        row.destinations = row.municipalities + row.facilities
    for shipped in (
        shipments.annotate(region_id=_SHIP_REGION)
        .order_by()
        .values("region_id")
        .annotate(
            shipped=Sum("quantity"),
            received=Coalesce(
                Sum("received_quantity", filter=Q(received_on__isnull=False)), Value(0)
            ),
        )
    ):
        row = rows[shipped["region_id"]]
        row.shipped = shipped["shipped"] or 0
        row.received = shipped["received"]
    return list(rows.values())


@dataclass(frozen=True)
class DestinationRow:
    line: DistributionLine
    shipped: int
    received: int
    unconfirmed: int

    @property
    def to_ship(self) -> int:
        return self.line.quantity - self.shipped


def _destination_rows(lines: QuerySet[DistributionLine]) -> list[DestinationRow]:
    """The lines with their shipment totals: two queries, whatever the number of lines."""
    found = list(
        lines.select_related(
            "municipality__region", "facility__municipality__region", "print_run__item"
        )
    )
    totals = {
        t["line_id"]: t
        for t in Shipment.objects.filter(line__in=lines.values("pk"))
        .order_by()
        .values("line_id")
        .annotate(
            shipped=Sum("quantity"),
            received=Coalesce(
                Sum("received_quantity", filter=Q(received_on__isnull=False)), Value(0)
            ),
            unconfirmed=Count("pk", filter=Q(received_on__isnull=True)),
        )
    }
    rows = []
    for line in found:
        t = totals.get(line.pk)
        rows.append(
            DestinationRow(
                line=line,
                shipped=t["shipped"] if t else 0,
                received=t["received"] if t else 0,
                unconfirmed=t["unconfirmed"] if t else 0,
            )
        )
    return rows


def run_destinations(*, run: PrintRun) -> list[DestinationRow]:
    """The plan of one print run: municipalities first (in their order), then facilities."""
    return _destination_rows(DistributionLine.objects.filter(print_run=run))


def distribution_by_facility(
    *, contract: Contract, run: PrintRun | None = None
) -> list[DestinationRow]:
    """Every public-facility destination with its planned, shipped and received copies."""
    lines = DistributionLine.objects.filter(contract=contract, facility__isnull=False)
    if run is not None:
        lines = lines.filter(print_run=run)
    return _destination_rows(
        lines.order_by("facility__municipality__order", "facility__kana", "print_run", "pk")
    )


def shipment_list(*, run: PrintRun) -> QuerySet[Shipment]:
    return (
        Shipment.objects.filter(line__print_run=run)
        .select_related("line__municipality", "line__facility__municipality", "receipt_recorded_by")
        .order_by("-shipped_on", "-id")
    )


def usage_list(*, run: PrintRun) -> QuerySet[EventUsage]:
    return EventUsage.objects.filter(print_run=run).order_by("-used_on", "-id")


def facility_list(
    *, contract: Contract, municipality: Municipality | None = None, query: str = ""
) -> QuerySet[Facility]:
    qs = Facility.objects.filter(contract=contract).select_related("municipality__region")
    if municipality is not None:
        qs = qs.filter(municipality=municipality)
    if query.strip():
        q = query.strip()
        qs = qs.filter(Q(name__icontains=q) | Q(kana__icontains=q) | Q(address__icontains=q))
    return qs
