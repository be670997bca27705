"""Placements: a paid medium is never marked as run without the client's recorded consent."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError

from fukyu.accounts.models import User
from fukyu.audit.models import AuditEvent
from fukyu.core.models import Contract
from fukyu.publicity import services
from fukyu.publicity.models import Placement
from fukyu.publicity.selectors import (
    placement_list,
    placement_summary_by_medium,
    placements_awaiting_consent,
)


def new_placement(contract: Contract, staff: User, **fields: object) -> Placement:
    values: dict[str, object] = {
        "medium": Placement.Medium.NEWSPAPER,
        "outlet": "河北新報",
        "title": "キャンペーン告知（全5段）",
        "starts_on": dt.date(2024, 12, 1),
        "ends_on": dt.date(2024, 12, 1),
        "reach": 400000,
        "cost": 1_200_000,
        "is_paid": True,
    }
    values.update(fields)
    return services.placement_save(actor=staff, placement=Placement(contract=contract, **values))


def test_paid_placement_cannot_run_without_client_consent(
    contract: Contract, make_user: Callable[..., User]
) -> None:
    staff, client, manager = make_user("publicity"), make_user("client"), make_user("manager")
    paid = new_placement(contract, staff)
    assert list(placements_awaiting_consent(contract=contract)) == [paid]
    with pytest.raises(ValidationError) as exc:
        services.placement_mark_run(actor=staff, placement=paid)
    assert exc.value.messages == [services.PAID_REFUSAL]
    paid.refresh_from_db()
    assert paid.status == Placement.Status.PLANNED and paid.run_recorded_at is None
    for not_client in (staff, manager):
        with pytest.raises(ValidationError, match="発注者（県）の利用者だけ"):
            services.placement_client_approve(actor=not_client, placement=paid)
    services.placement_client_approve(actor=client, placement=paid, note="承諾します")
    paid.refresh_from_db()
    assert paid.client_approved_by == client and paid.client_approved_at is not None
    assert AuditEvent.objects.filter(action="placement.client_approve", actor=client).exists()
    services.placement_mark_run(actor=staff, placement=paid, reach=410000)
    paid.refresh_from_db()
    assert (paid.status, paid.reach) == (Placement.Status.RUN, 410000)
    with pytest.raises(ValidationError, match="実施済みの掲載は変更できません"):
        services.placement_save(actor=staff, placement=paid)


def test_changing_the_terms_withdraws_the_consent(
    contract: Contract, make_user: Callable[..., User]
) -> None:
    staff, client = make_user("publicity"), make_user("client")
    paid = new_placement(contract, staff)
    services.placement_client_approve(actor=client, placement=paid)
    paid.refresh_from_db()
    paid.note = "入稿済み"  # not a term: the consent stays
    services.placement_save(actor=staff, placement=paid)
    paid.refresh_from_db()
    assert paid.client_approved
    paid.cost = 1_500_000
    services.placement_save(actor=staff, placement=paid)
    paid.refresh_from_db()
    assert not paid.client_approved and paid.client_approved_by is None
    event = AuditEvent.objects.filter(action="placement.update").latest("id")
    assert event.changes["cost"] == [1200000, 1500000] and "承諾を取り消しました" in event.note
    with pytest.raises(ValidationError, match="承諾を記録するまで"):
        services.placement_mark_run(actor=staff, placement=paid)


def test_free_placements_run_without_consent_and_rules(
    contract: Contract, make_user: Callable[..., User]
) -> None:
    staff, client = make_user("publicity"), make_user("client")
    sns = new_placement(
        contract,
        staff,
        medium=Placement.Medium.SNS,
        outlet="県公式X",
        cost=0,
        is_paid=False,
        reach=None,
    )
    with pytest.raises(ValidationError, match="無料の媒体"):
        services.placement_client_approve(actor=client, placement=sns)
    services.placement_mark_run(actor=staff, placement=sns, reach=52000)
    with pytest.raises(ValidationError) as exc:
        new_placement(contract, staff, medium=Placement.Medium.PAID_AD, is_paid=False)
    assert exc.value.message_dict["is_paid"] == [
        "有料広告は「有料の広報媒体」として登録してください"
    ]
    with pytest.raises(ValidationError) as exc:
        new_placement(contract, staff, starts_on=dt.date(2024, 12, 5), ends_on=dt.date(2024, 12, 1))
    assert "終了日は開始日以降にしてください" in exc.value.message_dict["ends_on"]
    radio = new_placement(contract, staff, medium=Placement.Medium.RADIO, outlet="TBCラジオ")
    with pytest.raises(ValidationError, match="理由"):
        services.placement_cancel(actor=staff, placement=radio, reason=" ")
    services.placement_cancel(actor=staff, placement=radio, reason="予算の見直し")
    radio.refresh_from_db()
    assert radio.status == Placement.Status.CANCELLED and "予算の見直し" in radio.note
    assert [p.outlet for p in placement_list(contract=contract, status="run")] == ["県公式X"]
    summary = placement_summary_by_medium(contract=contract)
    assert [(s.label, s.count, s.reach, s.cost) for s in summary] == [("SNS", 1, 52000, 0)]
