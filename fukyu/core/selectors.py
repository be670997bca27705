"""Reads of the contract and its reference lists."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from fukyu.core.calendar import DayInfo
from fukyu.core.japanese import fold
from fukyu.core.models import Contract, InquiryCategory, MiniApp, Municipality, Region
from fukyu.core.wareki import wareki


class NoActiveContractError(LookupError):
    pass


def active_contract() -> Contract:
    contract = Contract.objects.filter(is_active=True).first()
    if contract is None:
        raise NoActiveContractError(
            "稼働中の契約がありません。manage.py load_contract で読み込んでください"
        )
    return contract


def region_list(*, contract: Contract) -> QuerySet[Region]:
    return Region.objects.filter(contract=contract)


def municipality_list(*, contract: Contract) -> QuerySet[Municipality]:
    return Municipality.objects.filter(contract=contract).select_related("region")


def mini_app_list(*, contract: Contract, active_only: bool = False) -> QuerySet[MiniApp]:
    qs = MiniApp.objects.filter(contract=contract)
    return qs.filter(is_active=True) if active_only else qs


def category_list(*, contract: Contract, active_only: bool = False) -> QuerySet[InquiryCategory]:
    qs = InquiryCategory.objects.filter(contract=contract)
    return qs.filter(is_active=True) if active_only else qs


def municipality_search(*, contract: Contract, query: str) -> list[Municipality]:
    """Type-ahead by name or reading: 「いしの」 and 「イシノ」 find 石巻市."""
    needle = fold(query.strip())
    items = list(municipality_list(contract=contract))
    if not needle:
        return items
    return [m for m in items if needle in fold(m.name) or fold(m.kana).startswith(needle)]


@dataclass(frozen=True)
class KeyDate:
    label: str
    date: dt.date
    days_from_today: int

    @property
    def wareki(self) -> str:
        return wareki(self.date)


def key_dates(*, contract: Contract, today: dt.date) -> list[KeyDate]:
    cfg = contract.settings
    items = [(m.name, m.due_on) for m in cfg.milestones] or [
        ("WEBサイト開設", cfg.website_opens_on),
        ("コールセンター開設", cfg.center_starts_on),
        ("コールセンター閉設", cfg.center_ends_on),
        ("普及キャンペーン開始", cfg.campaign_starts_on),
        ("普及キャンペーン終了", cfg.campaign_ends_on),
        ("成果品の提出期限", cfg.deliverables_due_on),
    ]
    return sorted(
        (KeyDate(label, day, (day - today).days) for label, day in items), key=lambda k: k.date
    )


def upcoming(*, contract: Contract, today: dt.date, limit: int = 3) -> list[KeyDate]:
    return [k for k in key_dates(contract=contract, today=today) if k.days_from_today >= 0][:limit]


def center_status(*, contract: Contract, day: dt.date) -> DayInfo:
    return contract.calendar.day(day)
