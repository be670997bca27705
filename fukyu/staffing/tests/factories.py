"""Synthetic inquiries and call records for the staffing tests, written straight to the
tables in bulk."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from fukyu.callcenter.models import CallRecord, Inquiry
from fukyu.core.calendar import TOKYO
from fukyu.core.models import Contract, InquiryCategory


def at(day: str, hhmm: str) -> dt.datetime:
    """An aware Tokyo moment: at("2024-11-05", "10:29")."""
    h, m = (int(p) for p in hhmm.split(":"))
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(h, m), tzinfo=TOKYO)


def make_inquiries(
    contract: Contract,
    operator: Any,
    moments: Iterable[dt.datetime],
    *,
    channel: str = "phone",
    start_seq: int | None = None,
) -> int:
    category = InquiryCategory.objects.filter(contract=contract).first()
    assert category is not None
    first = start_seq if start_seq is not None else Inquiry.objects.count() + 1
    rows = [
        Inquiry(
            contract=contract,
            number=f"T{first + i:08d}",
            seq=first + i,
            received_at=moment,
            channel=channel,
            category=category,
            summary="テスト用の問い合わせ",
            outcome="resolved",
            operator=operator,
            created_at=moment,
            updated_at=moment,
        )
        for i, moment in enumerate(moments)
    ]
    Inquiry.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def make_calls(
    contract: Contract,
    moments: Iterable[dt.datetime],
    *,
    disposition: str = "ANSWERED",
    prefix: str = "cdr",
) -> int:
    """Call records as the phone-system import leaves them (offered calls)."""
    first = CallRecord.objects.count()
    rows = [
        CallRecord(
            contract=contract,
            uniqueid=f"{prefix}-{first + i}",
            dst="0120000000",
            start=moment,
            answer=moment + dt.timedelta(seconds=15) if disposition == "ANSWERED" else None,
            end=moment + dt.timedelta(seconds=300),
            duration=300,
            billsec=285 if disposition == "ANSWERED" else 0,
            disposition=disposition,
        )
        for i, moment in enumerate(moments)
    ]
    CallRecord.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
