"""Test data for the callcenter app (synthetic)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fukyu.callcenter import services
from fukyu.callcenter.models import FaqEntry, Inquiry
from fukyu.core.calendar import TOKYO
from fukyu.core.models import Contract, InquiryCategory, MiniApp, Municipality

# A Tuesday inside the center's period, during opening hours.
OPEN_MOMENT = dt.datetime(2024, 11, 5, 10, 30, tzinfo=TOKYO)


def category(contract: Contract, code: str = "registration") -> InquiryCategory:
    return InquiryCategory.objects.get(contract=contract, code=code)


def mini_app(contract: Contract, code: str = "nuclear_evacuation") -> MiniApp:
    return MiniApp.objects.get(contract=contract, code=code)


def municipality(contract: Contract, code: str = "042021") -> Municipality:
    return Municipality.objects.get(contract=contract, code=code)


def make_inquiry(contract: Contract, actor: Any, **extra: Any) -> Inquiry:
    values: dict[str, Any] = {
        "category": category(contract),
        "summary": "マイナンバーカードの読み取りがうまくいかない",
        "answer": "カードをスマートフォンの背面に密着させ、5秒ほど動かさないよう案内",
        "outcome": "resolved",
        "received_at": OPEN_MOMENT,
    }
    values.update(extra)
    inquiry, _ = services.inquiry_create(actor=actor, contract=contract, **values)
    return inquiry


def make_faq(contract: Contract, actor: Any = None, **extra: Any) -> FaqEntry:
    values: dict[str, Any] = {
        "question": "暗証番号を忘れてしまいました",
        "answer": "お住まいの市区町村の窓口で暗証番号の再設定ができます。",
        "category": category(contract, "mynumber_card"),
        "keywords": "パスワード PIN",
        "is_public": True,
    }
    values.update(extra)
    return services.faq_create(actor=actor, contract=contract, **values)
