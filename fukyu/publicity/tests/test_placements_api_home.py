"""Placement screens, the publicity API and the home-page panel."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client, override_settings

from conftest import verified_login
from fukyu.accounts.models import User
from fukyu.audit.models import AuditEvent
from fukyu.core.models import Contract, Municipality
from fukyu.publicity import services
from fukyu.publicity.models import DistributionLine, Placement
from fukyu.publicity.tests.factories import item_with_drafts, pdf_bytes, print_run, upload


@pytest.fixture
def staff(make_user: Callable[..., User]) -> User:
    return make_user("publicity")


@pytest.fixture
def client_user(make_user: Callable[..., User]) -> User:
    return make_user("client")


PAID = {
    "medium": "newspaper",
    "outlet": "河北新報",
    "title": "キャンペーン告知",
    "starts_on": "2024-12-01",
    "ends_on": "2024-12-01",
    "reach": "400000",
    "cost": "1200000",
    "is_paid": "on",
}


def test_paid_placement_refused_then_consented_through_the_views(
    contract: Contract, staff: User, client_user: User
) -> None:
    as_staff, as_client = verified_login(Client(), staff), verified_login(Client(), client_user)
    assert as_staff.post("/ops/publicity/placements/new/", PAID).status_code == 302
    placement = Placement.objects.get(contract=contract)
    url = f"/ops/publicity/placements/{placement.pk}/"
    as_staff.post(url + "run/", {"reach": "1"})
    placement.refresh_from_db()
    assert placement.status == "planned"
    page = as_staff.get(url).content.decode()
    assert (
        "有料の広報媒体は、発注者の承諾を記録するまで実施済みにできません（仕様書5(3)ホ）" in page
    )
    as_staff.post(url + "approve/")
    placement.refresh_from_db()
    assert not placement.client_approved
    assert "この有料媒体の実施を承諾する" in as_client.get(url).content.decode()
    assert as_client.post(url + "run/").status_code == 403
    as_client.post(url + "approve/", {"note": "予算内で承諾"})
    placement.refresh_from_db()
    assert placement.client_approved_by == client_user
    as_staff.post(url + "run/", {"reach": "420000"})
    placement.refresh_from_db()
    assert (placement.status, placement.reach) == ("run", 420000)
    assert AuditEvent.objects.filter(action="placement.run", object_id=str(placement.pk)).exists()
    listing = as_client.get("/ops/publicity/placements/").content.decode()
    assert "承諾済み" in listing and "1,200,000" in listing and "実施済みの媒体別集計" in listing
    redirected = as_staff.get(url + "edit/")
    assert redirected.status_code == 302


def test_paid_ad_must_be_flagged_paid_in_the_form(contract: Contract, staff: User) -> None:
    as_staff = verified_login(Client(), staff)
    response = as_staff.post(
        "/ops/publicity/placements/new/", {**PAID, "medium": "paid_ad", "is_paid": ""}
    )
    assert response.status_code == 200
    assert "有料広告は「有料の広報媒体」として登録してください" in response.content.decode()
    assert not Placement.objects.exists()


def seed(contract: Contract, staff: User, client_user: User) -> None:
    run = print_run(contract, staff, client_user, quantity=100)
    town = Municipality.objects.get(contract=contract, code="042021")
    services.distribution_plan_set(actor=staff, run=run, quantities={town.pk: 60})
    line = DistributionLine.objects.get(print_run=run)
    shipment = services.shipment_create(
        actor=staff, line=line, quantity=60, shipped_on=dt.date(2024, 11, 20)
    )
    services.shipment_receipt_confirm(
        actor=staff, shipment=shipment, received_on=dt.date(2024, 11, 21)
    )
    services.placement_save(
        actor=staff,
        placement=Placement(
            contract=contract,
            medium="sns",
            outlet="県公式X",
            title="告知",
            starts_on=dt.date(2024, 12, 1),
            ends_on=dt.date(2024, 12, 31),
            reach=5000,
            cost=0,
        ),
    )


@override_settings(FUKYU_TODAY="2024-12-10")
def test_api_lists_items_print_runs_distribution_and_placements(
    contract: Contract,
    staff: User,
    client_user: User,
    make_user: Callable[..., User],
    api_client: Callable[[User], Client],
) -> None:
    seed(contract, staff, client_user)
    api = api_client(client_user)
    items = api.get("/api/v1/publicity/items").json()
    assert len(items) == 1 and items[0]["status"] == "approved"
    assert items[0]["approved"]["round_number"] == 1 and items[0]["draft_count"] == 2
    assert api.get("/api/v1/publicity/items", {"status": "drafting"}).json() == []
    bad = api.get("/api/v1/publicity/items", {"status": "nope"})
    assert bad.status_code == 422 and "status には" in bad.json()["detail"]
    runs = api.get("/api/v1/publicity/print-runs").json()
    assert [
        (r["quantity"], r["shipped"], r["received"], r["stock"], r["low_stock"]) for r in runs
    ] == [(100, 60, 60, 40, False)]
    regions = api.get("/api/v1/publicity/distribution").json()
    assert len(regions) == contract.regions.count()
    ishinomaki = next(r for r in regions if r["planned"])
    assert (ishinomaki["region_name"], ishinomaki["shipped"], ishinomaki["received"]) == (
        "石巻",
        60,
        60,
    )
    one = api.get("/api/v1/publicity/distribution", {"print_run": runs[0]["id"]})
    assert one.status_code == 200 and sum(r["planned"] for r in one.json()) == 60
    missing = api.get("/api/v1/publicity/distribution", {"print_run": 999999})
    assert missing.status_code == 404 and missing.json()["detail"] == "印刷 999999 は見つかりません"
    typo = api.get("/api/v1/publicity/distribution", {"print_run": "abc"})
    assert typo.status_code == 422 and "整数" in typo.json()["detail"]
    placements = api.get("/api/v1/publicity/placements").json()
    assert [(p["outlet"], p["is_paid"], p["status"]) for p in placements] == [
        ("県公式X", False, "planned")
    ]
    denied = api_client(make_user("operator")).get("/api/v1/publicity/items")
    assert denied.status_code == 403 and denied.json()["detail"] == "この操作を行う権限がありません"


def test_home_panels_for_staff_and_client(
    contract: Contract,
    staff: User,
    client_user: User,
    make_user: Callable[..., User],
) -> None:
    waiting = item_with_drafts(contract, staff)
    proofing = item_with_drafts(contract, staff)
    services.design_draft_pick(actor=client_user, item=proofing, draft=proofing.drafts.first())  # type: ignore[arg-type]
    proof = services.proof_round_submit(
        actor=staff, item=proofing, upload=upload("p.pdf", pdf_bytes(2)), name="p.pdf"
    )
    services.proof_comment_add(actor=client_user, proof=proof, page=1, body="修正")
    client_home = verified_login(Client(), client_user).get("/ops/").content.decode()
    assert "ご判断をお待ちしている事項が 2件あります" in client_home
    assert f'href="/ops/publicity/items/{waiting.pk}/"' in client_home
    assert f'href="/ops/publicity/rounds/{proof.pk}/"' in client_home
    services.proof_round_return(actor=client_user, proof=proof)
    staff_home = verified_login(Client(), staff).get("/ops/").content.decode()
    assert "発注者の案選定待ち：1件" in staff_home and "未回答の校正指摘：1件" in staff_home
    operator_home = verified_login(Client(), make_user("operator")).get("/ops/").content.decode()
    assert "publicity-home" not in operator_home


@override_settings(FUKYU_TODAY="2024-12-10")
def test_home_panel_shows_low_stock(contract: Contract, staff: User, client_user: User) -> None:
    run = print_run(contract, staff, client_user, quantity=100)
    services.event_usage_record(
        actor=staff, run=run, quantity=95, used_on=dt.date(2024, 12, 1), event_label="体験会"
    )
    page = verified_login(Client(), staff).get("/ops/").content.decode()
    assert "在庫僅少" in page and "残り 5部" in page
