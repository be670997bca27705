"""Loading contracts: idempotent, atomic, every refusal named; another year is configuration."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from fukyu.audit.models import AuditEvent
from fukyu.core.contract_config import ContractConfigError, municipality_code_valid, parse_contract
from fukyu.core.models import Contract, InquiryCategory, MiniApp, Municipality, Region
from fukyu.core.selectors import active_contract
from fukyu.core.services import contract_load

DEFAULT_TEXT = Path(settings.FUKYU_DEFAULT_CONTRACT).read_text(encoding="utf-8")


def next_year_text() -> str:
    """The same contract one fiscal year later (令和7年度), with a changed forecast."""
    text = DEFAULT_TEXT.replace('code = "miyagi-r6"', 'code = "miyagi-r7"')
    text = text.replace("fiscal_year = 2024", "fiscal_year = 2025")
    text = text.replace('inquiry_number_prefix = "R6"', 'inquiry_number_prefix = "R7"')
    text = re.sub(r'"2025-(\d\d)-(\d\d)"', r'"2026-\1-\2"', text)
    text = re.sub(r'"2024-(\d\d)-(\d\d)"', r'"2025-\1-\2"', text)
    text = re.sub(r'"2025-(\d\d)" = ', r'"2026-\1" = ', text)
    text = re.sub(r'"2024-(\d\d)" = ', r'"2025-\1" = ', text)
    text = text.replace('"2025-11" = 8000', '"2025-11" = 6000')
    text = text.replace("令和6年度", "令和7年度")
    return text


def write(tmp_path: Path, text: str, name: str = "contract.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_default_contract_loads_everything(contract: Contract) -> None:
    cfg = contract.settings
    assert contract.is_active
    assert contract.name == "令和6年度デジタル身分証アプリ普及キャンペーン業務"
    assert cfg.ends_on == dt.date(2025, 3, 31)
    assert (cfg.center_starts_on, cfg.center_ends_on) == (
        dt.date(2024, 11, 1),
        dt.date(2025, 3, 28),
    )
    assert (cfg.center_opens_at, cfg.center_closes_at) == (dt.time(9), dt.time(17, 30))
    assert (cfg.client_opens_at, cfg.client_closes_at) == (dt.time(9), dt.time(17))
    assert list(cfg.forecast.values()) == [8000, 12000, 12000, 5000, 3000]
    assert cfg.campaign_target_people == 1000
    assert cfg.website_opens_on == dt.date(2024, 10, 1)
    assert cfg.deliverables_due_on == dt.date(2025, 3, 31)
    assert set(contract.regions.values_list("code", flat=True)) == {
        "senan",
        "sendai",
        "osaki",
        "kurihara",
        "tome",
        "ishinomaki",
        "kesennuma_motoyoshi",
    }
    assert contract.municipalities.count() == 35
    assert Municipality.objects.get(code="042021").region.code == "ishinomaki"
    assert contract.mini_apps.count() == 3
    assert MiniApp.objects.get(code="nuclear_evacuation").target_municipalities.count() == 7
    assert contract.categories.count() >= 10
    assert all(municipality_code_valid(m.code) for m in contract.municipalities.all())


def test_reload_updates_and_never_duplicates(contract: Contract, tmp_path: Path) -> None:
    counts = (Region.objects.count(), Municipality.objects.count(), MiniApp.objects.count())
    InquiryCategory.objects.create(contract=contract, code="added_in_ui", name="画面で追加")
    changed = DEFAULT_TEXT.replace('name = "その他"', 'name = "その他の問い合わせ"')
    contract_load(path=write(tmp_path, changed))
    assert (Region.objects.count(), Municipality.objects.count(), MiniApp.objects.count()) == counts
    assert Contract.objects.count() == 1
    assert InquiryCategory.objects.get(code="other").name == "その他の問い合わせ"
    assert InquiryCategory.objects.filter(code="added_in_ui").exists()
    assert AuditEvent.objects.filter(action="contract.reload").count() == 1


def test_another_year_is_configuration(contract: Contract, tmp_path: Path) -> None:
    r7 = contract_load(path=write(tmp_path, next_year_text()))
    assert active_contract() == r7
    contract.refresh_from_db()
    assert not contract.is_active
    # The earlier contract's records stay readable.
    assert contract.municipalities.count() == 35
    cal = r7.calendar
    start, end = r7.settings.center_starts_on, r7.settings.center_ends_on
    assert (start, end) == (dt.date(2025, 11, 1), dt.date(2026, 3, 28))
    assert r7.settings.forecast_for(2025, 11) == 6000
    # Closed: 2025-11-03 文化の日, 11-23 勤労感謝の日 (Sun), 11-24 振替休日, 2026-01-12 成人の日,
    # 02-11, 02-23 天皇誕生日 (Mon), 03-20 春分の日 (7 holidays) and 6 year-end days, of 148.
    assert len(cal.center_open_days(start, end)) == 148 - 7 - 6
    assert cal.day(dt.date(2025, 11, 24)).closed_reason == "holiday"
    assert cal.report_due(dt.date(2025, 12, 26)) == cal.at(dt.date(2026, 1, 5), dt.time(9))


def refusal(tmp_path: Path, text: str) -> ContractConfigError:
    with pytest.raises(ContractConfigError) as info:
        contract_load(path=write(tmp_path, text, "bad.toml"))
    assert str(tmp_path / "bad.toml") in str(info.value)
    return info.value


@pytest.mark.parametrize(
    ("mutate", "key", "problem"),
    [
        (
            lambda t: t.replace('region = "tome"', 'region = "atlantis"'),
            "municipalities[9].region",
            "未定義の圏域",
        ),
        (
            lambda t: t.replace('code = "survey"', 'code = "nuclear_evacuation"'),
            "mini_apps[2].code",
            "重複",
        ),
        (
            lambda t: t.replace('code = "other"', 'code = "install"'),
            "inquiry_categories[11].code",
            "重複",
        ),
        (
            lambda t: t.replace('code = "042030"', 'code = "042021"'),
            "municipalities[2].code",
            "重複",
        ),
        (
            lambda t: t.replace('ends_on = "2025-03-28"', 'ends_on = "2024-10-28"'),
            "call_center.ends_on",
            "より前",
        ),
        (
            lambda t: t.replace('code = "041009"', 'code = "041000"'),
            "municipalities[0].code",
            "検査数字",
        ),
        (lambda t: t.replace('client = "宮城県"\n', ""), "contract.client", "必須"),
        (
            lambda t: t.replace('opens_at = "09:00"', 'opens_at = "9時"', 1),
            "call_center.opens_at",
            "HH:MM",
        ),
        (
            lambda t: t.replace('"2024-11" = 8000', '"2024-11" = -5'),
            "call_center.forecast.2024-11",
            "0以上",
        ),
        (
            lambda t: t.replace('"2024-11" = 8000', '"2024-09" = 8000'),
            "call_center.forecast.2024-09",
            "期間外",
        ),
        (lambda t: t + "\n[[[broken", "(構文)", "TOML"),
    ],
)
def test_bad_configuration_is_refused_and_nothing_is_loaded(
    db: Any, tmp_path: Path, mutate: Any, key: str, problem: str
) -> None:
    error = refusal(tmp_path, mutate(DEFAULT_TEXT))
    assert error.key == key
    assert problem in error.problem
    assert Contract.objects.count() == 0
    assert Municipality.objects.count() == 0


def test_failed_reload_leaves_the_loaded_contract_untouched(
    contract: Contract, tmp_path: Path
) -> None:
    bad = DEFAULT_TEXT.replace('name = "その他"', 'name = "変更"').replace(
        'region = "tome"', 'region = "nowhere"'
    )
    refusal(tmp_path, bad)
    assert InquiryCategory.objects.get(code="other").name == "その他"
    assert active_contract() == contract


def test_parse_contract_without_database() -> None:
    cfg = parse_contract(DEFAULT_TEXT)
    assert cfg.forecast_for(2024, 12) == 12000
    assert cfg.forecast_for(2025, 4) == 0
    assert type(cfg).from_json(cfg.to_json()) == cfg


def test_load_contract_command(db: Any, tmp_path: Path, capsys: Any) -> None:
    call_command("load_contract")
    assert "市町村 35" in capsys.readouterr().out
    with pytest.raises(CommandError, match="未定義の圏域"):
        call_command(
            "load_contract",
            str(write(tmp_path, DEFAULT_TEXT.replace('region = "tome"', 'region = "x"'))),
        )
