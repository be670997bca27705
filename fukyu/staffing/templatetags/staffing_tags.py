from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def pct(value: float | None, digits: int = 1) -> str:
    """0.8123 -> '81.2%'; empty for None."""
    if value is None:
        return ""
    return f"{float(value) * 100:.{int(digits)}f}%"


@register.filter
def signed(value: float | None, digits: int = 0) -> str:
    """+12 / -3 with a sign; empty for None."""
    if value is None:
        return ""
    return f"{float(value):+,.{int(digits)}f}"
