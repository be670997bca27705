"""Reads of the call center: inquiry lists and details, today's figures, and the FAQ reads
(re-exported from faq_selectors so that other apps import them from here)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Count, QuerySet

from fukyu.audit.models import AuditEvent
from fukyu.audit.selectors import audit_history
from fukyu.callcenter.faq_selectors import (
    FaqResult,
    faq_candidates,
    faq_get,
    faq_list,
    faq_public_list,
    faq_revisions,
    faq_search,
)
from fukyu.callcenter.models import Inquiry, Outcome
from fukyu.callcenter.text import query_phrases
from fukyu.core.calendar import TOKYO
from fukyu.core.models import Contract, InquiryCategory, MiniApp, Municipality, Region

__all__ = [
    "FaqResult",
    "InquiryFilters",
    "faq_candidates",
    "faq_get",
    "faq_list",
    "faq_public_list",
    "faq_revisions",
    "faq_search",
    "inquiry_get",
    "inquiry_history",
    "inquiry_list",
    "inquiry_text_filter",
    "today_summary",
]

FTS = "callcenter_inquiry_fts"


def day_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start 00:00, end+1 00:00) in Tokyo time."""
    return (
        dt.datetime.combine(start, dt.time(), tzinfo=TOKYO),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), tzinfo=TOKYO),
    )


def inquiry_text_filter(qs: QuerySet[Inquiry], text: str) -> QuerySet[Inquiry]:
    """Inquiries whose summary or answer contains every word of `text` (width, case and kana
    folded). Uses the FTS5 table on SQLite and the bigram GIN index on PostgreSQL."""
    phrases = query_phrases(text)
    if not phrases:
        return qs
    table = Inquiry._meta.db_table
    if connection.vendor == "sqlite":
        match = " AND ".join('"' + " ".join(p) + '"' for p in phrases)
        return qs.extra(  # noqa: S610 (parameters are bound)
            where=[f"{table}.id IN (SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s)"],  # noqa: S608
            params=[match],
        )
    where: list[str] = []
    params: list[Any] = []
    if connection.vendor == "postgresql":
        where.append(f"string_to_array({table}.search_bigrams, ' ') @> %s::text[]")
        params.append(sorted({t for p in phrases for t in p}))
    for p in phrases:
        where.append(f"{table}.search_bigrams LIKE %s")
        params.append("%" + " ".join(p) + "%")
    return qs.extra(where=where, params=params)  # noqa: S610 (parameters are bound)


@dataclass(frozen=True)
class InquiryFilters:
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    category: InquiryCategory | None = None
    mini_app: MiniApp | None = None
    outcome: str = ""
    operator_id: int | None = None
    municipality: Municipality | None = None
    region: Region | None = None
    text: str = ""


def inquiry_list(*, contract: Contract, filters: InquiryFilters | None = None) -> QuerySet[Inquiry]:
    f = filters or InquiryFilters()
    qs = Inquiry.objects.filter(contract=contract).select_related(
        "category", "mini_app", "municipality", "operator"
    )
    if f.date_from:
        qs = qs.filter(received_at__gte=day_bounds(f.date_from, f.date_from)[0])
    if f.date_to:
        qs = qs.filter(received_at__lt=day_bounds(f.date_to, f.date_to)[1])
    if f.category is not None:
        qs = qs.filter(category=f.category)
    if f.mini_app is not None:
        qs = qs.filter(mini_app=f.mini_app)
    if f.outcome:
        qs = qs.filter(outcome=f.outcome)
    if f.operator_id is not None:
        qs = qs.filter(operator_id=f.operator_id)
    if f.municipality is not None:
        qs = qs.filter(municipality=f.municipality)
    elif f.region is not None:
        qs = qs.filter(municipality__region=f.region)
    if f.text.strip():
        qs = inquiry_text_filter(qs, f.text)
    return qs.order_by("-received_at", "-id")


def inquiry_get(*, contract: Contract, pk: int) -> Inquiry:
    return Inquiry.objects.select_related(
        "category", "mini_app", "municipality__region", "operator", "faq", "caller"
    ).get(contract=contract, pk=pk)


def inquiry_history(*, inquiry: Inquiry) -> QuerySet[AuditEvent]:
    return audit_history(object_type=Inquiry._meta.label_lower, object_id=str(inquiry.pk))


@dataclass(frozen=True)
class TodaySummary:
    total: int
    outcomes: list[tuple[str, int]]  # (label, count) for every outcome
    mine: int


def today_summary(*, contract: Contract, day: dt.date, user: Any = None) -> TodaySummary:
    start, end = day_bounds(day, day)
    rows = (
        Inquiry.objects.filter(contract=contract, received_at__gte=start, received_at__lt=end)
        .values("outcome", "operator_id")
        .annotate(n=Count("id"))
    )
    by_outcome: dict[str, int] = {}
    mine = 0
    for r in rows:
        by_outcome[r["outcome"]] = by_outcome.get(r["outcome"], 0) + r["n"]
        if user is not None and r["operator_id"] == user.pk:
            mine += r["n"]
    return TodaySummary(
        total=sum(by_outcome.values()),
        outcomes=[(o.label, by_outcome.get(o.value, 0)) for o in Outcome],
        mine=mine,
    )
