"""The FAQ: Japanese search, revisions, supervisor screens, public list and FAQ candidates."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client, override_settings

from fukyu.accounts.models import User
from fukyu.audit.models import AuditEvent
from fukyu.callcenter.faq_index import FaqDoc, FaqIndex
from fukyu.callcenter.models import FaqEntry, FaqRevision
from fukyu.callcenter.selectors import faq_candidates, faq_public_list, faq_search
from fukyu.callcenter.services import faq_retire, faq_update
from fukyu.callcenter.tests.factories import category, make_faq, make_inquiry
from fukyu.core.calendar import TOKYO
from fukyu.core.models import Contract

pytestmark = pytest.mark.usefixtures("contract")
FIXTURE = Path(settings.BASE_DIR) / "fukyu/callcenter/fixtures/faq_pocketsign_synthetic.csv"
QUERIES = Path(settings.BASE_DIR) / "bench/data/faq_queries.csv"


@pytest.mark.parametrize(
    "query", ["ｱﾌﾟﾘ", "アプリ", "あぷり", "ＰＩＮ", "pin", "PIN", "登録", "機種"]
)
def test_folding_and_two_character_words_match(query: str) -> None:
    index = FaqIndex(
        [
            FaqDoc(id=1, question="アプリの登録でPINを聞かれる", answer="4桁です"),
            FaqDoc(id=2, question="対応機種のアプリ", answer="NFCが必要"),
            FaqDoc(id=3, question="キャンペーンの期間", answer="12月から"),
        ]
    )
    ids = {h.id for h in index.search(query)}
    assert ids and 3 not in ids


def test_question_matches_rank_above_answer_matches() -> None:
    index = FaqIndex(
        [
            FaqDoc(id=1, question="ポイントの受け取り", answer="機種変更の後も受け取れます"),
            FaqDoc(id=2, question="機種変更の手続き", answer="再登録してください"),
        ]
    )
    assert [h.id for h in index.search("機種変更")] == [2, 1]


def test_labelled_queries_find_their_faq(contract: Contract) -> None:
    """Search quality on the labelled set in bench/ (the figures are in bench/results)."""
    call_command("import_faq", str(FIXTURE), stdout=open("/dev/null", "w"))  # noqa: SIM115
    with QUERIES.open(encoding="utf-8") as fh:
        labelled = list(csv.DictReader(fh))
    assert len(labelled) >= 50
    top3 = 0
    for row in labelled:
        hits = faq_search(contract=contract, query=row["query"], limit=3)
        top3 += row["expected_question"] in [h.question for h in hits]
    assert top3 / len(labelled) >= 0.9


def test_index_follows_edits_and_retirement(
    contract: Contract, make_user: Callable[..., User]
) -> None:
    sv = make_user("supervisor")
    entry = make_faq(contract)
    assert faq_search(contract=contract, query="暗証番号")[0].id == entry.pk
    faq_update(actor=sv, entry=entry, question="パスコードを忘れた")
    assert faq_search(contract=contract, query="パスコード")[0].id == entry.pk
    faq_retire(actor=sv, entry=entry)
    assert faq_search(contract=contract, query="パスコード") == []
    assert list(entry.revisions.values_list("note", flat=True).order_by("revision")) == [
        "作成",
        "質問を変更",
        "廃止",
    ]
    assert AuditEvent.objects.filter(action="faq.update", object_id=str(entry.pk)).count() == 2


def test_public_list_and_public_only_search(contract: Contract) -> None:
    public = make_faq(contract, question="公開のFAQ", is_public=True, order=2)
    make_faq(contract, question="内部用のFAQ", is_public=False)
    first = make_faq(contract, question="先頭の公開FAQ", is_public=True, order=1)
    retired = make_faq(contract, question="廃止の公開FAQ", is_public=True)
    faq_retire(actor=None, entry=retired)
    assert list(faq_public_list(contract=contract)) == [first, public]
    hits = faq_search(contract=contract, query="FAQ", public_only=True)
    assert {h.id for h in hits} == {public.pk, first.pk}


def test_supervisor_creates_edits_and_retires(
    contract: Contract, make_user: Callable[..., User], login: Callable[[User], Client]
) -> None:
    client = login(make_user("supervisor"))
    response = client.post(
        "/ops/callcenter/faq/new/",
        {
            "question": "アプリの対応言語は",
            "answer": "日本語です。",
            "category": category(contract, "operation").pk,
            "keywords": "英語、言語",
            "is_public": "on",
            "order": "0",
        },
    )
    assert response.status_code == 302
    entry = FaqEntry.objects.get()
    assert entry.keywords == "英語 言語" and entry.is_public
    duplicate = client.post(
        "/ops/callcenter/faq/new/", {"question": "アプリの対応言語は", "answer": "x"}
    )
    assert "同じ質問のFAQが既にあります" in duplicate.content.decode()
    client.post(
        f"/ops/callcenter/faq/{entry.pk}/edit/",
        {"question": "アプリの対応言語は", "answer": "日本語と英語です。", "order": "0"},
    )
    client.post(f"/ops/callcenter/faq/{entry.pk}/retire/")
    entry.refresh_from_db()
    assert entry.answer == "日本語と英語です。" and not entry.is_active
    assert entry.retired_at is not None
    body = client.get(f"/ops/callcenter/faq/{entry.pk}/").content.decode()
    assert "第3版" in body and "廃止済み" in body
    assert FaqRevision.objects.filter(entry=entry).count() == 3
    client.post(f"/ops/callcenter/faq/{entry.pk}/restore/")
    entry.refresh_from_db()
    assert entry.is_active and entry.retired_at is None


def test_operators_read_but_do_not_edit(
    contract: Contract, make_user: Callable[..., User], login: Callable[[User], Client]
) -> None:
    entry = make_faq(contract)
    client = login(make_user("operator"))
    assert client.get("/ops/callcenter/faq/").status_code == 200
    assert client.get(f"/ops/callcenter/faq/{entry.pk}/").status_code == 200
    assert client.post(f"/ops/callcenter/faq/{entry.pk}/retire/").status_code == 403
    assert client.get("/ops/callcenter/faq/new/").status_code == 403


def test_faq_list_has_no_n_plus_one(
    contract: Contract,
    make_user: Callable[..., User],
    login: Callable[[User], Client],
    django_assert_max_num_queries: Any,
) -> None:
    client = login(make_user("supervisor"))
    for i in range(20):
        make_faq(contract, question=f"質問{i}", mini_app=None)
    client.get("/ops/callcenter/faq/")
    with django_assert_max_num_queries(12):
        response = client.get("/ops/callcenter/faq/")
    assert "質問19" in response.content.decode()


@override_settings(FUKYU_TODAY="2024-11-06")
def test_candidates_group_unanswered_questions(
    contract: Contract, make_user: Callable[..., User], login: Callable[[User], Client]
) -> None:
    op = make_user("operator")
    make_faq(contract)  # 暗証番号を忘れてしまいました
    when = dt.datetime(2024, 11, 5, 11, 0, tzinfo=TOKYO)
    for summary in [
        "みやぎポイントを家族に譲渡できるか",
        "みやぎポイントを家族に譲渡したい",
        "ポイントを家族へ譲渡できますか",
        "暗証番号を忘れてしまった",  # the FAQ answers this one
        "車いすで避難所に行けるか",
    ]:
        make_inquiry(contract, op, summary=summary, received_at=when)
    groups = faq_candidates(contract=contract, today=dt.date(2024, 11, 6))
    assert [g.count for g in groups] == [3, 1]
    assert "譲渡" in groups[0].summary
    assert all("暗証番号" not in i.summary for g in groups for i in g.inquiries)
    client = login(make_user("supervisor"))
    body = client.get("/ops/callcenter/faq/candidates/").content.decode()
    assert "3件" in body and "この質問でFAQを作成" in body
    url = "/ops/callcenter/faq/new/?question=" + groups[0].summary
    form = client.get(url).content.decode()
    assert f'value="{groups[0].summary}"' in form
