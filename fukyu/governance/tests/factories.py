"""Synthetic governance data for tests (all names are invented)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fukyu.core.calendar import TOKYO
from fukyu.core.models import Contract
from fukyu.governance.models import Meeting
from fukyu.governance.services import (
    ActionItemData,
    AttendeeData,
    MeetingData,
    meeting_create,
    meeting_submit,
)

HELD_AT = dt.datetime(2024, 9, 10, 10, 0, tzinfo=TOKYO)


def meeting_data(**overrides: Any) -> MeetingData:
    values: dict[str, Any] = {
        "title": "業務着手時の打合せ",
        "held_at": HELD_AT,
        "ends_at": HELD_AT + dt.timedelta(hours=1, minutes=30),
        "place": "県庁 第3会議室",
        "is_online": False,
        "agenda": "1 業務実施計画書について\n2 コールセンターの開設準備",
        "minutes": "業務実施計画書の案を説明し、スケジュールを確認した。",
        "decisions": "ポスターはデザイン案Bを基本とする。",
        "attendees": (
            AttendeeData(name="県職員 一郎", side="client", organisation="デジタルみやぎ推進課"),
            AttendeeData(name="受注 花子", side="contractor", organisation="受注者 業務責任者"),
        ),
        "action_items": (
            ActionItemData(
                description="コールセンターのFAQ案を提出する",
                owner="受注 花子",
                due_on=dt.date(2024, 9, 20),
            ),
        ),
    }
    if "held_at" in overrides and "ends_at" not in overrides:
        overrides["ends_at"] = None
    values.update(overrides)
    return MeetingData(**values)


def make_meeting(
    contract: Contract, actor: Any, *, submit: bool = False, **overrides: Any
) -> Meeting:
    meeting = meeting_create(actor=actor, contract=contract, data=meeting_data(**overrides))
    if submit:
        meeting = meeting_submit(actor=actor, meeting=meeting)
    return meeting


def meeting_payload(**overrides: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "title": "第2回 定例打合せ",
        "held_at": "2024-10-01T14:00:00+09:00",
        "place": "オンライン（Teams）",
        "is_online": True,
        "attendees": [
            {"name": "県職員 一郎", "organisation": "デジタルみやぎ推進課", "side": "client"},
            {"name": "受注 花子", "organisation": "受注者", "side": "contractor"},
        ],
        "agenda": "普及イベントの日程",
        "minutes": "圏域ごとのイベント日程案を説明した。",
        "decisions": "仙台圏域の初回イベントは12月7日とする。",
        "action_items": [
            {"description": "会場の仮予約", "owner": "受注 花子", "due_on": "2024-10-10"}
        ],
    }
    payload.update(overrides)
    return payload
