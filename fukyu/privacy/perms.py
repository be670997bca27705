"""Which permission stands for the client's own decisions on privacy matters (approving exports
and subcontracting, issuing instructions). roles.py has no privacy-specific one yet; until
"privacy_approve" exists there, the client-only "meeting_confirm" stands in for it."""

from __future__ import annotations

from typing import Any

from fukyu.accounts.permissions import has_perm
from fukyu.accounts.roles import PERMISSIONS

CLIENT_DECISION_PERM = "privacy_approve" if "privacy_approve" in PERMISSIONS else "meeting_confirm"


def may_decide(user: Any) -> bool:
    """The client (or the administrator) decides; the contractor's staff never do."""
    return has_perm(user, CLIENT_DECISION_PERM)
