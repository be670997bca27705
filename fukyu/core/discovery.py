"""Per-app hooks, discovered once like Django's admin modules: a module `fukyu.<app>.<name>`
that defines `attr` contributes to a shared feature (home panels, deliverables …)."""

from __future__ import annotations

from functools import cache
from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps


@cache
def app_hooks(module: str, attr: str) -> tuple[tuple[str, Any], ...]:
    """(app label, the hook) for every fukyu app whose `<module>` module defines `attr`."""
    found = []
    for config in apps.get_app_configs():
        name = f"{config.name}.{module}"
        if config.name.startswith("fukyu.") and find_spec(name) is not None:
            hook = getattr(import_module(name), attr, None)
            if hook is not None:
                found.append((config.label, hook))
    return tuple(found)
