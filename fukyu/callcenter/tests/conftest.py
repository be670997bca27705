from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.smtp import Inbox, smtp_server


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    yield from smtp_server()
