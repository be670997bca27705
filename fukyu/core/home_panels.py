"""Home-page panels: an app adds one by defining `panel(*, request, contract, today)` in its
`home.py`, returning a dict (or None to show nothing); its `<app>/_home.html` renders
`panels.<app label>`. Discovered once, like Django's admin modules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import cache
from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.http import HttpRequest

from fukyu.core.models import Contract

Panel = Callable[..., dict[str, Any] | None]


@cache
def discovered() -> tuple[tuple[str, Panel], ...]:
    found = []
    for config in apps.get_app_configs():
        name = f"{config.name}.home"
        if config.name.startswith("fukyu.") and find_spec(name) is not None:
            found.append((config.label, import_module(name).panel))
    return tuple(found)


def build(*, request: HttpRequest, contract: Contract, today: dt.date) -> dict[str, Any]:
    panels = {}
    for label, panel in discovered():
        data = panel(request=request, contract=contract, today=today)
        if data is not None:
            panels[label] = data
    return panels
