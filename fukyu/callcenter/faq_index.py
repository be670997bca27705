"""An in-memory BM25F index over FAQ entries (pure Python, no Django).

Each field is tokenized into folded character bigrams (fukyu.callcenter.text). A token's
contribution to a document does not depend on the query, so it is computed once when the index
is built; a search only adds up the postings of the query's tokens. Question and keyword matches
weigh more than answer matches.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from dataclasses import dataclass

from fukyu.callcenter.text import query_phrases, runs, tokens

K1 = 1.2
B = 0.75
# Field weights: a term in the question counts three times as much as one in the answer.
WEIGHTS = {"question": 3.0, "keywords": 2.0, "meta": 1.0, "answer": 1.0}
# Unigrams are indexed under their own prefix and used only for one-character query words.
UNIGRAM = "\x01"


@dataclass(frozen=True)
class FaqDoc:
    id: int
    question: str
    answer: str
    keywords: str = ""
    meta: str = ""  # category and mini-app names
    is_public: bool = False


@dataclass(frozen=True)
class Hit:
    id: int
    score: float


def _field_tokens(text: str) -> list[str]:
    out = tokens(text)
    for run in runs(text):
        if len(run) > 1:
            out.extend(UNIGRAM + c for c in run)
    return out


def query_tokens(query: str) -> list[str]:
    out: list[str] = []
    for phrase in query_phrases(query):
        if len(phrase) == 1 and len(phrase[0]) == 1:
            out.extend([phrase[0], UNIGRAM + phrase[0]])
        else:
            out.extend(phrase)
    return list(dict.fromkeys(out))


class FaqIndex:
    def __init__(self, docs: list[FaqDoc]) -> None:
        self.docs = {d.id: d for d in docs}
        self.public_ids = frozenset(d.id for d in docs if d.is_public)
        n = len(docs)
        field_tf: dict[str, list[tuple[int, Counter[str], int]]] = {f: [] for f in WEIGHTS}
        df: Counter[str] = Counter()
        for d in docs:
            seen: set[str] = set()
            for field in WEIGHTS:
                toks = _field_tokens(getattr(d, field))
                field_tf[field].append((d.id, Counter(toks), len(toks)))
                seen.update(toks)
            df.update(seen)
        avg = {
            f: (sum(length for _, _, length in rows) / n if n else 0.0) or 1.0
            for f, rows in field_tf.items()
        }
        # BM25F: the weighted, length-normalised term frequency over all fields, then saturation.
        weighted: dict[str, dict[int, float]] = defaultdict(lambda: defaultdict(float))
        for field, rows in field_tf.items():
            w = WEIGHTS[field]
            for doc_id, tf, length in rows:
                norm = 1 - B + B * length / avg[field]
                for tok, count in tf.items():
                    weighted[tok][doc_id] += w * count / norm
        self.postings: dict[str, dict[int, float]] = {}
        self.idf: dict[str, float] = {}
        for tok, per_doc in weighted.items():
            idf = math.log(1 + (n - df[tok] + 0.5) / (df[tok] + 0.5))
            self.idf[tok] = idf
            self.postings[tok] = {
                doc_id: idf * tfw * (K1 + 1) / (tfw + K1) for doc_id, tfw in per_doc.items()
            }

        self.common = max(50, n // 4)

    def __len__(self) -> int:
        return len(self.docs)

    def search(self, query: str, *, limit: int = 10, public_only: bool = False) -> list[Hit]:
        toks = [t for t in query_tokens(query) if t in self.postings]
        # Tokens in most entries (です, ます …) barely change the ranking but cost the most:
        # leave them out when the query has enough other tokens.
        rare = [t for t in toks if len(self.postings[t]) <= self.common]
        scores: dict[int, float] = defaultdict(float)
        for tok in rare if len(rare) >= 2 else toks:
            for doc_id, contribution in self.postings[tok].items():
                scores[doc_id] += contribution
        if public_only:
            scores = {k: v for k, v in scores.items() if k in self.public_ids}
        best = heapq.nsmallest(limit, scores.items(), key=lambda kv: (-kv[1], kv[0]))
        return [Hit(id=doc_id, score=round(score, 4)) for doc_id, score in best]

    def match_quality(self, query: str) -> tuple[int | None, float]:
        """The best entry for `query`, and how much of the query's weight it covers (0..1):
        the share of the query tokens' idf that also occurs in that entry."""
        toks = [t for t in query_tokens(query) if not t.startswith(UNIGRAM)]
        hits = self.search(query, limit=1)
        if not hits or not toks:
            return None, 0.0
        best = hits[0].id
        # A word no entry has weighs like the rarest word that some entry has (df = 1).
        unseen = math.log(1 + (len(self.docs) - 0.5) / 1.5)
        total = sum(self.idf.get(t, unseen) for t in toks)
        covered = sum(self.idf[t] for t in toks if best in self.postings.get(t, {}))
        return best, covered / total if total else 0.0
