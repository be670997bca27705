from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from fukyu.core.models import Contract


def test_calendar_is_public_and_complete(contract: Contract, client: Client) -> None:
    response = client.get("/api/v1/calendar", {"from": "2024-11-01", "to": "2025-03-31"})
    assert response.status_code == 200
    days = response.json()
    assert len(days) == 151
    by_date = {d["date"]: d for d in days}
    assert sum(d["center_open"] for d in days) == 134
    assert by_date["2024-11-04"] == {
        "date": "2024-11-04",
        "center_open": False,
        "client_business_day": False,
        "holiday_name": "振替休日",
        "closed_reason": "holiday",
    }
    assert by_date["2025-01-01"]["closed_reason"] == "year_end"
    assert by_date["2025-03-31"]["closed_reason"] == "outside_period"
    assert by_date["2025-03-31"]["client_business_day"] is True
    assert by_date["2024-11-02"]["center_open"] is True
    assert by_date["2024-11-02"]["client_business_day"] is False


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"from": "2024-11-01", "to": "2024-10-01"}, "以降"),
        ({"from": "2024-02-30", "to": "2024-03-01"}, "YYYY-MM-DD"),
        ({"from": "yesterday", "to": "2024-03-01"}, "YYYY-MM-DD"),
        ({"from": "2024-01-01", "to": "2025-02-04"}, "400日以内"),
        ({"to": "2025-02-04"}, "両方"),
    ],
)
def test_calendar_refuses_bad_ranges(
    contract: Contract, client: Client, params: dict[str, str], message: str
) -> None:
    response = client.get("/api/v1/calendar", params)
    assert response.status_code == 422
    assert message in response.json()["detail"]


def test_four_hundred_days_is_allowed(contract: Contract, client: Client) -> None:
    response = client.get("/api/v1/calendar", {"from": "2024-01-01", "to": "2025-02-03"})
    assert response.status_code == 200
    assert len(response.json()) == 400


def test_openapi_schema_lists_the_calendar(db: Any, client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/calendar" in schema["paths"]
    params = {p["name"] for p in schema["paths"]["/api/v1/calendar"]["get"]["parameters"]}
    assert params == {"from", "to"}


def test_municipalities_carry_their_region(
    contract: Contract, make_user: Any, api_client: Any
) -> None:
    client = api_client(make_user("operator"))
    rows = {m["code"]: m for m in client.get("/api/v1/municipalities").json()}
    assert len(rows) == 35
    assert rows["042021"]["region"] == {"code": "ishinomaki", "name": "石巻"}
    assert rows["042021"]["kana"] == "いしのまきし"


@pytest.mark.parametrize("path", ["/api/v1/nothing-here", "/api/v2/inquiries", "/api/"])
def test_unknown_api_paths_answer_json_404(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert "見つかりません" in response.json()["detail"]
