"""Retention rules per personal-data kind, read from the contract's configuration.

The contract TOML may carry a section
    [privacy.retention]
    default = 90   # days, for kinds without a rule of their own
    caller = 90    # days after the inquiry
    contact = 365
which reaches the stored configuration as `config["privacy"]["retention"]` (or as a flattened
`config["privacy_retention"]`). Until it does, the defaults below apply.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import models

from fukyu.core.calendar import TOKYO
from fukyu.core.models import Contract
from fukyu.privacy.registry import PersonalDataKind

DEFAULT_RETENTION_DAYS: Mapping[str, int] = {
    "default": 90,
    "caller": 90,
    "call_record": 90,
    "contact": 365,
}


class RetentionConfigError(ValueError):
    pass


def _section(contract: Contract) -> Mapping[str, Any]:
    config = contract.config if isinstance(contract.config, dict) else {}
    privacy = config.get("privacy", {})
    section = privacy.get("retention") if isinstance(privacy, dict) else None
    if section is None:
        section = config.get("privacy_retention", {})
    if not isinstance(section, dict):
        raise RetentionConfigError(
            "[privacy.retention] は「種類コード = 日数」の表で指定してください"
        )
    return section


def retention_rules(contract: Contract) -> dict[str, int]:
    rules = dict(DEFAULT_RETENTION_DAYS)
    for code, days in _section(contract).items():
        if isinstance(days, bool) or not isinstance(days, int) or days < 0:
            raise RetentionConfigError(
                f"[privacy.retention] {code} は0以上の整数（日数）で指定してください"
            )
        rules[str(code)] = days
    return rules


def retention_days(contract: Contract, code: str) -> int:
    rules = retention_rules(contract)
    return rules.get(code, rules["default"])


def expired_filter(kind: PersonalDataKind, *, days: int, today: dt.date) -> dict[str, Any]:
    """Lookup kwargs selecting the rows of `kind` whose retention has run out by `today`."""
    cutoff = today - dt.timedelta(days=days)
    field = kind.model._meta.get_field(kind.date_field)
    if isinstance(field, models.DateTimeField):
        start = dt.datetime.combine(cutoff, dt.time.min, tzinfo=TOKYO)
        return {f"{kind.date_field}__lt": start}
    return {f"{kind.date_field}__lt": cutoff}
