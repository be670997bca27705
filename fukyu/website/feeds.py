"""The site's machine-readable files: events.ics, the open-data event CSV, sitemap.xml, robots.txt."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from functools import cache
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

from icalendar import Calendar, Event, Timezone

from fukyu.core.calendar import TOKYO
from fukyu.website.sitedata import PublicEvent, SiteData

# 推奨データセット「イベント一覧」(layout A), exactly as ../shared/reference/opendata.md §1.1.
EVENT_CSV_HEADER = (
    "都道府県コード又は市区町村コード",
    "NO",
    "都道府県名",
    "市区町村名",
    "イベント名",
    "イベント名_カナ",
    "イベント名_英語",
    "開始日",
    "終了日",
    "開始時間",
    "終了時間",
    "開始日時特記事項",
    "説明",
    "料金(基本)",
    "料金(詳細)",
    "連絡先名称",
    "連絡先電話番号",
    "連絡先内線番号",
    "主催者",
    "場所名称",
    "住所",
    "方書",
    "緯度",
    "経度",
    "アクセス方法",
    "駐車場情報",
    "定員",
    "参加申込終了日",
    "参加申込終了時間",
    "参加申込方法",
    "URL",
    "備考",
)
EVENT_DESCRIPTION = (
    "デジタル身分証アプリ「{app}」の説明会です。スタッフがインストールと登録をお手伝いし、"
    "災害時の使い方を衛星通信のWi-Fiで体験できます。マイナンバーカードと暗証番号をお持ちください。"
)


@cache
def _tokyo() -> bytes:
    """The VTIMEZONE of Asia/Tokyo (no daylight saving), generated once per process."""
    return bytes(Timezone.from_tzinfo(TOKYO).to_ical())


def csv_name(data: SiteData) -> str:
    return f"{data.cfg.prefecture_code}_event.csv"


def _event_url(data: SiteData, event: PublicEvent) -> str:
    return f"{data.base_url}/events/#{event.anchor}"


def _address(data: SiteData, event: PublicEvent) -> str:
    address = event.venue_address
    if event.municipality_name and event.municipality_name not in address:
        address = event.municipality_name + address
    if not address.startswith(data.cfg.client):
        address = data.cfg.client + address
    return address


def events_ics(data: SiteData, events: Iterable[PublicEvent]) -> bytes:
    """iCalendar: one VEVENT per public event, with the Asia/Tokyo time zone."""
    cal = Calendar()
    cal.add("prodid", f"-//{data.cfg.client}//{data.cfg.code} campaign site//JA")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"{data.cfg.app_name} 普及キャンペーン イベント日程")
    cal.add("x-wr-timezone", "Asia/Tokyo")
    host = urlsplit(data.base_url).hostname or "localhost"
    stamp = dt.datetime.combine(data.today, dt.time(0, 0), tzinfo=TOKYO)
    description = EVENT_DESCRIPTION.format(app=data.cfg.app_name)
    for e in events:
        item = Event()
        item.add("uid", f"{data.cfg.code}-event-{e.id}@{host}")
        item.add("dtstamp", stamp)
        item.add("dtstart", e.starts_at.astimezone(TOKYO))
        item.add("dtend", e.ends_at.astimezone(TOKYO))
        item.add("summary", e.title)
        item.add("location", f"{e.venue_name}（{_address(data, e)}）")
        item.add("description", description)
        item.add("url", _event_url(data, e))
        item.add("status", "CONFIRMED")
        if e.latitude is not None and e.longitude is not None:
            item.add("geo", (float(e.latitude), float(e.longitude)))
        cal.add_component(item)
    cal.add_component(Timezone.from_ical(_tokyo()))
    return bytes(cal.to_ical())


def events_csv(data: SiteData, events: Iterable[PublicEvent]) -> bytes:
    """The open-data event list: UTF-8 with a BOM (for Excel), CRLF line ends, all quoted."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    writer.writerow(EVENT_CSV_HEADER)
    cfg = data.cfg
    description = EVENT_DESCRIPTION.format(app=cfg.app_name)
    for e in events:
        start, end = e.starts_at.astimezone(TOKYO), e.ends_at.astimezone(TOKYO)
        row = {
            "都道府県コード又は市区町村コード": cfg.prefecture_code,
            "NO": f"{e.id:010d}",
            "都道府県名": cfg.client,
            "市区町村名": "",  # empty: the publisher is the prefecture
            "イベント名": e.title,
            "イベント名_カナ": e.title_kana,
            "イベント名_英語": "",
            "開始日": start.date().isoformat(),
            "終了日": end.date().isoformat(),
            "開始時間": start.strftime("%H:%M"),
            "終了時間": end.strftime("%H:%M"),
            "開始日時特記事項": "",
            "説明": description,
            "料金(基本)": "0",
            "料金(詳細)": "無料（申込不要）",
            "連絡先名称": f"{cfg.app_name} 普及キャンペーン コールセンター",
            "連絡先電話番号": cfg.toll_free_number,
            "連絡先内線番号": "",
            "主催者": cfg.client,
            "場所名称": e.venue_name,
            "住所": _address(data, e),
            "方書": "",
            "緯度": "" if e.latitude is None else str(e.latitude),
            "経度": "" if e.longitude is None else str(e.longitude),
            "アクセス方法": "",
            "駐車場情報": "",
            "定員": "",
            "参加申込終了日": "",
            "参加申込終了時間": "",
            "参加申込方法": "申込不要",
            "URL": _event_url(data, e),
            "備考": "開催済み" if e.is_past else "",
        }
        writer.writerow([row[name] for name in EVENT_CSV_HEADER])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def sitemap_xml(data: SiteData, paths: Iterable[str]) -> bytes:
    lastmod = data.today.isoformat()
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    lines.extend(
        f"<url><loc>{escape(data.base_url + path)}</loc><lastmod>{lastmod}</lastmod></url>"
        for path in paths
    )
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def robots_txt(data: SiteData) -> bytes:
    return f"User-agent: *\nAllow: /\n\nSitemap: {data.base_url}/sitemap.xml\n".encode()
