"""Print runs, the facilities import, the distribution plan, shipments, receipts and stock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from fukyu.accounts.models import User
from fukyu.audit.models import AuditEvent
from fukyu.core.models import Contract, Municipality
from fukyu.publicity import services
from fukyu.publicity.facility_csv import HEADER
from fukyu.publicity.models import DistributionLine, Facility, PrintRun
from fukyu.publicity.selectors import (
    distribution_by_facility,
    distribution_by_region,
    low_stock,
    print_run_totals,
    print_summary,
)
from fukyu.publicity.tests.factories import item_with_drafts, print_run


def facility_csv(rows: list[list[str]], *, extra_header: list[str] | None = None) -> str:
    header = [*HEADER, *(extra_header or [])]
    lines = [",".join(header)]
    lines += [",".join(f'"{c}"' if "," in c else c for c in row) for row in rows]
    return "\r\n".join(lines) + "\r\n"


def row(
    code: str, no: str, city: str, name: str, kana: str, address: str, **extra: str
) -> list[str]:
    cells = dict.fromkeys(HEADER, "")
    cells.update(
        {
            "都道府県コード又は市区町村コード": code,
            "NO": no,
            "都道府県名": "宮城県",
            "市区町村名": city,
            "名称": name,
            "名称_カナ": kana,
            "住所": address,
        }
    )
    cells.update(extra)
    return list(cells.values())


ROWS = [
    row(
        "042021",
        "001",
        "石巻市",
        "石巻市立図書館",
        "イシノマキシリツトショカン",
        "宮城県石巻市日和が丘二丁目1番1号",
        緯度="38.4344",
        経度="141.3029",
        開始時間="9:30",
        終了時間="18:00",
        POIコード="1512a",
    ),
    row(
        "042021",
        "002",
        "石巻市",
        "石巻市中央公民館",
        "イシノマキシチュウオウコウミンカン",
        "宮城県石巻市日和が丘一丁目2番7号",
        バリアフリー情報="車椅子用トイレ;スロープ",
    ),
    row(
        "041009",
        "001",
        "仙台市",
        "せんだいメディアテーク",
        "センダイメディアテーク",
        "宮城県仙台市青葉区春日町2-1",
        URL="https://www.smt.jp/",
    ),
    row(
        "040002",
        "100",
        "気仙沼市",
        "宮城県気仙沼合同庁舎",
        "ミヤギケンケセンヌマゴウドウチョウシャ",
        "宮城県気仙沼市東新城三丁目3番3号",
        法人番号="8000020040002",
    ),
]


@pytest.fixture
def staff(make_user: Callable[..., User]) -> User:
    return make_user("publicity")


@pytest.fixture
def client_user(make_user: Callable[..., User]) -> User:
    return make_user("client")


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "cp932"])
def test_facilities_import_in_each_encoding(contract: Contract, staff: User, encoding: str) -> None:
    data = facility_csv(ROWS).encode(encoding)
    if encoding == "utf-8-sig":
        assert data[:3] == b"\xef\xbb\xbf"
    result = services.facilities_import(
        actor=staff, contract=contract, data=data, filename="040002_public_facility.csv"
    )
    assert (result.created, result.updated, result.unchanged) == (4, 0, 0)
    library = Facility.objects.get(contract=contract, name="石巻市立図書館")
    assert library.municipality.name == "石巻市" and library.local_code == "042021"
    assert library.latitude == Decimal("38.434400") and library.opens_at == dt.time(9, 30)
    assert library.poi_code == "1512a"
    prefectural = Facility.objects.get(name="宮城県気仙沼合同庁舎")
    assert prefectural.municipality.name == "気仙沼市" and prefectural.local_code == "040002"
    assert Facility.objects.get(name="石巻市中央公民館").accessibility == "車椅子用トイレ;スロープ"
    event = AuditEvent.objects.get(action="facility.import")
    assert event.changes["created"] == [None, 4] and event.note == "040002_public_facility.csv"


def test_reimport_updates_by_number_and_ignores_extension_columns(
    contract: Contract, staff: User
) -> None:
    services.facilities_import(actor=staff, contract=contract, data=facility_csv(ROWS).encode())
    changed = [list(r) for r in ROWS]
    changed[0][HEADER.index("名称")] = "石巻市図書館"
    data = facility_csv([[*r, "986-0000"] for r in changed], extra_header=["郵便番号"]).encode(
        "cp932"
    )
    result = services.facilities_import(actor=staff, contract=contract, data=data)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 3)
    assert Facility.objects.filter(contract=contract).count() == 4
    assert Facility.objects.filter(name="石巻市図書館", number="001").exists()


def test_import_is_all_or_nothing_with_row_numbers(contract: Contract, staff: User) -> None:
    bad = [
        ROWS[0],
        row("042021", "003", "石巻市", "", "カナ", "住所"),  # row 3: no name
        row("049999", "004", "", "どこか", "ドコカ", "住所"),  # row 4: unknown code
        row("042021", "005", "石巻市", "名", "メイ", "住所", 緯度="北緯38度"),  # row 5
        row("042021", "001", "石巻市", "重複", "チョウフク", "住所"),  # row 6: duplicate NO
        row("041009", "006", "石巻市", "不一致", "フイッチ", "住所"),  # row 7: code vs name
        row("042021", "007", "石巻市", "時刻", "ジコク", "住所", 開始時間="25:00"),  # row 8
    ]
    with pytest.raises(ValidationError) as exc:
        services.facilities_import(
            actor=staff, contract=contract, data=facility_csv(bad).encode("cp932")
        )
    messages = exc.value.messages
    assert messages == [
        "3行目: 「名称」が空です",
        "4行目: 市区町村コード「049999」は契約の市町村にありません",
        "5行目: 緯度「北緯38度」は数値ではありません",
        "6行目: NO「001」が2行目と重複しています",
        "7行目: 市区町村コード「041009」と市区町村名「石巻市」が一致しません",
        "8行目: 開始時間「25:00」は時刻（9:30 や 17:00 の形）ではありません",
    ]
    assert Facility.objects.count() == 0
    assert not AuditEvent.objects.filter(action="facility.import").exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("名称,住所\r\n図書館,石巻市\r\n".encode(), "24列がそろっていません"),
        (
            facility_csv(ROWS).replace("名称_カナ", "ふりがな", 1).encode(),
            "6列目は「名称_カナ」のはず",
        ),
        (b"\xff\xfe\x00\x00garbage\x81", "文字コードを判別できません"),
        (b"", "ファイルが空です"),
        (facility_csv([]).encode(), "取り込む施設の行がありません"),
    ],
)
def test_import_refuses_bad_files(
    contract: Contract, staff: User, data: bytes, message: str
) -> None:
    with pytest.raises(ValidationError) as exc:
        services.facilities_import(actor=staff, contract=contract, data=data)
    assert message in " ".join(exc.value.messages)


def test_only_approved_items_are_printed(
    contract: Contract, staff: User, client_user: User
) -> None:
    item = item_with_drafts(contract, staff)
    run = PrintRun(
        contract=contract,
        item=item,
        quantity=100,
        printer="印刷所",
        delivery_date=dt.date(2024, 11, 1),
    )
    with pytest.raises(ValidationError, match="校了"):
        services.print_run_save(actor=staff, run=run)
    approved = print_run(contract, staff, client_user)
    assert approved.proof_round == approved.item.approved_round
    assert AuditEvent.objects.filter(action="print_run.create", object_id=str(approved.pk)).exists()


@override_settings(FUKYU_TODAY="2024-12-10")
def test_stock_arithmetic_and_summaries(contract: Contract, staff: User, client_user: User) -> None:
    services.facilities_import(actor=staff, contract=contract, data=facility_csv(ROWS).encode())
    run = print_run(contract, staff, client_user, quantity=1000)
    towns = {m.name: m for m in Municipality.objects.filter(contract=contract)}
    with pytest.raises(ValidationError, match="印刷部数（1,000部）を超えて"):
        services.distribution_plan_set(actor=staff, run=run, quantities={towns["仙台市"].pk: 1200})
    services.distribution_plan_set(
        actor=staff,
        run=run,
        quantities={towns["仙台市"].pk: 300, towns["石巻市"].pk: 200, towns["白石市"].pk: 50},
    )
    library = Facility.objects.get(name="石巻市立図書館")
    services.distribution_line_set_facility(actor=staff, run=run, facility=library, quantity=100)
    sendai = DistributionLine.objects.get(print_run=run, municipality=towns["仙台市"])
    with pytest.raises(ValidationError, match="納品日"):
        services.shipment_create(
            actor=staff, line=sendai, quantity=10, shipped_on=dt.date(2024, 11, 14)
        )
    with pytest.raises(ValidationError, match="配布予定（300部）を超えます"):
        services.shipment_create(
            actor=staff, line=sendai, quantity=301, shipped_on=dt.date(2024, 11, 20)
        )
    s1 = services.shipment_create(
        actor=staff, line=sendai, quantity=300, shipped_on=dt.date(2024, 11, 20)
    )
    lib_line = DistributionLine.objects.get(print_run=run, facility=library)
    services.shipment_create(
        actor=staff, line=lib_line, quantity=60, shipped_on=dt.date(2024, 11, 21)
    )
    services.event_usage_record(
        actor=staff,
        run=run,
        quantity=150,
        used_on=dt.date(2024, 12, 7),
        event_label="イオンモール名取 体験会",
    )
    totals = print_run_totals(run=run)
    assert (totals.printed, totals.planned, totals.shipped, totals.used) == (1000, 650, 360, 150)
    assert totals.stock == 1000 - 360 - 150 == 490
    assert totals.received == 0
    services.shipment_receipt_confirm(actor=staff, shipment=s1, received_on=dt.date(2024, 11, 22))
    with pytest.raises(ValidationError, match="既に受領確認済み"):
        services.shipment_receipt_confirm(
            actor=staff, shipment=s1, received_on=dt.date(2024, 11, 22)
        )
    assert print_run_totals(run=run).received == 300
    with pytest.raises(ValidationError, match="在庫が足りません（残り 490部）"):
        services.event_usage_record(
            actor=staff, run=run, quantity=491, used_on=dt.date(2024, 12, 8), event_id=7
        )
    with pytest.raises(ValidationError, match="発送済み（300部）より少なく"):
        services.distribution_plan_set(actor=staff, run=run, quantities={towns["仙台市"].pk: 100})
    run.quantity = 500
    with pytest.raises(ValidationError, match="650部"):
        services.print_run_save(actor=staff, run=run)
    regions = {r.region.name: r for r in distribution_by_region(contract=contract)}
    sendai_region = regions[towns["仙台市"].region.name]
    ishinomaki_region = regions[towns["石巻市"].region.name]
    assert (sendai_region.planned, sendai_region.shipped, sendai_region.received) == (300, 300, 300)
    assert (ishinomaki_region.planned, ishinomaki_region.shipped, ishinomaki_region.received) == (
        300,
        60,
        0,
    )
    assert (ishinomaki_region.municipalities, ishinomaki_region.facilities) == (1, 1)
    assert sum(r.planned for r in regions.values()) == 650
    assert len(regions) == contract.regions.count()
    by_facility = distribution_by_facility(contract=contract)
    assert [(d.line.facility, d.shipped, d.to_ship) for d in by_facility] == [(library, 60, 40)]
    summary = print_summary(contract=contract)
    assert [(r.run, r.totals.stock, r.low_stock) for r in summary] == [(run, 490, False)]
    services.event_usage_record(
        actor=staff, run=run, quantity=400, used_on=dt.date(2024, 12, 9), event_id=8
    )
    assert [r.totals.stock for r in low_stock(contract=contract)] == [90]


@override_settings(FUKYU_TODAY="2024-12-10")
def test_partial_receipt_needs_a_reason(contract: Contract, staff: User, client_user: User) -> None:
    run = print_run(contract, staff, client_user, quantity=100)
    town = Municipality.objects.filter(contract=contract).first()
    assert town is not None
    services.distribution_plan_set(actor=staff, run=run, quantities={town.pk: 40})
    line = DistributionLine.objects.get(print_run=run)
    shipment = services.shipment_create(
        actor=staff, line=line, quantity=40, shipped_on=dt.date(2024, 12, 1)
    )
    with pytest.raises(ValidationError, match="理由"):
        services.shipment_receipt_confirm(
            actor=staff, shipment=shipment, received_on=dt.date(2024, 12, 2), received_quantity=38
        )
    with pytest.raises(ValidationError, match="未来"):
        services.shipment_receipt_confirm(
            actor=staff, shipment=shipment, received_on=dt.date(2024, 12, 11)
        )
    services.shipment_receipt_confirm(
        actor=staff,
        shipment=shipment,
        received_on=dt.date(2024, 12, 2),
        received_quantity=38,
        note="2部破損",
    )
    assert print_run_totals(run=run).received == 38
    assert print_run_totals(run=run).stock == 60  # shipped copies left the stock whatever arrived
