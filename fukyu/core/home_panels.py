"""Home-page panels: an app adds one by defining `panel(*, request, contract, today)` in its
`home.py`, returning a dict (or None to show nothing); its `<app>/_home.html` renders
`panels.<app label>`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest

from fukyu.core.discovery import app_hooks
from fukyu.core.models import Contract


def build(*, request: HttpRequest, contract: Contract, today: dt.date) -> dict[str, Any]:
    panels = {}
    for label, panel in app_hooks("home", "panel"):
        data = panel(request=request, contract=contract, today=today)
        if data is not None:
            panels[label] = data
    return panels
