"""Concurrent writers on PostgreSQL: the print-run row lock keeps the stock from going negative."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from fukyu.accounts.models import User
from fukyu.core.models import Contract, Municipality
from fukyu.publicity import services
from fukyu.publicity.models import DistributionLine
from fukyu.publicity.selectors import print_run_totals
from fukyu.publicity.tests.factories import print_run

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def test_shipment_and_event_usage_racing_for_the_last_copies(
    contract: Contract, make_user: Callable[..., User]
) -> None:
    staff, client = make_user("publicity"), make_user("client")
    run = print_run(contract, staff, client, quantity=100)
    town = Municipality.objects.filter(contract=contract).first()
    assert town is not None
    services.distribution_plan_set(actor=staff, run=run, quantities={town.pk: 100})
    line = DistributionLine.objects.get(print_run=run)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def ship() -> None:
        barrier.wait()
        try:
            services.shipment_create(
                actor=staff, line=line, quantity=60, shipped_on=dt.date(2024, 11, 20)
            )
            outcomes.append("shipped")
        except ValidationError as exc:
            outcomes.append(exc.messages[0])
        finally:
            connections.close_all()

    def use() -> None:
        barrier.wait()
        try:
            services.event_usage_record(
                actor=staff,
                run=run,
                quantity=60,
                used_on=dt.date(2024, 11, 20),
                event_label="体験会",
            )
            outcomes.append("used")
        except ValidationError as exc:
            outcomes.append(exc.messages[0])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=ship), threading.Thread(target=use)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert len(outcomes) == 2
    assert sum(o in ("shipped", "used") for o in outcomes) == 1
    assert any("在庫が足りません（残り 40部）" in o for o in outcomes)
    totals = print_run_totals(run=run)
    assert totals.stock == 40 and totals.shipped + totals.used == 60
