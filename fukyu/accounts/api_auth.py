"""API authentication: `Authorization: Bearer <token>`, or the signed-in, verified session."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import APIKeyCookie, HttpBearer

from fukyu.accounts.permissions import two_factor_ok
from fukyu.accounts.services import api_token_authenticate


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        return api_token_authenticate(token)


class VerifiedSession(APIKeyCookie):
    """The staff site's own session (CSRF-checked), for pages that call the API."""

    param_name = "sessionid"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = request.user
        if user.is_authenticated and user.is_active and two_factor_ok(request):
            return user
        return None


API_AUTH = [BearerToken(), VerifiedSession()]
