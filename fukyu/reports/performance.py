"""The performance report (実績報告書), generated from the data of every app."""

from __future__ import annotations

import datetime as dt

from fukyu.core.models import Contract
from fukyu.core.wareki import wareki
from fukyu.reports.perf_callcenter import call_center_section
from fukyu.reports.perf_model import Report
from fukyu.reports.perf_sections import (
    meetings_section,
    outreach_section,
    printing_section,
    privacy_section,
    website_section,
)

TITLE = "実績報告書"


def performance_report(*, contract: Contract, as_of: dt.date) -> Report:
    cfg = contract.settings
    return Report(
        title=TITLE,
        contract_name=cfg.name,
        client=cfg.client,
        contractor=cfg.contractor,
        period=f"{wareki(cfg.starts_on)}～{wareki(cfg.ends_on)}",
        as_of=as_of,
        sections=[
            call_center_section(contract),
            outreach_section(contract),
            website_section(contract, as_of),
            printing_section(contract),
            meetings_section(contract),
            privacy_section(contract),
        ],
    )
