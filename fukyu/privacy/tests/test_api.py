"""The read-only privacy API."""

from __future__ import annotations

from typing import Any

import pytest

from fukyu.privacy.services import personal_data_reveal
from fukyu.privacy.tests.factories import make_contact, make_incident

pytestmark = pytest.mark.django_db


def test_access_log_and_incidents_for_the_client(
    contract: Any, make_user: Any, api_client: Any, django_assert_max_num_queries: Any
) -> None:
    officer = make_user("privacy_officer")
    contact = make_contact(contract, officer)
    for reason in ("お詫び", "再連絡"):
        personal_data_reveal(actor=officer, obj=contact, field_names=["name"], reason=reason)
    make_incident(contract, officer)
    client = api_client(make_user("client"))
    with django_assert_max_num_queries(8):
        response = client.get("/api/v1/privacy/access-log", {"limit": 1})
    body = response.json()
    assert response.status_code == 200 and body["count"] == 2
    assert body["items"][0]["reason"] == "再連絡" and body["items"][0]["action_label"] == "表示"
    assert body["items"][0]["actor"] == officer.username
    incidents = client.get("/api/v1/privacy/incidents", {"status": "open"}).json()
    assert [i["title"] for i in incidents] == ["FAX誤送信"]
    assert "試験 花子" not in response.content.decode()


def test_bad_input_and_writes_are_refused(contract: Any, make_user: Any, api_client: Any) -> None:
    client = api_client(make_user("privacy_officer"))
    bad = client.get("/api/v1/privacy/access-log", {"action": "delete"})
    assert bad.status_code == 422 and "指定できない値" in bad.json()["detail"]
    assert client.get("/api/v1/privacy/access-log", {"date_from": "x"}).status_code == 422
    assert client.post("/api/v1/privacy/access-log").status_code == 405
    operator = api_client(make_user("operator"))
    denied = operator.get("/api/v1/privacy/incidents")
    assert denied.status_code == 403 and "権限" in denied.json()["detail"]


def test_paging_numbers_past_the_bounds_get_a_japanese_422(
    contract: Any, make_user: Any, api_client: Any
) -> None:
    # A limit past 64-bit integers once reached SQLite and came back as a 500.
    client = api_client(make_user("privacy_officer"))
    for params, field in (
        ({"limit": 10**35}, "limit"),
        ({"limit": 0}, "limit"),
        ({"offset": 10**20}, "offset"),
        ({"offset": -1}, "offset"),
    ):
        response = client.get("/api/v1/privacy/access-log", params)
        assert response.status_code == 422, params
        assert response.json()["errors"][0]["field"] == field
        assert "値が" in response.json()["detail"]
    last = client.get("/api/v1/privacy/access-log", {"limit": 500, "offset": 10**9})
    assert last.status_code == 200 and last.json()["items"] == []
