"""Page views: a same-origin beacon with the path only, counted per page per day."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client, override_settings

from fukyu.accounts.models import User
from fukyu.website.models import PageViewDay
from fukyu.website.selectors import page_views_by_month, page_views_by_page
from fukyu.website.services import pageview_record, site_rebuild

URL = "/api/v1/pageviews"


def beacon(client: Client, body: Any, **headers: str) -> Any:
    raw = body if isinstance(body, str) else json.dumps(body)
    return client.post(URL, raw, content_type="text/plain;charset=UTF-8", headers=headers)


def test_beacon_counts_a_view_of_a_built_page(built: Path, client: Client, contract: Any) -> None:
    with override_settings(FUKYU_TODAY="2024-12-03"):
        assert (
            beacon(client, {"path": "/events/"}, **{"Sec-Fetch-Site": "same-origin"}).status_code
            == 204
        )
        assert beacon(client, {"path": "/events/"}).status_code == 204
        assert beacon(client, {"path": "/events/index.html"}).status_code == 204
    row = PageViewDay.objects.get()
    assert (row.day, row.path, row.views) == (dt.date(2024, 12, 3), "/events/", 3)


def test_nothing_about_the_visitor_is_stored(built: Path, client: Client) -> None:
    fields = {f.name for f in PageViewDay._meta.get_fields()}
    assert fields == {"id", "contract", "day", "path", "views"}
    response = beacon(client, {"path": "/"}, **{"User-Agent": "Test/1.0"})
    assert response.status_code == 204
    assert "Set-Cookie" not in response
    assert not response.cookies


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        ({"path": "/no-such-page/"}, "公開サイトにないページ"),
        ({"path": "events"}, "/ で始まる"),
        ({"path": 3}, "/ で始まる"),
        ({}, "/ で始まる"),
        ("not json", "JSON として読めません"),
        ({"path": "/" + "a" * 400}, "/ で始まる"),
    ],
)
def test_bad_beacons_get_422_in_japanese(
    built: Path, client: Client, body: Any, detail: str
) -> None:
    response = beacon(client, body)
    assert response.status_code == 422
    assert detail in response.json()["detail"]
    assert not PageViewDay.objects.exists()


def test_cross_site_beacons_are_refused(built: Path, client: Client) -> None:
    assert beacon(client, {"path": "/"}, **{"Sec-Fetch-Site": "cross-site"}).status_code == 403
    assert beacon(client, {"path": "/"}, Origin="https://evil.example").status_code == 403
    assert beacon(client, {"path": "/"}, Origin="http://testserver").status_code == 204
    assert PageViewDay.objects.get().views == 1


def test_before_any_build_nothing_is_counted(contract: Any, client: Client) -> None:
    assert beacon(client, {"path": "/"}).status_code == 422


def test_views_by_month_and_by_page(built: Path, contract: Any) -> None:
    for day, path, n in [
        ("2024-11-30", "/", 2),
        ("2024-12-01", "/", 3),
        ("2024-12-15", "/events/", 4),
        ("2025-01-02", "/faq/", 1),
    ]:
        for _ in range(n):
            pageview_record(contract=contract, path=path, day=dt.date.fromisoformat(day))
    months = page_views_by_month(contract=contract)
    assert [(m.month, m.views) for m in months] == [
        (dt.date(2024, 11, 1), 2),
        (dt.date(2024, 12, 1), 7),
        (dt.date(2025, 1, 1), 1),
    ]
    pages = page_views_by_page(contract=contract)
    assert [(p.path, p.views) for p in pages] == [("/", 5), ("/events/", 4), ("/faq/", 1)]
    assert pages[1].title == "イベント日程"
    december = page_views_by_page(
        contract=contract, start=dt.date(2024, 12, 1), end=dt.date(2024, 12, 31)
    )
    assert [(p.path, p.views) for p in december] == [("/events/", 4), ("/", 3)]


def test_dashboard_and_status_api_show_views(
    built: Path,
    contract: Any,
    make_user: Callable[..., User],
    login: Callable[[User], Client],
    api_client: Callable[[User], Client],
) -> None:
    pageview_record(contract=contract, path="/faq/", day=dt.date(2024, 12, 1))
    client = login(make_user("client"))
    html = client.get("/ops/website/").content.decode()
    assert "2024年12月" in html and "よくある質問" in html
    api = api_client(make_user("manager"))
    status = api.get("/api/v1/website/status").json()
    assert status["is_stale"] is False and status["last_build_pages"] == 13
    assert api_client(make_user("operator")).get("/api/v1/website/status").status_code == 403


def test_home_panel_for_publicity_only(
    built: Path,
    contract: Any,
    make_user: Callable[..., User],
    login: Callable[[User], Client],
) -> None:
    with override_settings(FUKYU_TODAY="2024-12-10"):
        site_rebuild(reason="テスト", contract=contract)
        pageview_record(contract=contract, path="/", day=dt.date(2024, 12, 9))
        pageview_record(contract=contract, path="/", day=dt.date(2024, 12, 1))
        client = login(make_user("publicity"))
        html = client.get("/ops/").content.decode()
    assert "公開サイト" in html and "最新の内容で公開中です" in html
    assert "直近7日間の閲覧数：1" in html
    client.logout()
    login(make_user("operator"))
    assert "直近7日間の閲覧数" not in client.get("/ops/").content.decode()
