"""The callcenter API: inquiries for phone systems and softphones, and the FAQ search.

Reference lists (/categories, /mini-apps, /municipalities) live in fukyu/core/api.py.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Literal

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import HttpRequest, HttpResponse
from ninja import Field, Header, Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import JsonValue

from fukyu.accounts.api_auth import API_AUTH
from fukyu.accounts.permissions import api_require
from fukyu.callcenter import selectors, services
from fukyu.callcenter.escalation_api import router as escalation_router
from fukyu.callcenter.faq_selectors import QUERY_MAX
from fukyu.callcenter.models import AgeGroup, DeviceOS, FaqEntry, Inquiry
from fukyu.callcenter.report_api import router as report_router
from fukyu.core.calendar import TOKYO
from fukyu.core.models import InquiryCategory, MiniApp, Municipality
from fukyu.core.refcache import Reference, reference
from fukyu.core.selectors import active_contract
from fukyu.privacy.crypto import mask_name, mask_phone

router = Router(tags=["コールセンター"])
PAGE_SIZE = 50
IDEMPOTENCY_KEY_MAX = 100
FIELD_NAMES = {
    "caller_name": "caller.name",
    "caller_phone": "caller.phone",
    "faq": "faq_id",
    "idempotency_key": "Idempotency-Key",
}


# The documented request (OpenAPI example); the benchmark and tests send it too.
INQUIRY_EXAMPLE: dict[str, JsonValue] = {
    "channel": "phone",
    "mini_app": "nuclear_evacuation",
    "category": "registration",
    "summary": "原子力防災のミニアプリが表示されない",
    "answer": "住所が対象地域の場合のみ表示されることを案内",
    "outcome": "resolved",
    "municipality": "042021",
    "age_group": "60s",
    "device_os": "ios",
    "handle_seconds": 180,
}


class CallerIn(Schema):
    name: str
    phone: str


class InquiryIn(Schema):
    received_at: dt.datetime | None = None
    channel: Literal["phone", "email", "web", "visit", "other"] = "phone"
    mini_app: str | None = None
    category: str
    summary: str
    answer: str = ""
    outcome: Literal["resolved", "callback", "escalation"]
    municipality: str | None = None
    age_group: str | None = None
    device_os: str | None = None
    handle_seconds: int | None = Field(None, ge=0, le=86400)
    faq_id: int | None = Field(None, ge=1, le=2**63 - 1)
    caller: CallerIn | None = None

    model_config = {"json_schema_extra": {"examples": [INQUIRY_EXAMPLE]}}


class CallerOut(Schema):
    name: str
    phone: str


class InquiryOut(Schema):
    id: int
    number: str
    received_at: dt.datetime
    channel: str
    mini_app: str | None
    category: str
    municipality: str | None
    region: str | None
    age_group: str | None
    device_os: str | None
    summary: str
    answer: str
    outcome: str
    handle_seconds: int | None
    outside_hours: bool
    operator: str
    faq_id: int | None
    caller: CallerOut | None  # masked; revealing is a logged action on the staff site
    created_at: dt.datetime
    updated_at: dt.datetime


class InquiryPage(Schema):
    count: int
    page: int
    pages: int
    items: list[InquiryOut]


class FaqHitOut(Schema):
    id: int
    question: str
    answer: str
    category: str | None
    category_name: str
    mini_app: str | None
    mini_app_name: str
    score: float


def _out(inquiry: Inquiry) -> InquiryOut:
    """The API's view of a stored inquiry. Built without validation (`model_construct`): every
    value comes typed from the database, and validating them again through django-ninja's
    attribute getter cost as much as the rest of the response (tests check it validates)."""
    try:
        caller = inquiry.caller
    except ObjectDoesNotExist:
        caller = None
    municipality = inquiry.municipality
    return InquiryOut.model_construct(
        id=inquiry.pk,
        number=inquiry.number,
        received_at=inquiry.received_at.astimezone(TOKYO),
        channel=inquiry.channel,
        mini_app=inquiry.mini_app.code if inquiry.mini_app else None,
        category=inquiry.category.code,
        municipality=municipality.code if municipality else None,
        region=municipality.region.code if municipality else None,
        age_group=inquiry.age_group or None,
        device_os=inquiry.device_os or None,
        summary=inquiry.summary,
        answer=inquiry.answer,
        outcome=inquiry.outcome,
        handle_seconds=inquiry.handle_seconds,
        outside_hours=inquiry.outside_hours,
        operator=inquiry.operator.get_username(),
        faq_id=inquiry.faq_id,
        caller=(
            CallerOut.model_construct(name=mask_name(caller.name), phone=mask_phone(caller.phone))
            if caller is not None
            else None
        ),
        created_at=inquiry.created_at.astimezone(TOKYO),
        updated_at=inquiry.updated_at.astimezone(TOKYO),
    )


def _category(ref: Reference, code: str) -> InquiryCategory:
    found = ref.categories.get(code)
    if found is None:
        raise HttpError(422, f"category: 不明な問い合わせ類型コードです（{code}）")
    return found


def _mini_app(ref: Reference, code: str | None) -> MiniApp | None:
    if not code:
        return None
    found = ref.mini_apps.get(code)
    if found is None:
        raise HttpError(422, f"mini_app: 不明なミニアプリのコードです（{code}）")
    return found


def _municipality(ref: Reference, code: str | None) -> Municipality | None:
    if not code:
        return None
    found = ref.municipalities.get(code)
    if found is None:
        raise HttpError(422, f"municipality: 不明な市町村コードです（{code}、6桁の団体コード）")
    return found


def _choice(field: str, value: str | None, choices: type[AgeGroup] | type[DeviceOS]) -> str:
    if not value:
        return ""
    if value not in choices.values:
        allowed = ", ".join(choices.values)
        raise HttpError(422, f"{field}: 指定できない値です（{value}）。使える値: {allowed}")
    return value


def _japanese(exc: ValidationError) -> HttpError:
    if hasattr(exc, "error_dict"):
        parts = [
            f"{FIELD_NAMES.get(field, field)}: {message}"
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    else:
        parts = list(exc.messages)
    return HttpError(422, "、".join(parts))


@router.post("/inquiries", response={201: InquiryOut}, auth=API_AUTH)
def inquiry_create(
    request: HttpRequest,
    response: HttpResponse,
    payload: InquiryIn,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key"),  # type: ignore[type-arg]
) -> Status[InquiryOut]:
    """Log one inquiry. Send `Idempotency-Key` so a retried request never logs it twice:
    the retry answers with the first result (and `Idempotent-Replayed: true`)."""
    user = api_require(request, "inquiry_log")
    ref = reference()
    contract = ref.contract
    key = (idempotency_key or "").strip() or None
    if key is not None and len(key) > IDEMPOTENCY_KEY_MAX:
        raise HttpError(422, f"Idempotency-Key: {IDEMPOTENCY_KEY_MAX}文字以内で指定してください")
    faq = None
    if payload.faq_id is not None:
        faq = FaqEntry.objects.filter(contract=contract, pk=payload.faq_id).first()
        if faq is None:
            raise HttpError(422, f"faq_id: 見つからないFAQです（{payload.faq_id}）")
    try:
        inquiry, created = services.inquiry_create(
            actor=user,
            contract=contract,
            received_at=payload.received_at,
            channel=payload.channel,
            category=_category(ref, payload.category),
            mini_app=_mini_app(ref, payload.mini_app),
            municipality=_municipality(ref, payload.municipality),
            age_group=_choice("age_group", payload.age_group, AgeGroup),
            device_os=_choice("device_os", payload.device_os, DeviceOS),
            summary=payload.summary,
            answer=payload.answer,
            outcome=payload.outcome,
            handle_seconds=payload.handle_seconds,
            faq=faq,
            caller_name=payload.caller.name if payload.caller else "",
            caller_phone=payload.caller.phone if payload.caller else "",
            idempotency_key=key,
        )
    except ValidationError as exc:
        raise _japanese(exc) from None
    if not created:
        response["Idempotent-Replayed"] = "true"
    return Status(201, _out(inquiry))


@router.get("/inquiries", response=InquiryPage, auth=API_AUTH)
def inquiry_list(
    request: HttpRequest,
    date: str = "",
    category: str = "",
    mini_app: str = "",
    page: int = Query(1, ge=1),  # type: ignore[type-arg]
) -> InquiryPage:
    """Inquiries, newest first, 50 a page; `date` (YYYY-MM-DD) picks one day."""
    api_require(request, "inquiry_read")
    ref = reference()
    contract = ref.contract
    day = None
    if date:
        try:
            day = dt.date.fromisoformat(date)
        except ValueError:
            raise HttpError(
                422, f"date: YYYY-MM-DD 形式の日付で指定してください（{date}）"
            ) from None
    filters = selectors.InquiryFilters(
        date_from=day,
        date_to=day,
        category=_category(ref, category) if category else None,
        mini_app=_mini_app(ref, mini_app),
    )
    qs = selectors.inquiry_list(contract=contract, filters=filters).select_related(
        "municipality__region", "caller"
    )
    count = qs.count()
    pages = max(1, math.ceil(count / PAGE_SIZE))
    if page > pages:
        raise HttpError(422, f"page: 1〜{pages}の範囲で指定してください")
    items = list(qs[(page - 1) * PAGE_SIZE : page * PAGE_SIZE])
    return InquiryPage(count=count, page=page, pages=pages, items=[_out(i) for i in items])


@router.get("/inquiries/{int:inquiry_id}", response=InquiryOut, auth=API_AUTH)
def inquiry_detail(request: HttpRequest, inquiry_id: int) -> InquiryOut:
    api_require(request, "inquiry_read")
    try:
        inquiry = selectors.inquiry_get(contract=active_contract(), pk=inquiry_id)
    except Inquiry.DoesNotExist:
        raise HttpError(404, "問い合わせが見つかりません") from None
    return _out(inquiry)


@router.get("/faq/search", response=list[FaqHitOut], auth=API_AUTH, url_name="faq_search")
def faq_search(
    request: HttpRequest,
    q: str = "",
    limit: int = Query(10, ge=1, le=50),  # type: ignore[type-arg]
) -> list[FaqHitOut]:
    """Active FAQ entries (public or not) best matching `q`, best first."""
    api_require(request, "inquiry_log", "inquiry_read", "callcenter_manage")
    text = q.strip()
    if not text:
        raise HttpError(422, "q: 検索語を入力してください")
    if len(text) > QUERY_MAX:
        raise HttpError(422, f"q: 検索語は{QUERY_MAX}文字以内にしてください")
    hits = selectors.faq_search(contract=active_contract(), query=text, limit=limit)
    return [
        FaqHitOut(
            id=h.id,
            question=h.question,
            answer=h.answer,
            category=h.category,
            category_name=h.category_name,
            mini_app=h.mini_app,
            mini_app_name=h.mini_app_name,
            score=h.score,
        )
        for h in hits
    ]


router.add_router("", escalation_router)
router.add_router("", report_router)
