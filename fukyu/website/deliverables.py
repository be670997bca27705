"""Website datasets for the deliverables package: page views per month and per page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from fukyu.core.exports import DeliverableFile
from fukyu.core.models import Contract
from fukyu.reports.files import Dataset, dataset_files
from fukyu.website.selectors import page_views_by_month, page_views_by_page

FOLDER = "05_データ/WEBサイト"


def files(*, contract: Contract, as_of: dt.date) -> Iterator[DeliverableFile]:
    monthly = Dataset("閲覧数_月別", "WEBサイトの月別閲覧数", ["月", "閲覧数"])
    monthly.rows = [
        [f"{m.month:%Y-%m}", m.views] for m in page_views_by_month(contract=contract, end=as_of)
    ]
    yield from dataset_files(FOLDER, monthly, as_of)
    pages = Dataset("閲覧数_ページ別", "WEBサイトのページ別閲覧数", ["パス", "ページ名", "閲覧数"])
    pages.rows = [
        [p.path, p.title, p.views] for p in page_views_by_page(contract=contract, end=as_of)
    ]
    yield from dataset_files(FOLDER, pages, as_of)
