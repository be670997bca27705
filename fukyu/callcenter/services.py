"""Writes of the call center: inquiries (with their numbers and callers) and the FAQ.

Each write runs in one transaction with its audit row. Personal data never reaches the audit
log: a change of the caller is recorded as "（個人情報）".
"""

from __future__ import annotations

import datetime as dt
import re
from contextlib import nullcontext
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from fukyu.audit.services import audit_event, audit_record, diff, snapshot
from fukyu.callcenter import numbered_insert
from fukyu.callcenter.escalation_services import escalation_open
from fukyu.callcenter.models import (
    NEEDS_CALLER,
    Caller,
    FaqEntry,
    FaqRevision,
    Inquiry,
    InquiryCounter,
    Outcome,
)
from fukyu.callcenter.models.inquiry import (
    ANSWER_MAX,
    NAME_MAX,
    PHONE_MAX,
    SUMMARY_MAX,
    inquiry_number,
)
from fukyu.callcenter.text import search_bigrams
from fukyu.core import clock
from fukyu.core.models import Contract, InquiryCategory, MiniApp, Municipality
from fukyu.privacy.crypto import blind_index, normalize_phone
from fukyu.privacy.services import personal_data_reveal

AUDITED = (
    "number",
    "received_at",
    "channel",
    "mini_app",
    "category",
    "municipality",
    "age_group",
    "device_os",
    "summary",
    "answer",
    "outcome",
    "handle_seconds",
    "outside_hours",
    "faq",
)
# A phone system's clock may run slightly ahead of ours.
FUTURE_TOLERANCE = dt.timedelta(minutes=2)
MAX_HANDLE_SECONDS = 24 * 3600
PERSONAL = "（個人情報）"
FK_FIELDS = ["contract", "mini_app", "category", "municipality", "operator", "faq"]


def inquiry_number_next(*, contract: Contract) -> tuple[int, str]:
    """The next number of `contract` (e.g. R6-000123), taken under the counter row's lock.

    Call inside the inquiry's transaction: a rollback gives the number back, so numbers have no
    gaps and never repeat. One statement (UPDATE … RETURNING) on SQLite and PostgreSQL alike."""
    table = InquiryCounter._meta.db_table
    sql = f"UPDATE {table} SET last = last + 1 WHERE contract_id = %s RETURNING last"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [contract.pk])
        row = cursor.fetchone()
        if row is None:
            InquiryCounter.objects.bulk_create(
                [InquiryCounter(contract=contract, last=0)], ignore_conflicts=True
            )
            cursor.execute(sql, [contract.pk])
            row = cursor.fetchone()
    seq = int(row[0])
    prefix = contract.settings.inquiry_number_prefix
    return seq, inquiry_number(prefix, seq)


def _text(value: str) -> str:
    """Trimmed, with the browser's CRLF line ends as LF."""
    return value.replace("\r\n", "\n").strip()


def _check_refs(
    contract: Contract,
    category: InquiryCategory | None,
    mini_app: MiniApp | None,
    municipality: Municipality | None,
    faq: FaqEntry | None,
) -> None:
    errors: dict[str, str] = {}
    if category is not None and category.contract_id != contract.pk:
        errors["category"] = "この契約の問い合わせ類型ではありません"
    if mini_app is not None and mini_app.contract_id != contract.pk:
        errors["mini_app"] = "この契約のミニアプリではありません"
    if municipality is not None and municipality.contract_id != contract.pk:
        errors["municipality"] = "この契約の市町村ではありません"
    if faq is not None and faq.contract_id != contract.pk:
        errors["faq"] = "この契約のFAQではありません"
    if errors:
        raise ValidationError(errors)


def _check_caller(outcome: str, name: str, phone: str, *, required: bool) -> None:
    errors: dict[str, str] = {}
    if outcome in NEEDS_CALLER and required:
        if not name:
            errors["caller_name"] = "折り返し・エスカレーションでは問い合わせ者の氏名が必要です"
        if not phone:
            errors["caller_phone"] = "折り返し・エスカレーションでは電話番号が必要です"
    if outcome not in NEEDS_CALLER and (name or phone):
        errors["caller_name"] = (
            "問い合わせ者の氏名・電話番号は折り返し・エスカレーションの場合だけ記録します"
        )
    if len(name) > NAME_MAX:
        errors["caller_name"] = f"氏名は{NAME_MAX}文字以内で入力してください"
    digits = normalize_phone(phone)
    if phone and (len(phone) > PHONE_MAX or not 10 <= len(digits) <= 11 or digits[0] != "0"):
        errors["caller_phone"] = "電話番号は0から始まる10〜11桁で入力してください"
    if errors:
        raise ValidationError(errors)


def _check_time(received_at: dt.datetime) -> None:
    if received_at.tzinfo is None:
        raise ValidationError({"received_at": "受付日時にはタイムゾーン（+09:00 など）が必要です"})
    if received_at > clock.now() + FUTURE_TOLERANCE:
        raise ValidationError({"received_at": "受付日時が未来になっています"})


def _check_lengths(summary: str, answer: str, handle_seconds: int | None) -> None:
    errors: dict[str, str] = {}
    if not summary:
        errors["summary"] = "問い合わせ内容（要旨）を入力してください"
    elif len(summary) > SUMMARY_MAX:
        errors["summary"] = f"問い合わせ内容は{SUMMARY_MAX}文字以内にしてください"
    if len(answer) > ANSWER_MAX:
        errors["answer"] = f"回答内容は{ANSWER_MAX}文字以内にしてください"
    if handle_seconds is not None and not 0 <= handle_seconds <= MAX_HANDLE_SECONDS:
        errors["handle_seconds"] = f"対応時間は0〜{MAX_HANDLE_SECONDS}秒で指定してください"
    if errors:
        raise ValidationError(errors)


def _caller_save(inquiry: Inquiry, name: str, phone: str, *, new: bool = False) -> Caller:
    caller = (None if new else Caller.objects.filter(inquiry=inquiry).first()) or Caller(
        inquiry=inquiry
    )
    caller.name = name
    caller.phone = phone
    caller.phone_hash = blind_index(normalize_phone(phone), purpose="phone")
    caller.received_at = inquiry.received_at
    caller.full_clean(exclude=["inquiry"], validate_unique=False, validate_constraints=False)
    caller.save()
    return caller


def inquiry_create(
    *,
    actor: Any,
    contract: Contract,
    category: InquiryCategory,
    summary: str,
    outcome: str,
    channel: str = "phone",
    received_at: dt.datetime | None = None,
    mini_app: MiniApp | None = None,
    municipality: Municipality | None = None,
    age_group: str = "",
    device_os: str = "",
    answer: str = "",
    handle_seconds: int | None = None,
    faq: FaqEntry | None = None,
    caller_name: str = "",
    caller_phone: str = "",
    idempotency_key: str | None = None,
) -> tuple[Inquiry, bool]:
    """Log one inquiry; returns it and whether it was created. With `idempotency_key`, a retry
    returns the inquiry the first call made (created=False) instead of making another."""
    summary, answer = _text(summary), _text(answer)
    request = (category.pk, summary, outcome, channel)
    if idempotency_key:
        existing = _by_idempotency_key(contract, idempotency_key)
        if existing is not None:
            return _replay(existing, request), False
    caller_name, caller_phone = caller_name.strip(), caller_phone.strip()
    _check_lengths(summary, answer, handle_seconds)
    if not category.is_active:
        raise ValidationError({"category": f"問い合わせ類型「{category.name}」は使用停止中です"})
    _check_refs(contract, category, mini_app, municipality, faq)
    _check_caller(outcome, caller_name, caller_phone, required=True)
    moment = received_at or clock.now()
    _check_time(moment)
    now = clock.now()
    inquiry = Inquiry(
        contract=contract,
        number="",
        seq=0,
        received_at=moment,
        channel=channel,
        mini_app=mini_app,
        category=category,
        municipality=municipality,
        age_group=age_group or "",
        device_os=device_os or "",
        summary=summary,
        answer=answer,
        outcome=outcome,
        handle_seconds=handle_seconds,
        outside_hours=not contract.calendar.center_open_at(moment),
        operator=actor,
        faq=faq,
        idempotency_key=idempotency_key or None,
        search_bigrams=search_bigrams(summary, answer),
        created_at=now,
        updated_at=now,
    )
    # The number and its sequence are given out below, under the counter's lock.
    inquiry.full_clean(
        exclude=[*FK_FIELDS, "number", "seq"], validate_unique=False, validate_constraints=False
    )
    try:
        one_statement = outcome not in NEEDS_CALLER and numbered_insert.supported()
        if one_statement and _create_in_one_statement(actor, contract, inquiry):
            return inquiry, True
        with transaction.atomic():
            inquiry.seq, inquiry.number = inquiry_number_next(contract=contract)
            inquiry.save(force_insert=True)
            changes = diff({}, snapshot(inquiry, AUDITED))
            if outcome in NEEDS_CALLER:
                _caller_save(inquiry, caller_name, caller_phone, new=True)
                changes["caller"] = [None, PERSONAL]
            else:
                # Known to have no caller: reading inquiry.caller needs no query.
                Inquiry.caller.related.set_cached_value(inquiry, None)
            audit_record(actor=actor, action="inquiry.create", obj=inquiry, changes=changes)
            if outcome == Outcome.ESCALATION:
                escalation_open(actor=actor, inquiry=inquiry)
    except IntegrityError:
        # Two retries with one key raced; the other one won and holds the inquiry.
        if idempotency_key:
            existing = _by_idempotency_key(contract, idempotency_key)
            if existing is not None:
                return _replay(existing, request), False
        raise
    return inquiry, True


def _create_in_one_statement(actor: Any, contract: Contract, inquiry: Inquiry) -> bool:
    """The inquiry, its number and its audit row in one PostgreSQL statement (see
    numbered_insert); False when the counter row is not there yet."""
    event = audit_event(
        actor=actor,
        action="inquiry.create",
        obj=inquiry,
        changes=diff({}, snapshot(inquiry, AUDITED)),
    )
    prefix = contract.settings.inquiry_number_prefix
    # Inside a caller's transaction, a savepoint, so that a refused insert (a raced idempotency
    # key) leaves that transaction usable, as the ORM path's block does.
    with transaction.atomic() if connection.in_atomic_block else nullcontext():
        done = numbered_insert.insert_numbered(inquiry=inquiry, prefix=prefix, audit=event)
    if done:
        Inquiry.caller.related.set_cached_value(inquiry, None)
    return done


def _replay(existing: Inquiry, request: tuple[Any, ...]) -> Inquiry:
    """The inquiry a retried request made before; a key reused for another inquiry is refused
    rather than silently answered with someone else's record."""
    first = (existing.category_id, existing.summary, existing.outcome, existing.channel)
    if first != request:
        raise ValidationError(
            {
                "idempotency_key": "この Idempotency-Key は内容の異なる問い合わせで使用済みです。"
                "新しい問い合わせには新しいキーを使ってください"
            }
        )
    return existing


def _by_idempotency_key(contract: Contract, key: str) -> Inquiry | None:
    return (
        Inquiry.objects.select_related("category", "mini_app", "municipality", "operator", "faq")
        .filter(contract=contract, idempotency_key=key)
        .first()
    )


def inquiry_update(
    *,
    actor: Any,
    inquiry: Inquiry,
    caller_name: str = "",
    caller_phone: str = "",
    **fields: Any,
) -> Inquiry:
    """A supervisor's correction. `fields` are Inquiry fields (channel, category, summary …);
    caller_name/caller_phone, when given, replace the caller's personal data."""
    allowed = set(AUDITED) - {"number", "outside_hours"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"cannot update {sorted(unknown)}")
    contract = inquiry.contract
    with transaction.atomic():
        locked = Inquiry.objects.select_for_update().get(pk=inquiry.pk)
        has_caller = Caller.objects.filter(inquiry=locked).exists()
        before = snapshot(inquiry, AUDITED)
        for name, value in fields.items():
            setattr(inquiry, name, _text(value) if isinstance(value, str) else value)
        _check_lengths(inquiry.summary, inquiry.answer, inquiry.handle_seconds)
        _check_refs(contract, inquiry.category, inquiry.mini_app, inquiry.municipality, inquiry.faq)
        _check_time(inquiry.received_at)
        caller_name, caller_phone = caller_name.strip(), caller_phone.strip()
        if caller_name or caller_phone or not has_caller:
            _check_caller(inquiry.outcome, caller_name, caller_phone, required=True)
        inquiry.outside_hours = not contract.calendar.center_open_at(inquiry.received_at)
        inquiry.search_bigrams = search_bigrams(inquiry.summary, inquiry.answer)
        inquiry.updated_at = clock.now()
        inquiry.full_clean(exclude=FK_FIELDS, validate_unique=False, validate_constraints=False)
        inquiry.save()
        changes = diff(before, snapshot(inquiry, AUDITED))
        if caller_name or caller_phone:
            _caller_save(inquiry, caller_name, caller_phone)
            changes["caller"] = [PERSONAL if has_caller else None, PERSONAL]
        elif has_caller:
            Caller.objects.filter(inquiry=inquiry).update(received_at=inquiry.received_at)
        if changes:
            audit_record(actor=actor, action="inquiry.update", obj=inquiry, changes=changes)
    return inquiry


def caller_reveal(*, actor: Any, caller: Caller, reason: str) -> dict[str, Any]:
    """The caller's name and phone in plain text; checks the permission and logs the access."""
    return personal_data_reveal(
        actor=actor, obj=caller, field_names=["name", "phone"], reason=reason
    )


# --- FAQ -----------------------------------------------------------------------------------

FAQ_AUDITED = ("question", "answer", "mini_app", "category", "keywords", "is_public", "is_active")
_KEYWORD_SPLIT = re.compile(r"[\s,、，;；]+")


def keywords_clean(raw: str) -> str:
    """Keywords separated by spaces, commas or 、, de-duplicated, joined with a space."""
    words = [w for w in _KEYWORD_SPLIT.split(raw.strip()) if w]
    return " ".join(dict.fromkeys(words))


def _revision_add(entry: FaqEntry, actor: Any, note: str) -> FaqRevision:
    last = entry.revisions.order_by("-revision").values_list("revision", flat=True).first() or 0
    user = actor if getattr(actor, "is_authenticated", False) else None
    return FaqRevision.objects.create(
        entry=entry,
        revision=last + 1,
        question=entry.question,
        answer=entry.answer,
        mini_app_name=entry.mini_app.name if entry.mini_app else "",
        category_name=entry.category.name if entry.category else "",
        keywords=entry.keywords,
        is_public=entry.is_public,
        is_active=entry.is_active,
        changed_at=entry.updated_at,
        changed_by=user,
        note=note,
    )


def _faq_clean(entry: FaqEntry) -> None:
    entry.question = entry.question.strip()
    entry.answer = _text(entry.answer)
    entry.keywords = keywords_clean(entry.keywords)
    _check_refs(entry.contract, entry.category, entry.mini_app, None, None)
    duplicate = (
        FaqEntry.objects.filter(contract=entry.contract, question=entry.question)
        .exclude(pk=entry.pk)
        .exists()
    )
    if duplicate:
        raise ValidationError({"question": "同じ質問のFAQが既にあります"})
    entry.full_clean(exclude=["contract", "mini_app", "category"], validate_constraints=False)


def faq_create(
    *,
    actor: Any,
    contract: Contract,
    question: str,
    answer: str,
    category: InquiryCategory | None = None,
    mini_app: MiniApp | None = None,
    keywords: str = "",
    is_public: bool = False,
    order: int = 0,
    note: str = "作成",
) -> FaqEntry:
    now = clock.now()
    entry = FaqEntry(
        contract=contract,
        question=question,
        answer=answer,
        category=category,
        mini_app=mini_app,
        keywords=keywords,
        is_public=is_public,
        order=order,
        created_at=now,
        updated_at=now,
    )
    with transaction.atomic():
        _faq_clean(entry)
        entry.save()
        _revision_add(entry, actor, note)
        audit_record(
            actor=actor,
            action="faq.create",
            obj=entry,
            changes=diff({}, snapshot(entry, FAQ_AUDITED)),
        )
    return entry


def faq_update(*, actor: Any, entry: FaqEntry, note: str = "", **fields: Any) -> FaqEntry:
    """Change an entry's fields (question, answer, category, mini_app, keywords, is_public,
    is_active, order); a new revision is kept when anything changed."""
    unknown = set(fields) - {*FAQ_AUDITED, "order"}
    if unknown:
        raise ValueError(f"cannot update {sorted(unknown)}")
    with transaction.atomic():
        FaqEntry.objects.select_for_update().filter(pk=entry.pk).first()
        before = snapshot(entry, FAQ_AUDITED)
        before_order = entry.order
        for name, value in fields.items():
            setattr(entry, name, value)
        if "is_active" in fields:
            entry.retired_at = None if entry.is_active else (entry.retired_at or clock.now())
        _faq_clean(entry)
        changes = diff(before, snapshot(entry, FAQ_AUDITED))
        if not changes and before_order == entry.order:
            return entry
        entry.updated_at = clock.now()
        entry.save()
        if changes:
            _revision_add(entry, actor, note or _describe(changes))
            audit_record(actor=actor, action="faq.update", obj=entry, changes=changes)
    return entry


def _describe(changes: dict[str, Any]) -> str:
    labels = {
        "question": "質問",
        "answer": "回答",
        "mini_app": "ミニアプリ",
        "category": "類型",
        "keywords": "キーワード",
        "is_public": "公開設定",
        "is_active": "有効・廃止",
    }
    return "、".join(labels[k] for k in changes if k in labels) + "を変更"


def faq_retire(*, actor: Any, entry: FaqEntry) -> FaqEntry:
    return faq_update(actor=actor, entry=entry, is_active=False, note="廃止")


def faq_restore(*, actor: Any, entry: FaqEntry) -> FaqEntry:
    return faq_update(actor=actor, entry=entry, is_active=True, note="再開")
