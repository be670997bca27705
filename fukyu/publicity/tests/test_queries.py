"""List and report pages run the same number of queries whatever the number of rows (no N+1)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client, RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext

from conftest import verified_login
from fukyu.accounts.models import User
from fukyu.core.models import Contract, Municipality
from fukyu.publicity import home, services
from fukyu.publicity.models import DistributionLine, Facility, Placement, PrintRun, ProofRound
from fukyu.publicity.tests.factories import item_with_drafts, pdf_bytes, print_run, upload
from fukyu.publicity.tests.test_printing_services import ROWS, facility_csv


def count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def home_count(user: User, contract: Contract) -> int:
    """Queries of the publicity panel alone (the home page also holds other apps' panels)."""
    request = RequestFactory().get("/ops/")
    request.user = User.objects.get(pk=user.pk)
    with CaptureQueriesContext(connection) as ctx:
        data = home.panel(request=request, contract=contract, today=dt.date(2024, 12, 10))
        html = render_to_string("publicity/_home.html", {"panels": {"publicity": data}}, request)
    assert "publicity-home" in html
    return len(ctx.captured_queries)


def grow(contract: Contract, staff: User, client: User, runs: list[PrintRun]) -> ProofRound:
    """One more of everything each page lists."""
    item = item_with_drafts(contract, staff)
    services.design_draft_pick(actor=client, item=item, draft=item.drafts.first())  # type: ignore[arg-type]
    proof = services.proof_round_submit(
        actor=staff, item=item, upload=upload("p.pdf", pdf_bytes(2)), name="p.pdf"
    )
    services.proof_comment_add(actor=client, proof=proof, page=1, body="指摘")
    services.proof_comment_add(actor=client, proof=proof, page=2, body="指摘")
    run = print_run(contract, staff, client, quantity=1000)
    runs.append(run)
    towns = list(Municipality.objects.filter(contract=contract)[: 5 * len(runs)])
    services.distribution_plan_set(actor=staff, run=run, quantities={m.pk: 10 for m in towns})
    for facility in Facility.objects.filter(contract=contract):
        services.distribution_line_set_facility(actor=staff, run=run, facility=facility, quantity=5)
    for line in DistributionLine.objects.filter(print_run=run):
        shipment = services.shipment_create(
            actor=staff, line=line, quantity=5, shipped_on=dt.date(2024, 11, 20)
        )
        services.shipment_receipt_confirm(
            actor=staff, shipment=shipment, received_on=dt.date(2024, 11, 21)
        )
    services.event_usage_record(
        actor=staff, run=run, quantity=3, used_on=dt.date(2024, 12, 1), event_label="体験会"
    )
    services.placement_save(
        actor=staff,
        placement=Placement(
            contract=contract,
            medium="newspaper",
            outlet="新聞",
            title="告知",
            starts_on=dt.date(2024, 12, 1),
            ends_on=dt.date(2024, 12, 1),
            cost=1000,
            is_paid=True,
        ),
    )
    return proof


@pytest.mark.parametrize("client_view", [False, True])
@override_settings(FUKYU_TODAY="2024-12-10")
def test_pages_do_not_grow_with_rows(
    contract: Contract, make_user: Callable[..., User], client_view: bool
) -> None:
    staff, client = make_user("publicity"), make_user("client")
    services.facilities_import(actor=staff, contract=contract, data=facility_csv(ROWS).encode())
    runs: list[PrintRun] = []
    first_round = grow(contract, staff, client, runs)
    item = first_round.item
    browser = verified_login(Client(), client if client_view else staff)
    urls = [
        "/ops/publicity/",
        f"/ops/publicity/items/{item.pk}/",
        f"/ops/publicity/rounds/{first_round.pk}/",
        "/ops/publicity/print-runs/",
        f"/ops/publicity/print-runs/{runs[0].pk}/",
        "/ops/publicity/distribution/",
        "/ops/publicity/facilities/",
        "/ops/publicity/placements/",
    ]
    user = client if client_view else staff
    browser.get("/ops/publicity/")  # the session's first request does extra work once
    before = {url: count(browser, url) for url in urls}
    before["home"] = home_count(user, contract)
    for _ in range(3):
        grow(contract, staff, client, runs)
    # More drafts, comments and shipments for the same item and run too.
    services.proof_comment_add(actor=client, proof=first_round, page=2, body="追加")
    after = {url: count(browser, url) for url in urls}
    after["home"] = home_count(user, contract)
    assert after == before
