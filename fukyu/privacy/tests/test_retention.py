"""Retention rules come from the contract configuration, with defaults until it has them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from fukyu.privacy.registry import get
from fukyu.privacy.retention import (
    DEFAULT_RETENTION_DAYS,
    RetentionConfigError,
    expired_filter,
    retention_days,
    retention_rules,
)

pytestmark = pytest.mark.django_db


def test_defaults_then_the_contracts_section(contract: Any) -> None:
    assert retention_rules(contract) == dict(DEFAULT_RETENTION_DAYS)
    assert retention_days(contract, "unknown_kind") == DEFAULT_RETENTION_DAYS["default"]
    contract.config = {**contract.config, "privacy": {"retention": {"caller": 30, "default": 7}}}
    assert retention_days(contract, "caller") == 30
    assert retention_days(contract, "contact") == DEFAULT_RETENTION_DAYS["contact"]
    assert retention_days(contract, "unknown_kind") == 7
    contract.config = {**contract.config, "privacy": {"retention": {"caller": "90日"}}}
    with pytest.raises(RetentionConfigError, match="caller"):
        retention_rules(contract)


def test_cutoff_is_counted_from_the_kinds_date(contract: Any) -> None:
    kind = get("contact")
    assert kind is not None
    lookup = expired_filter(kind, days=365, today=dt.date(2025, 3, 31))
    assert lookup == {"recorded_on__lt": dt.date(2024, 3, 31)}
