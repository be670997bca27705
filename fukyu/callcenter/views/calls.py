"""The supervisor's phone dashboard: a day's call numbers per 30-minute interval, with an
inline SVG chart (no JavaScript)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from fukyu.accounts.permissions import require_perm
from fukyu.callcenter.calls_selectors import calls_of_day
from fukyu.core import clock
from fukyu.core.selectors import active_contract

CHART_HEIGHT = 160
BAR_WIDTH = 14
GAP = 10


def _bars(intervals: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    top = max((v["offered"] for v in intervals.values()), default=0) or 1
    bars = []
    for i, (key, v) in enumerate(intervals.items()):
        x = i * (2 * BAR_WIDTH + GAP) + 30
        offered_h = round(CHART_HEIGHT * v["offered"] / top)
        answered_h = round(CHART_HEIGHT * v["answered"] / top)
        bars.append(
            {
                "key": key,
                "x": x,
                "x2": x + BAR_WIDTH,
                "label_x": x + BAR_WIDTH,
                "offered": v["offered"],
                "answered": v["answered"],
                "offered_y": CHART_HEIGHT - offered_h + 10,
                "offered_h": offered_h,
                "answered_y": CHART_HEIGHT - answered_h + 10,
                "answered_h": answered_h,
            }
        )
    return bars


@require_perm("callcenter_manage")
def calls_dashboard(request: HttpRequest) -> HttpResponse:
    contract = active_contract()
    try:
        day = dt.date.fromisoformat(request.GET.get("day", ""))
        error = ""
        if not 2000 <= day.year <= 2100:
            day, error = clock.today(), "対象日は2000年〜2100年の日付で指定してください"
    except ValueError:
        day = clock.today()
        error = "対象日は YYYY-MM-DD 形式で指定してください" if request.GET.get("day") else ""
    calls = calls_of_day(contract=contract, day=day)
    bars = _bars(calls["intervals"]) if calls else []
    width = (bars[-1]["x"] + 2 * BAR_WIDTH + GAP) if bars else 100
    return render(
        request,
        "callcenter/calls_dashboard.html",
        {
            "day": day,
            "calls": calls,
            "bars": bars,
            "chart_width": width,
            "chart_height": CHART_HEIGHT + 40,
            "axis_y": CHART_HEIGHT + 10,
            "label_y": CHART_HEIGHT + 28,
            "error": error,
        },
        status=422 if error else 200,
    )
