"""Errors services share across apps."""

from __future__ import annotations


class StateConflictError(Exception):
    """The object is in a state that refuses the change (screens show it as a message, the API
    answers 409)."""
