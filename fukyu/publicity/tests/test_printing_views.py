"""Print runs, the facilities import screen and command, the plan, shipments and receipts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client, override_settings

from conftest import verified_login
from fukyu.accounts.models import User
from fukyu.audit.models import AuditEvent
from fukyu.core.models import Contract, Municipality
from fukyu.publicity import services
from fukyu.publicity.models import DistributionLine, EventUsage, Facility, PrintRun, Shipment
from fukyu.publicity.tests.factories import approved_item, print_run, upload
from fukyu.publicity.tests.test_printing_services import ROWS, facility_csv, row


@pytest.fixture
def staff(make_user: Callable[..., User]) -> User:
    return make_user("publicity")


@pytest.fixture
def client_user(make_user: Callable[..., User]) -> User:
    return make_user("client")


@pytest.fixture
def as_staff(staff: User) -> Client:
    return verified_login(Client(), staff)


def test_import_command_reads_a_cp932_file(contract: Contract, tmp_path: Path) -> None:
    path = tmp_path / "040002_public_facility.csv"
    path.write_bytes(facility_csv(ROWS).encode("cp932"))
    out = StringIO()
    call_command("import_facilities", str(path), stdout=out)
    assert "4施設を取り込みました（新規 4件" in out.getvalue()
    assert Facility.objects.filter(contract=contract).count() == 4
    assert (
        AuditEvent.objects.get(action="facility.import").actor_label
        == "manage.py import_facilities"
    )
    bad = tmp_path / "bad.csv"
    bad.write_bytes(
        facility_csv([row("042021", "9", "石巻市", "", "ナシ", "住所")]).encode("utf-8-sig")
    )
    with pytest.raises(CommandError, match="2行目: 「名称」が空です"):
        call_command("import_facilities", str(bad))
    with pytest.raises(CommandError, match="ファイルを読めません"):
        call_command("import_facilities", str(tmp_path / "missing.csv"))


def test_import_screen_with_a_utf8_bom_file(contract: Contract, as_staff: Client) -> None:
    assert (
        "公共施設一覧の取り込み"
        in as_staff.get("/ops/publicity/facilities/import/").content.decode()
    )
    data = facility_csv(ROWS).encode("utf-8-sig")
    response = as_staff.post(
        "/ops/publicity/facilities/import/",
        {"file": upload("040002_public_facility.csv", data, "text/csv")},
    )
    assert response.status_code == 302
    assert Facility.objects.filter(contract=contract).count() == 4
    listing = as_staff.get("/ops/publicity/facilities/", {"q": "図書館"}).content.decode()
    assert "石巻市立図書館" in listing and "せんだいメディアテーク" not in listing
    bad = facility_csv([*ROWS, row("049999", "9", "", "謎", "ナゾ", "住所")]).encode("cp932")
    response = as_staff.post("/ops/publicity/facilities/import/", {"file": upload("bad.csv", bad)})
    assert response.status_code == 422
    assert "6行目: 市区町村コード「049999」は契約の市町村にありません" in response.content.decode()


@override_settings(FUKYU_TODAY="2024-12-10")
def test_print_run_plan_shipment_receipt_usage_through_the_views(
    contract: Contract,
    staff: User,
    client_user: User,
    as_staff: Client,
) -> None:
    item, proof = approved_item(contract, staff, client_user)
    response = as_staff.post(
        "/ops/publicity/print-runs/new/",
        {
            "item": item.pk,
            "quantity": "2000",
            "printer": "みやぎ印刷",
            "delivery_date": "2024-11-15",
        },
    )
    run = PrintRun.objects.get(contract=contract)
    assert response.status_code == 302 and run.proof_round == proof
    towns = list(Municipality.objects.filter(contract=contract))
    assert len(towns) == 35
    plan_page = as_staff.get(f"/ops/publicity/print-runs/{run.pk}/plan/").content.decode()
    assert plan_page.count('class="plan-input"') == 35
    data = {f"m{m.pk}": "40" for m in towns}
    assert as_staff.post(f"/ops/publicity/print-runs/{run.pk}/plan/", data).status_code == 302
    assert DistributionLine.objects.filter(print_run=run).count() == 35
    too_many = {f"m{m.pk}": "100" for m in towns}
    response = as_staff.post(f"/ops/publicity/print-runs/{run.pk}/plan/", too_many)
    assert (
        response.status_code == 200
        and "印刷部数（2,000部）を超えています" in response.content.decode()
    )
    line = DistributionLine.objects.get(print_run=run, municipality=towns[0])
    response = as_staff.post(
        f"/ops/publicity/print-runs/{run.pk}/shipments/",
        {
            "shipment-line": line.pk,
            "shipment-quantity": "40",
            "shipment-shipped_on": "2024-11-20",
            "shipment-method": "宅配便",
        },
    )
    assert response.status_code == 302
    shipment = Shipment.objects.get(line=line)
    over = as_staff.post(
        f"/ops/publicity/print-runs/{run.pk}/shipments/",
        {"shipment-line": line.pk, "shipment-quantity": "1", "shipment-shipped_on": "2024-11-21"},
    )
    assert over.status_code == 422 and "配布予定（40部）を超えます" in over.content.decode()
    as_staff.post(f"/ops/publicity/shipments/{shipment.pk}/receipt/", {"received_on": "2024-11-22"})
    shipment.refresh_from_db()
    assert shipment.received_on == dt.date(2024, 11, 22) and shipment.received_quantity == 40
    as_staff.post(
        f"/ops/publicity/print-runs/{run.pk}/usages/",
        {
            "usage-quantity": "120",
            "usage-used_on": "2024-12-07",
            "usage-event_label": "石巻 体験会",
        },
    )
    assert EventUsage.objects.get(print_run=run).quantity == 120
    page = as_staff.get(f"/ops/publicity/print-runs/{run.pk}/").content.decode()
    assert "石巻 体験会" in page and "受領済み" in page
    listing = as_staff.get("/ops/publicity/print-runs/").content.decode()
    # stock = 2000 − 40 shipped − 120 used
    assert '<td class="num">1,840' in listing
    summary = as_staff.get("/ops/publicity/distribution/").content.decode()
    assert "合計" in summary and '<td class="num">1,400</td>' in summary


def test_only_approved_items_can_be_chosen_for_printing(
    contract: Contract, staff: User, as_staff: Client
) -> None:
    item = services.design_item_create(
        actor=staff, contract=contract, kind="poster", title="未校了"
    )
    response = as_staff.post(
        "/ops/publicity/print-runs/new/",
        {"item": item.pk, "quantity": "10", "printer": "x", "delivery_date": "2024-11-15"},
    )
    assert response.status_code == 200 and "正しく選択してください" in response.content.decode()
    assert not PrintRun.objects.exists()


def test_client_reads_printing_but_cannot_write(
    contract: Contract, staff: User, client_user: User
) -> None:
    run = print_run(contract, staff, client_user)
    as_client = verified_login(Client(), client_user)
    assert as_client.get(f"/ops/publicity/print-runs/{run.pk}/").status_code == 200
    assert (
        as_client.post(f"/ops/publicity/print-runs/{run.pk}/usages/", {"quantity": "1"}).status_code
        == 403
    )
