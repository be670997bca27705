"""Logging inquiries: numbers, validation, opening hours, callers and their audit trail."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import override_settings

from fukyu.accounts.models import User
from fukyu.audit.models import AuditEvent
from fukyu.callcenter import services
from fukyu.callcenter.models import Caller, Inquiry
from fukyu.callcenter.selectors import InquiryFilters, inquiry_list
from fukyu.callcenter.tests.factories import OPEN_MOMENT, category, make_inquiry, municipality
from fukyu.core.calendar import TOKYO
from fukyu.core.models import Contract
from fukyu.privacy.crypto import blind_index
from fukyu.privacy.models import AccessLogEntry
from fukyu.privacy.registry import kinds


@override_settings(FUKYU_TODAY="2024-11-06")
def test_numbers_follow_the_contract_prefix(
    contract: Contract, make_user: Callable[..., User]
) -> None:
    op = make_user("operator")
    first = make_inquiry(contract, op)
    second = make_inquiry(contract, op)
    assert (first.number, second.number) == ("R6-000001", "R6-000002")
    assert first.seq == 1
    event = AuditEvent.objects.get(action="inquiry.create", object_id=str(first.pk))
    assert event.changes["summary"][1] == first.summary
    assert event.actor == op


@override_settings(FUKYU_TODAY="2024-11-06")
def test_outside_hours_and_closed_days_are_marked(
    contract: Contract, make_user: Callable[..., User]
) -> None:
    op = make_user("operator")
    inside = make_inquiry(contract, op, received_at=OPEN_MOMENT)
    late = make_inquiry(contract, op, received_at=dt.datetime(2024, 11, 5, 17, 45, tzinfo=TOKYO))
    holiday = make_inquiry(
        contract, op, received_at=dt.datetime(2024, 11, 4, 11, 0, tzinfo=TOKYO), channel="email"
    )
    assert (inside.outside_hours, late.outside_hours, holiday.outside_hours) == (
        False,
        True,
        True,
    )


@override_settings(FUKYU_TODAY="2024-11-06")
@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"summary": "   "}, "summary"),
        ({"summary": "あ" * 501}, "summary"),
        ({"answer": "あ" * 4001}, "answer"),
        ({"received_at": dt.datetime(2024, 11, 7, 10, 0, tzinfo=TOKYO)}, "received_at"),
        ({"received_at": dt.datetime(2024, 11, 5, 10, 0)}, "received_at"),
        ({"outcome": "callback"}, "caller_name"),
        (
            {"outcome": "resolved", "caller_name": "宮城 太郎", "caller_phone": "0223334444"},
            "caller_name",
        ),
        (
            {"outcome": "callback", "caller_name": "宮城 太郎", "caller_phone": "12345"},
            "caller_phone",
        ),
        ({"outcome": "maybe"}, "outcome"),
        ({"channel": "fax"}, "channel"),
        ({"handle_seconds": -1}, "handle_seconds"),
    ],
)
def test_bad_input_names_the_field_and_stores_nothing(
    contract: Contract, make_user: Callable[..., User], extra: dict[str, object], field: str
) -> None:
    with pytest.raises(ValidationError) as info:
        make_inquiry(contract, make_user("operator"), **extra)
    assert field in info.value.message_dict
    assert Inquiry.objects.count() == 0
    assert AuditEvent.objects.filter(action="inquiry.create").count() == 0


@override_settings(FUKYU_TODAY="2024-11-06")
def test_a_failed_save_gives_its_number_back(
    contract: Contract, make_user: Callable[..., User]
) -> None:
    op = make_user("operator")
    make_inquiry(contract, op)
    with pytest.raises(ValidationError):
        make_inquiry(contract, op, channel="fax")  # refused inside the transaction
    assert make_inquiry(contract, op).number == "R6-000002"


@override_settings(FUKYU_TODAY="2024-11-06")
def test_caller_is_encrypted_masked_and_revealed_with_a_log(
    contract: Contract, make_user: Callable[..., User]
) -> None:
    op, sv = make_user("operator"), make_user("supervisor")
    inquiry = make_inquiry(
        contract,
        op,
        outcome="callback",
        caller_name="宮城 太郎",
        caller_phone="090-1234-5678",
    )
    caller = Caller.objects.get(inquiry=inquiry)
    assert caller.phone_hash == blind_index("09012345678", purpose="phone")
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, phone FROM callcenter_caller WHERE id = %s", [caller.pk])
        raw = cursor.fetchone()
    assert "宮城" not in raw[0] and "5678" not in raw[1]
    event = AuditEvent.objects.get(action="inquiry.create", object_id=str(inquiry.pk))
    assert event.changes["caller"] == [None, "（個人情報）"]
    assert "宮城" not in str(event.changes)
    with pytest.raises(PermissionDenied):
        services.caller_reveal(actor=op, caller=caller, reason="折り返し")
    assert AccessLogEntry.objects.count() == 0
    shown = services.caller_reveal(actor=sv, caller=caller, reason="折り返し電話のため")
    assert shown == {"name": "宮城 太郎", "phone": "090-1234-5678"}
    log = AccessLogEntry.objects.get()
    assert (log.actor, log.fields, log.reason) == (sv, "name,phone", "折り返し電話のため")


def test_caller_is_registered_as_personal_data() -> None:
    kind = next(k for k in kinds() if k.code == "caller")
    assert kind.model is Caller
    assert kind.fields == ("name", "phone")
    assert kind.date_field == "received_at"


@override_settings(FUKYU_TODAY="2024-11-06")
def test_supervisor_edit_is_audited_with_a_diff(
    contract: Contract, make_user: Callable[..., User]
) -> None:
    op, sv = make_user("operator"), make_user("supervisor")
    inquiry = make_inquiry(contract, op)
    services.inquiry_update(
        actor=sv,
        inquiry=inquiry,
        category=category(contract, "mynumber_card"),
        municipality=municipality(contract),
        summary="暗証番号を3回間違えてロックされた",
    )
    inquiry.refresh_from_db()
    assert inquiry.summary == "暗証番号を3回間違えてロックされた"
    event = AuditEvent.objects.get(action="inquiry.update", object_id=str(inquiry.pk))
    assert event.actor == sv
    assert event.changes["category"] == ["利用者登録・本人確認", "マイナンバーカード・暗証番号"]
    assert event.changes["municipality"] == [None, "石巻市"]
    assert set(event.changes) == {"category", "municipality", "summary"}
    # The text index follows the edit.
    found = inquiry_list(contract=contract, filters=InquiryFilters(text="ロック"))
    assert list(found) == [inquiry]
    assert not inquiry_list(contract=contract, filters=InquiryFilters(text="読み取り")).exists()


@override_settings(FUKYU_TODAY="2024-11-06")
def test_edit_to_callback_needs_a_caller(
    contract: Contract, make_user: Callable[..., User]
) -> None:
    sv = make_user("supervisor")
    inquiry = make_inquiry(contract, sv)
    with pytest.raises(ValidationError) as info:
        services.inquiry_update(actor=sv, inquiry=inquiry, outcome="escalation")
    assert "caller_name" in info.value.message_dict
    services.inquiry_update(
        actor=sv,
        inquiry=inquiry,
        outcome="escalation",
        caller_name="仙台 花子",
        caller_phone="022-111-2222",
    )
    assert Caller.objects.get(inquiry=inquiry).phone == "022-111-2222"


@override_settings(FUKYU_TODAY="2024-11-06")
def test_idempotency_key_returns_the_first_inquiry(
    contract: Contract, make_user: Callable[..., User]
) -> None:
    op = make_user("operator")
    first = make_inquiry(contract, op, idempotency_key="call-1")
    again, created = services.inquiry_create(
        actor=op,
        contract=contract,
        category=category(contract),
        summary=first.summary,
        outcome="resolved",
        idempotency_key="call-1",
    )
    assert (again.pk, created) == (first.pk, False)
    with pytest.raises(ValidationError) as refused:
        services.inquiry_create(
            actor=op,
            contract=contract,
            category=category(contract),
            summary="別の内容",
            outcome="resolved",
            idempotency_key="call-1",
        )
    assert "使用済み" in refused.value.message_dict["idempotency_key"][0]
    assert Inquiry.objects.count() == 1


@override_settings(FUKYU_TODAY="2024-11-06")
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("登録", True),
        ("ﾏｲﾅﾝﾊﾞｰ", True),
        ("まいなんばー", True),
        ("ＰＩＮ", True),
        ("pin コード", True),
        ("背面 密着", True),
        ("顔", False),
        ("登録 顔", False),
        ("録方", False),
    ],
)
def test_text_search_folds_width_kana_and_case(
    contract: Contract, make_user: Callable[..., User], query: str, expected: bool
) -> None:
    op = make_user("operator")
    hit = make_inquiry(
        contract,
        op,
        summary="マイナンバーカードの登録ができない",
        answer="PINコードを確認し、カードを背面に密着させるよう案内",
    )
    make_inquiry(contract, op, summary="キャンペーンのポイントはいつ届くか", answer="1月末")
    found = list(inquiry_list(contract=contract, filters=InquiryFilters(text=query)))
    assert found == ([hit] if expected else [])
