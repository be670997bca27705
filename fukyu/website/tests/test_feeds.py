"""events.ics, the open-data CSV and the event and FAQ pages, built from outreach and
call-center data through their public selectors."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import icalendar
import pytest
from django.test import override_settings

from fukyu.callcenter.tests.factories import make_faq
from fukyu.core.calendar import TOKYO
from fukyu.outreach.models import EventStatus
from fukyu.outreach.tests.factories import EventFactory, VenueFactory
from fukyu.website.feeds import EVENT_CSV_HEADER
from fukyu.website.selectors import site_status
from fukyu.website.services import site_rebuild
from fukyu.website.tests.conftest import SITE_URL

# The header line exactly as ../shared/reference/opendata.md §1.1 prints it.
OPENDATA_HEADER = (
    "都道府県コード又は市区町村コード,NO,都道府県名,市区町村名,イベント名,イベント名_カナ,イベント名_英語,"
    "開始日,終了日,開始時間,終了時間,開始日時特記事項,説明,料金(基本),料金(詳細),連絡先名称,連絡先電話番号,"
    "連絡先内線番号,主催者,場所名称,住所,方書,緯度,経度,アクセス方法,駐車場情報,定員,参加申込終了日,"
    "参加申込終了時間,参加申込方法,URL,備考"
)


@pytest.fixture
def events(contract: Any) -> dict[str, Any]:
    venue = VenueFactory(
        contract=contract,
        name="イオンモール石巻（サンプル）",
        address="石巻市茜平4丁目104",
        latitude=Decimal("38.435000"),
        longitude=Decimal("141.290000"),
    )
    return {
        "past": EventFactory(
            contract=contract,
            title="仙台説明会（サンプル）",
            day="2024-12-07",
            status=EventStatus.HELD,
        ),
        "future": EventFactory(
            contract=contract,
            title="石巻説明会（サンプル）",
            title_kana="イシノマキセツメイカイ　サンプル",
            region_code="ishinomaki",
            municipality_code="042021",
            venue=venue,
            day="2025-02-15",
        ),
        "draft": EventFactory(contract=contract, title="未確定の説明会", status=EventStatus.DRAFT),
        "cancelled": EventFactory(
            contract=contract, title="中止の説明会", status=EventStatus.CANCELLED
        ),
    }


@pytest.fixture
def built_with_events(contract: Any, events: dict[str, Any], site_dir: Path) -> Path:
    with override_settings(FUKYU_TODAY="2025-01-10"):
        site_rebuild(reason="テスト", contract=contract)
    return site_dir


def test_ics_has_one_vevent_per_public_event_in_tokyo_time(
    built_with_events: Path, events: dict[str, Any]
) -> None:
    cal = icalendar.Calendar.from_ical((built_with_events / "events.ics").read_bytes())
    vevents = list(cal.walk("VEVENT"))
    assert sorted(str(v["SUMMARY"]) for v in vevents) == [
        "仙台説明会（サンプル）",
        "石巻説明会（サンプル）",
    ]
    ishinomaki = next(v for v in vevents if "石巻" in str(v["SUMMARY"]))
    start = ishinomaki.decoded("DTSTART")
    assert start == dt.datetime(2025, 2, 15, 10, 0, tzinfo=TOKYO)
    assert str(start.tzinfo) == "Asia/Tokyo"
    assert ishinomaki["DTSTART"].params["TZID"] == "Asia/Tokyo"
    assert ishinomaki.decoded("DTEND") == dt.datetime(2025, 2, 15, 16, 0, tzinfo=TOKYO)
    assert "イオンモール石巻（サンプル）" in str(ishinomaki["LOCATION"])
    assert str(ishinomaki["URL"]) == f"{SITE_URL}/events/#event-{events['future'].pk}"
    assert len({str(v["UID"]) for v in vevents}) == 2
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Asia/Tokyo"]


def test_opendata_csv_has_the_exact_header_bom_and_rows(
    built_with_events: Path, events: dict[str, Any]
) -> None:
    raw = (built_with_events / "opendata/040002_event.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert text.split("\r\n", 1)[0].replace('"', "") == OPENDATA_HEADER
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows[0]) == 32 and tuple(rows[0]) == EVENT_CSV_HEADER
    records = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    assert [r["イベント名"] for r in records] == [
        "仙台説明会（サンプル）",
        "石巻説明会（サンプル）",
    ]
    ishinomaki = records[1]
    assert ishinomaki["都道府県コード又は市区町村コード"] == "040002"
    assert ishinomaki["NO"] == f"{events['future'].pk:010d}"
    assert ishinomaki["都道府県名"] == "宮城県"
    assert ishinomaki["イベント名_カナ"] == "イシノマキセツメイカイ　サンプル"
    assert records[0]["イベント名_カナ"] == ""  # optional: an event without a reading
    assert (ishinomaki["開始日"], ishinomaki["終了日"]) == ("2025-02-15", "2025-02-15")
    assert (ishinomaki["開始時間"], ishinomaki["終了時間"]) == ("10:00", "16:00")
    assert ishinomaki["場所名称"] == "イオンモール石巻（サンプル）"
    assert ishinomaki["住所"] == "宮城県石巻市茜平4丁目104"
    assert (ishinomaki["緯度"], ishinomaki["経度"]) == ("38.435000", "141.290000")
    assert ishinomaki["説明"] and ishinomaki["料金(基本)"] == "0"
    assert records[0]["備考"] == "開催済み" and ishinomaki["備考"] == ""


def test_event_page_groups_by_region_and_marks_past_events(
    built_with_events: Path, events: dict[str, Any]
) -> None:
    html = (built_with_events / "events/index.html").read_text()
    sendai = html.index('id="region-sendai"')
    ishinomaki = html.index('id="region-ishinomaki"')
    assert (
        sendai
        < html.index("仙台説明会（サンプル）")
        < ishinomaki
        < html.index("石巻説明会（サンプル）")
    )
    past = html[html.index(f'id="event-{events["past"].pk}"') - 60 :][:400]
    assert "past" in past and "終了" in past
    future = html[html.index(f'id="event-{events["future"].pk}"') - 60 :][:400]
    assert "終了" not in future
    assert "未確定の説明会" not in html and "中止の説明会" not in html
    assert "令和7年2月15日（土） 10:00" in html
    top = (built_with_events / "index.html").read_text()
    assert "石巻説明会（サンプル）" in top and "仙台説明会（サンプル）" not in top


def test_event_data_change_makes_the_site_stale(contract: Any, events: dict[str, Any]) -> None:
    site_rebuild(reason="テスト", contract=contract)
    assert not site_status(contract=contract).is_stale
    EventFactory(contract=contract, title="追加の説明会", day="2025-01-25")
    assert site_status(contract=contract).is_stale


def test_faq_page_shows_public_entries_by_category(contract: Any, site_dir: Path) -> None:
    make_faq(contract)
    make_faq(contract, question="非公開の質問", answer="内部向け", is_public=False)
    make_faq(
        contract,
        question="原子力防災が表示されません",
        answer="登録した住所が対象地域か確認してください。\n表示までに時間がかかることがあります。",
        category=None,
        mini_app=contract.mini_apps.get(code="nuclear_evacuation"),
    )
    site_rebuild(reason="テスト", contract=contract)
    html = (site_dir / "faq/index.html").read_text()
    assert "暗証番号を忘れてしまいました" in html
    assert "マイナンバーカード・暗証番号" in html
    assert "非公開の質問" not in html
    assert (
        "<p>登録した住所が対象地域か確認してください。<br>表示までに時間がかかることがあります。</p>"
        in html
    )
    app_page = (site_dir / "apps/nuclear-evacuation/index.html").read_text()
    assert "原子力防災が表示されません" in app_page
