"""The staffing pages: plan and charts, settings, peak days, XLSX export, simulation."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client, override_settings
from openpyxl import load_workbook

from fukyu.accounts.models import User
from fukyu.audit.models import AuditEvent
from fukyu.core.models import Contract
from fukyu.staffing.models import PeakDay, StaffingSettings
from fukyu.staffing.plan import DEFAULT_INTRADAY_CURVE
from fukyu.staffing.planning import contract_plan
from fukyu.staffing.services import staffing_settings_ensure

Login = Callable[[User], Client]
MakeUser = Callable[..., User]


def settings_post(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "aht_seconds": "360",
        "service_level_percent": "80",
        "service_level_seconds": "20",
        "shrinkage_percent": "30",
        "max_occupancy_percent": "85",
        "patience_seconds": "120",
        "blocking_percent": "1",
    }
    data.update(
        {f"dow_{i}": w for i, w in enumerate(["1.25", "1.1", "1", "1", "1", "0.75", "0.65"])}
    )
    data.update({f"curve_{i}": str(w) for i, w in enumerate(DEFAULT_INTRADAY_CURVE)})
    data.update(overrides)
    return data


@override_settings(FUKYU_TODAY="2024-11-04")
def test_plan_page_shows_charts_and_the_next_open_day(
    contract: Contract,
    make_user: MakeUser,
    login: Login,
    django_assert_max_num_queries: Any,
) -> None:
    client = login(make_user("supervisor"))
    staffing_settings_ensure(contract=contract)
    PeakDay.objects.create(contract=contract, date=dt.date(2024, 11, 5), multiplier=2, note="x")
    with django_assert_max_num_queries(14):
        response = client.get("/ops/staffing/")
    assert response.status_code == 200
    body = response.content.decode()
    # 11-04 is a substitute holiday: the page shows the next open day.
    assert "令和6年11月5日（火）の30分ごとの計画" in body
    assert body.count("<svg") == 3
    assert "開設日ごとのピーク必要人数" in body and "必要な電話回線数" in body
    assert "<script" not in body and 'style="' not in body
    plan = contract_plan(contract=contract).plan
    nov = plan.months[0]
    assert f'<td class="n">{nov.peak_headcount}</td>' in body
    assert "Excel（XLSX）で出力" in body


def test_plan_page_day_choice_and_bad_dates(
    contract: Contract, make_user: MakeUser, login: Login
) -> None:
    client = login(make_user("manager"))
    body = client.get("/ops/staffing/", {"date": "2025-01-15"}).content.decode()
    assert "令和7年1月15日（水）の30分ごとの計画" in body
    ivs = contract_plan(contract=contract).intervals_by_date[dt.date(2025, 1, 15)]
    assert f"<title>9:00 席数：{ivs[0].agents}</title>" in body
    assert f"<title>10:30 必要人数：{ivs[3].headcount}</title>" in body
    closed = client.get("/ops/staffing/", {"date": "2025-01-01"}).content.decode()
    assert "2025-01-01 はこの表示の対象日ではありません" in closed
    assert "令和7年1月4日（土）の30分ごとの計画" in closed
    junk = client.get("/ops/staffing/", {"date": "2025-13-45"})
    assert junk.status_code == 200
    assert "YYYY-MM-DD" in junk.content.decode()


def test_supervisor_edits_settings_with_audit(
    contract: Contract, make_user: MakeUser, login: Login
) -> None:
    client = login(make_user("supervisor"))
    assert client.get("/ops/staffing/settings/").status_code == 200
    curve = list(DEFAULT_INTRADAY_CURVE)
    curve[0] = 9.0
    data = settings_post(aht_seconds="420", **{"curve_0": "9"})
    response = client.post("/ops/staffing/settings/", data)
    assert response.status_code == 302
    stored = StaffingSettings.objects.get(contract=contract)
    assert stored.aht_seconds == 420
    assert stored.intraday_curve == curve
    event = AuditEvent.objects.get(action="staffing_settings.update")
    assert event.changes["aht_seconds"] == [360, 420]
    assert event.changes["intraday_curve"][1][0] == 9.0
    assert event.actor is not None and event.actor.role == "supervisor"
    # The plan follows at once.
    assert contract_plan(contract=contract).inputs.aht_seconds == 420.0


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("shrinkage_percent", "95", "90"),
        ("service_level_percent", "100", "99.9"),
        ("curve_3", "-1", "0"),
        ("aht_seconds", "abc", "整数"),
    ],
)
def test_settings_refuse_bad_values(
    field: str, value: str, message: str, contract: Contract, make_user: MakeUser, login: Login
) -> None:
    staffing_settings_ensure(contract=contract)
    client = login(make_user("manager"))
    response = client.post("/ops/staffing/settings/", settings_post(**{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert StaffingSettings.objects.get(contract=contract).aht_seconds == 360
    assert not AuditEvent.objects.filter(action="staffing_settings.update").exists()


def test_all_zero_curve_is_refused(contract: Contract, make_user: MakeUser, login: Login) -> None:
    client = login(make_user("manager"))
    zeros = {f"curve_{i}": "0" for i in range(len(DEFAULT_INTRADAY_CURVE))}
    response = client.post("/ops/staffing/settings/", settings_post(**zeros))
    assert response.status_code == 200
    assert "少なくとも1つは0より大きく" in response.content.decode()


def test_defaults_link_refills_the_curve(
    contract: Contract, make_user: MakeUser, login: Login
) -> None:
    settings = staffing_settings_ensure(contract=contract)
    settings.intraday_curve = [1.0] * len(DEFAULT_INTRADAY_CURVE)
    settings.save()
    body = login(make_user("manager")).get("/ops/staffing/settings/?defaults=1").content.decode()
    assert 'name="curve_0" value="4.5"' in body
    assert "既定値を入力しました" in body
    assert "Gans, Koole &amp; Mandelbaum" in body


def test_peak_days_create_edit_delete_with_audit(
    contract: Contract, make_user: MakeUser, login: Login
) -> None:
    client = login(make_user("supervisor"))
    response = client.post(
        "/ops/staffing/peaks/new/",
        {"date": "2024-11-19", "multiplier": "2", "note": "テレビ番組での紹介の翌日"},
    )
    assert response.status_code == 302
    peak = PeakDay.objects.get(contract=contract)
    assert AuditEvent.objects.filter(action="peak_day.create", object_id=str(peak.pk)).exists()
    days = {d.date: d for d in contract_plan(contract=contract).plan.days}
    assert (
        days[dt.date(2024, 11, 19)].forecast_calls
        > 1.9 * days[dt.date(2024, 11, 26)].forecast_calls
    )
    response = client.post(
        f"/ops/staffing/peaks/{peak.pk}/",
        {"date": "2024-11-19", "multiplier": "1.5", "note": "テレビ番組での紹介の翌日"},
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="peak_day.update")
    assert event.changes == {"multiplier": [2.0, 1.5]}
    assert "×1.5" in client.get("/ops/staffing/settings/").content.decode()
    assert client.get(f"/ops/staffing/peaks/{peak.pk}/delete/").status_code == 405
    assert client.post(f"/ops/staffing/peaks/{peak.pk}/delete/").status_code == 302
    assert not PeakDay.objects.exists()
    assert AuditEvent.objects.filter(action="peak_day.delete").exists()


def test_peak_day_on_a_closed_or_taken_date_is_refused(
    contract: Contract, make_user: MakeUser, login: Login
) -> None:
    client = login(make_user("manager"))
    closed = client.post(
        "/ops/staffing/peaks/new/", {"date": "2025-01-01", "multiplier": "2", "note": "元日"}
    )
    assert closed.status_code == 200
    assert "開設日ではありません（年末年始）" in closed.content.decode()
    PeakDay.objects.create(
        contract=contract, date=dt.date(2024, 12, 2), multiplier=1.2, note="既存"
    )
    taken = client.post(
        "/ops/staffing/peaks/new/", {"date": "2024-12-02", "multiplier": "2", "note": "重複"}
    )
    assert taken.status_code == 200
    assert "すでに登録されています" in taken.content.decode()
    assert PeakDay.objects.count() == 1


def test_xlsx_export_matches_the_plan(
    contract: Contract, make_user: MakeUser, login: Login
) -> None:
    PeakDay.objects.create(
        contract=contract, date=dt.date(2024, 12, 3), multiplier=1.8, note="新聞掲載"
    )
    response = login(make_user("supervisor")).get("/ops/staffing/export.xlsx")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    wb = load_workbook(io.BytesIO(response.content))
    plan = contract_plan(contract=contract)
    assert wb.sheetnames == [
        "概要",
        "2024年11月",
        "2024年12月",
        "2025年1月",
        "2025年2月",
        "2025年3月",
    ]
    summary = wb["概要"]
    assert summary.page_setup.orientation == "landscape"
    assert str(summary.page_setup.paperSize) == "9"  # A4
    rows = {
        r[0]: r
        for r in summary.iter_rows(values_only=True)
        if isinstance(r[0], str) and "年" in r[0]
    }
    for m in plan.plan.months:
        year, mon = m.month.split("-")
        row = rows[f"{int(year)}年{int(mon)}月"]
        assert row[1:7] == (
            m.forecast_calls,
            m.open_days,
            m.peak_agents,
            m.peak_headcount,
            m.peak_lines,
            m.agent_hours,
        )
    dec = wb["2024年12月"]
    assert dec.page_setup.orientation == "landscape"
    assert dec.print_title_rows == "$4:$4"
    header = [c.value for c in dec[4]]
    assert header[:4] == ["日付", "曜日", "想定件数", "9:00"]
    by_date = plan.intervals_by_date
    seen = 0
    for row in dec.iter_rows(min_row=5, values_only=True):
        if not isinstance(row[0], dt.datetime):
            break
        day = row[0].date()
        assert [iv.agents for iv in by_date[day]] == list(row[3 : 3 + 17])
        assert row[3 + 17] == max(iv.agents for iv in by_date[day])
        seen += 1
    assert seen == plan.plan.months[1].open_days
    assert dt.datetime(2024, 12, 29) not in [r[0] for r in dec.iter_rows(values_only=True)]
    headcount_title = next(
        r
        for r in dec.iter_rows(min_row=5)
        if isinstance(r[0].value, str) and "必要人数" in r[0].value
    )
    first_hc = dec.cell(row=headcount_title[0].row + 2, column=4).value
    assert first_hc == by_date[dt.date(2024, 12, 1)][0].headcount


@override_settings(FUKYU_TODAY="2024-12-02")
def test_simulation_page_compares_erlang_and_simulation(
    contract: Contract, make_user: MakeUser, login: Login
) -> None:
    client = login(make_user("manager"))
    default = client.get("/ops/staffing/simulate/")
    assert default.status_code == 200
    body = default.content.decode()
    assert "令和6年12月2日（月）の結果" in body
    assert "アーランC（計画の前提）" in body and "シミュレーション（平均" in body
    assert body.count("<svg") == 1
    same = client.get(
        "/ops/staffing/simulate/",
        {
            "date": "2024-12-02",
            "handle_time": "lognormal",
            "cv": "1",
            "patience": "settings",
            "replications": "5",
            "seed": "1",
        },
    ).content.decode()
    assert same.split("</p>\n<table")[1] == body.split("</p>\n<table")[1]
    expo = client.get(
        "/ops/staffing/simulate/",
        {
            "date": "2024-12-02",
            "handle_time": "exponential",
            "patience": "none",
            "replications": "2",
        },
    ).content.decode()
    assert "処理時間：指数分布、放棄：なし、繰り返し 2回" in expo


def test_simulation_page_bad_input(contract: Contract, make_user: MakeUser, login: Login) -> None:
    client = login(make_user("supervisor"))
    closed = client.get("/ops/staffing/simulate/", {"date": "2024-11-04"}).content.decode()
    assert "開設日ではありません" in closed and '<h2 id="h-result">' not in closed
    bad = client.get(
        "/ops/staffing/simulate/", {"date": "2024-11-05", "cv": "9", "replications": "99"}
    )
    assert bad.status_code == 200
    text = bad.content.decode()
    assert "3.0 以下" in text or "3 以下" in text
    assert '<h2 id="h-result">' not in text
