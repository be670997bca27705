"""The personal-information manager and handlers (第3), read from the governance staff roster
through `fukyu.governance.selectors.pi_staff_list(*, contract)`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fukyu.core.models import Contract

_pi_staff_list: Callable[..., Any] | None
try:
    from fukyu.governance.selectors import pi_staff_list as _pi_staff_list
except ImportError:  # the roster's selector is not there yet: the register shows nobody
    _pi_staff_list = None


@dataclass(frozen=True)
class PiStaff:
    key: str  # stable across roster changes: "roster:<member id>"
    name: str
    organisation: str
    role_title: str
    is_manager: bool
    user_id: int | None

    @property
    def pi_role(self) -> str:
        return "個人情報管理責任者" if self.is_manager else "業務従事者"


def roster_available() -> bool:
    return _pi_staff_list is not None


def pi_staff(*, contract: Contract) -> list[PiStaff]:
    if _pi_staff_list is None:
        return []
    people = [
        PiStaff(
            key=f"roster:{member.pk}",
            name=str(getattr(member, "name", member)),
            organisation=str(getattr(member, "organisation", "")),
            role_title=str(getattr(member, "role_title", "")),
            is_manager=bool(getattr(member, "is_pi_manager", False)),
            user_id=getattr(member, "user_id", None),
        )
        for member in _pi_staff_list(contract=contract)
    ]
    return sorted(people, key=lambda p: (not p.is_manager, p.name))


def pi_manager_name(*, contract: Contract) -> str:
    return next((p.name for p in pi_staff(contract=contract) if p.is_manager), "")
