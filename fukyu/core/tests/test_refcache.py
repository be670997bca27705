"""The per-process snapshots behind the hot paths: kept between requests, dropped on change.

These tests commit (transactional_db): a snapshot read inside a transaction is never kept."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.conf import settings
from django.test import Client, override_settings

from fukyu.accounts.models import User
from fukyu.accounts.permissions import has_perm
from fukyu.accounts.services import api_token_create, user_create, user_set_role
from fukyu.callcenter.api import INQUIRY_EXAMPLE
from fukyu.callcenter.models import Inquiry
from fukyu.core.models import InquiryCategory
from fukyu.core.refcache import reference
from fukyu.core.services import contract_load

pytestmark = pytest.mark.django_db(transaction=True)

BODY = INQUIRY_EXAMPLE


@pytest.fixture
def loaded() -> None:
    contract_load(path=settings.FUKYU_DEFAULT_CONTRACT)


def test_snapshot_is_kept_and_needs_no_query(loaded: None, django_assert_num_queries: Any) -> None:
    first = reference()
    assert first.municipalities["042021"].name == "石巻市"
    assert first.municipalities["042021"].region.code
    with django_assert_num_queries(0):
        again = reference()
        assert again.municipalities["042021"] is first.municipalities["042021"]
    assert again is first


def test_a_saved_category_drops_the_snapshot(loaded: None) -> None:
    first = reference()
    category = InquiryCategory.objects.get(contract=first.contract, code="registration")
    category.name = "登録・設定（改）"
    category.save()
    fresh = reference()
    assert fresh is not first
    assert fresh.categories["registration"].name == "登録・設定（改）"


@override_settings(FUKYU_REFERENCE_CACHE_SECONDS=0)
def test_zero_seconds_turns_the_cache_off(loaded: None, django_assert_num_queries: Any) -> None:
    reference()
    with django_assert_num_queries(2):  # the contract, then the categories when asked
        assert "registration" in reference().categories


def test_permissions_are_kept_per_user_and_dropped_on_a_role_change(
    loaded: None, django_assert_num_queries: Any
) -> None:
    user = user_create(actor=None, username="op1", role="operator", password="x" * 12 + "aA1!")
    assert has_perm(User.objects.get(pk=user.pk), "inquiry_log")
    fresh_object = User.objects.get(pk=user.pk)
    with django_assert_num_queries(0):
        assert has_perm(fresh_object, "inquiry_log")
        assert not has_perm(fresh_object, "callcenter_manage")
    user_set_role(actor=None, user=user, role="client")
    assert not has_perm(User.objects.get(pk=user.pk), "inquiry_log")


def test_a_logged_inquiry_after_the_first_needs_only_its_own_writes(
    loaded: None, django_assert_max_num_queries: Any
) -> None:
    user = user_create(actor=None, username="pbx", role="operator", password="x" * 12 + "aA1!")
    _, token = api_token_create(actor=None, user=user)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    with override_settings(FUKYU_TODAY="2024-11-06"):
        assert (
            client.post("/api/v1/inquiries", BODY, content_type="application/json").status_code
            == 201
        )
        # token, then BEGIN, number, inquiry, audit row, COMMIT (SAVEPOINTs aside)
        with django_assert_max_num_queries(6):
            response = client.post(
                "/api/v1/inquiries", json.dumps(BODY), content_type="application/json"
            )
    assert response.status_code == 201, response.content
    assert response.json()["region"] and response.json()["caller"] is None
    assert Inquiry.objects.count() == 2
