"""Reads of the FAQ: lists, the per-process search index, and the FAQ-candidate finder."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Count, Max, QuerySet
from django.db.models.signals import post_delete, post_save

from fukyu.callcenter.faq_index import FaqDoc, FaqIndex
from fukyu.callcenter.models import FaqEntry, FaqRevision, Inquiry
from fukyu.callcenter.text import tokens
from fukyu.core.calendar import TOKYO
from fukyu.core.models import Contract

QUERY_MAX = 200


def faq_public_list(*, contract: Contract) -> QuerySet[FaqEntry]:
    """Active public entries in display order (the website shows these)."""
    return (
        FaqEntry.objects.filter(contract=contract, is_active=True, is_public=True)
        .select_related("category", "mini_app")
        .order_by("category__order", "order", "id")
    )


def faq_list(*, contract: Contract, status: str = "active", text: str = "") -> QuerySet[FaqEntry]:
    qs = FaqEntry.objects.filter(contract=contract).select_related("category", "mini_app")
    if status == "active":
        qs = qs.filter(is_active=True)
    elif status == "retired":
        qs = qs.filter(is_active=False)
    if text.strip():
        qs = qs.filter(question__icontains=text.strip())
    return qs.annotate(revision_count=Count("revisions")).order_by("category__order", "order", "id")


def faq_get(*, contract: Contract, pk: int) -> FaqEntry:
    return FaqEntry.objects.select_related("category", "mini_app").get(contract=contract, pk=pk)


def faq_revisions(*, entry: FaqEntry) -> QuerySet[FaqRevision]:
    return entry.revisions.select_related("changed_by").order_by("-revision")


@dataclass(frozen=True)
class FaqResult:
    id: int
    question: str
    answer: str
    category: str | None  # code
    category_name: str
    mini_app: str | None  # code
    mini_app_name: str
    is_public: bool
    score: float = 0.0


@dataclass
class _Cached:
    version: tuple[int, dt.datetime | None]
    index: FaqIndex
    rows: dict[int, FaqResult] = field(default_factory=dict)
    checked_at: float = 0.0  # time.monotonic() of the last version check


_CACHE: dict[int, _Cached] = {}
_LOCK = threading.Lock()


def _check_seconds() -> float:
    """How long a process trusts its index before asking the database whether the FAQ changed
    (an edit in this process is seen at once, see faq_index_touch)."""
    return float(getattr(settings, "FUKYU_FAQ_INDEX_CHECK_SECONDS", 1.0))


def faq_index_touch(**kwargs: Any) -> None:
    """Make the next search check the version (connected to FaqEntry's save and delete)."""
    for cached in list(_CACHE.values()):
        cached.checked_at = 0.0


post_save.connect(faq_index_touch, sender=FaqEntry, dispatch_uid="faq-index-touch-save")
post_delete.connect(faq_index_touch, sender=FaqEntry, dispatch_uid="faq-index-touch-delete")


def _version(contract: Contract) -> tuple[int, dt.datetime | None]:
    agg = FaqEntry.objects.filter(contract=contract).aggregate(n=Count("id"), m=Max("updated_at"))
    return int(agg["n"]), agg["m"]


def faq_index(*, contract: Contract) -> _Cached:
    """This process's index of the contract's active entries, rebuilt when the table changed
    (any create, edit or retire moves count or max(updated_at)). Outside a transaction the
    version is asked at most once every FUKYU_FAQ_INDEX_CHECK_SECONDS."""
    cached = _CACHE.get(contract.pk)
    now = time.monotonic()
    if (
        cached is not None
        and not connection.in_atomic_block
        and now - cached.checked_at < _check_seconds()
    ):
        return cached
    version = _version(contract)
    if cached is not None and cached.version == version:
        cached.checked_at = now
        return cached
    with _LOCK:
        cached = _CACHE.get(contract.pk)
        if cached is not None and cached.version == version:
            return cached
        entries = list(
            FaqEntry.objects.filter(contract=contract, is_active=True).select_related(
                "category", "mini_app"
            )
        )
        docs = []
        rows = {}
        for e in entries:
            meta = " ".join(
                filter(
                    None,
                    [
                        e.category.name if e.category else "",
                        e.mini_app.name if e.mini_app else "",
                        e.mini_app.short_name if e.mini_app else "",
                    ],
                )
            )
            docs.append(
                FaqDoc(
                    id=e.pk,
                    question=e.question,
                    answer=e.answer,
                    keywords=e.keywords,
                    meta=meta,
                    is_public=e.is_public,
                )
            )
            rows[e.pk] = FaqResult(
                id=e.pk,
                question=e.question,
                answer=e.answer,
                category=e.category.code if e.category else None,
                category_name=e.category.name if e.category else "",
                mini_app=e.mini_app.code if e.mini_app else None,
                mini_app_name=e.mini_app.name if e.mini_app else "",
                is_public=e.is_public,
            )
        cached = _Cached(version=version, index=FaqIndex(docs), rows=rows, checked_at=now)
        _CACHE[contract.pk] = cached
        return cached


def faq_search(
    *, contract: Contract, query: str, limit: int = 10, public_only: bool = False
) -> list[FaqResult]:
    """Active entries best matching `query`, best first (public ones only for the website)."""
    cached = faq_index(contract=contract)
    hits = cached.index.search(query, limit=limit, public_only=public_only)
    return [
        FaqResult(**{**cached.rows[h.id].__dict__, "score": h.score})
        for h in hits
        if h.id in cached.rows
    ]


# --- FAQ candidates ---------------------------------------------------------------------------

# An inquiry is "answered well" when the best FAQ covers this share of its words (by idf).
COVERAGE_THRESHOLD = 0.6
SIMILARITY_THRESHOLD = 0.3
MAX_INQUIRIES = 1000


@dataclass
class CandidateGroup:
    summary: str  # the representative (the group's first, most recent inquiry)
    category_id: int | None
    mini_app_id: int | None
    inquiries: list[Inquiry]
    best_faq: FaqResult | None
    coverage: float
    _tokens: frozenset[str] = frozenset()

    @property
    def count(self) -> int:
        return len(self.inquiries)


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def faq_candidates(
    *, contract: Contract, today: dt.date, days: int = 7, min_count: int = 1
) -> list[CandidateGroup]:
    """Recent inquiry summaries that no active FAQ answers well, grouped by bigram Jaccard
    similarity; the biggest groups first."""
    cached = faq_index(contract=contract)
    start = dt.datetime.combine(today - dt.timedelta(days=days - 1), dt.time(), tzinfo=TOKYO)
    end = dt.datetime.combine(today + dt.timedelta(days=1), dt.time(), tzinfo=TOKYO)
    recent = list(
        Inquiry.objects.filter(contract=contract, received_at__gte=start, received_at__lt=end)
        .only("id", "number", "summary", "received_at", "category_id", "mini_app_id", "faq_id")
        .order_by("-received_at", "-id")[:MAX_INQUIRIES]
    )
    groups: list[CandidateGroup] = []
    for inquiry in recent:
        if inquiry.faq_id is not None:
            continue  # the operator found an FAQ for it
        best, coverage = cached.index.match_quality(inquiry.summary)
        if best is not None and coverage >= COVERAGE_THRESHOLD:
            continue
        toks = frozenset(tokens(inquiry.summary))
        home = max(
            groups, key=lambda g: _jaccard(g._tokens, toks), default=None
        )  # the most similar group so far
        if home is not None and _jaccard(home._tokens, toks) >= SIMILARITY_THRESHOLD:
            home.inquiries.append(inquiry)
            continue
        groups.append(
            CandidateGroup(
                summary=inquiry.summary,
                category_id=inquiry.category_id,
                mini_app_id=inquiry.mini_app_id,
                inquiries=[inquiry],
                best_faq=cached.rows.get(best) if best is not None else None,
                coverage=round(coverage, 2),
                _tokens=toks,
            )
        )
    for g in groups:
        g.category_id = Counter(i.category_id for i in g.inquiries).most_common(1)[0][0]
        apps = Counter(i.mini_app_id for i in g.inquiries if i.mini_app_id)
        g.mini_app_id = apps.most_common(1)[0][0] if apps else None
    groups = [g for g in groups if g.count >= min_count]
    return sorted(groups, key=lambda g: -g.count)
