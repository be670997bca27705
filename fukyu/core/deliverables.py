"""The contract's reference data as deliverable datasets."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from fukyu.core.exports import DeliverableFile, csv_bytes
from fukyu.core.models import Contract
from fukyu.core.selectors import category_list, mini_app_list, municipality_list

FOLDER = "05_データ/基本情報"


def files(*, contract: Contract, as_of: dt.date) -> Iterator[DeliverableFile]:
    yield DeliverableFile(
        f"{FOLDER}/市町村一覧.csv",
        csv_bytes(
            ["団体コード", "市町村名", "よみ", "圏域コード", "圏域"],
            (
                [m.code, m.name, m.kana, m.region.code, m.region.name]
                for m in municipality_list(contract=contract)
            ),
        ),
        "対象地域の市町村と圏域",
    )
    yield DeliverableFile(
        f"{FOLDER}/ミニアプリ一覧.csv",
        csv_bytes(
            ["コード", "名称", "提供開始日", "有効"],
            (
                [a.code, a.name, a.available_from or "", "有効" if a.is_active else "無効"]
                for a in mini_app_list(contract=contract)
            ),
        ),
        "対象ミニアプリ（年度途中の追加を含む）",
    )
    yield DeliverableFile(
        f"{FOLDER}/問い合わせ類型.csv",
        csv_bytes(
            ["コード", "名称", "有効"],
            (
                [c.code, c.name, "有効" if c.is_active else "無効"]
                for c in category_list(contract=contract)
            ),
        ),
        "県が指定する問い合わせの類型",
    )
