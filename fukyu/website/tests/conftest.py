"""Every website test builds into its own temporary folder, never into var/site."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings

from fukyu.website.services import site_rebuild

SITE_URL = "https://digital-id.example.jp"


@pytest.fixture(autouse=True)
def site_dir(tmp_path: Path) -> Iterator[Path]:
    out = tmp_path / "site"
    with override_settings(FUKYU_SITE_DIR=str(out), FUKYU_SITE_URL=SITE_URL):
        yield out


@pytest.fixture
def built(contract: Any, site_dir: Path) -> Path:
    """The site built from the default contract (no events, FAQs or edits)."""
    site_rebuild(reason="テスト", contract=contract)
    return site_dir
