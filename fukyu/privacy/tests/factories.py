"""Synthetic test data for the privacy app (no real person's data)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from fukyu.core import clock
from fukyu.core.models import Contract
from fukyu.privacy.contacts import personal_contact_create
from fukyu.privacy.models import Decision, ExportApproval, Incident, PersonalContact


def make_approval(
    contract: Contract, requester: Any, *, approver: Any = None, **extra: Any
) -> ExportApproval:
    values: dict[str, Any] = {
        "contract": contract,
        "requested_at": timezone.now(),
        "requested_by": requester,
        "purpose": "折り返し連絡の名簿作成",
        "scope": "問い合わせ者の氏名・電話番号",
        "destination": "作業場所内の業務端末",
        "valid_until": clock.today() + dt.timedelta(days=7),
    }
    if approver is not None:
        values.update(status=Decision.APPROVED, decided_by=approver, decided_at=timezone.now())
    values.update(extra)
    return ExportApproval.objects.create(**values)


def make_incident(contract: Contract, reporter: Any, **extra: Any) -> Incident:
    now = timezone.now()
    values: dict[str, Any] = {
        "contract": contract,
        "title": "FAX誤送信",
        "what_happened": "折り返し依頼票を別の番号へ送信した",
        "data_kinds": "氏名・電話番号",
        "people_affected": 1,
        "records_affected": 1,
        "location": "コールセンター",
        "discovered_at": now,
        "reported_at": now,
        "reported_by": reporter,
    }
    values.update(extra)
    return Incident.objects.create(**values)


def make_contact(contract: Contract, officer: Any, **extra: Any) -> PersonalContact:
    values: dict[str, Any] = {
        "relation": "影響を受けた方",
        "name": "試験 花子",
        "phone": "090-1111-2222",
        "email": "hanako.test@example.jp",
        "address": "宮城県仙台市青葉区試験町1-2-3",
    }
    values.update(extra)
    return personal_contact_create(actor=officer, contract=contract, **values)
