"""Rules shared by the publicity services."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from fukyu.accounts.permissions import has_perm


def is_client(user: Any) -> bool:
    """Whether `user` acts for the client (発注者): picks drafts, comments on and approves proofs,
    consents to paid placements. The one place that decides it. The system administrator holds
    every permission but does not speak for the client, so superusers are excluded."""
    return has_perm(user, "publicity_approve") and not getattr(user, "is_superuser", False)


def require_client(user: Any, action: str) -> None:
    if not is_client(user):
        raise ValidationError(f"{action}は発注者（県）の利用者だけが行えます")
