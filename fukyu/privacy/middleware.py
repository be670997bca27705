"""Security headers and idle-session expiry.

- Content-Security-Policy without 'unsafe-inline' on every page (scripts and styles come from
  static files only); the API's interactive docs alone may use inline styles (Swagger UI).
- Permissions-Policy switches off browser features the system never uses.
- A signed-in session ends after FUKYU_SESSION_IDLE_SECONDS without a request (on top of
  SESSION_COOKIE_AGE, the absolute limit, and expiry when the browser closes).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "font-src 'self'; connect-src 'self'; worker-src 'self'; manifest-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
DOCS_CSP = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
LAST_SEEN = "_fukyu_last_seen"


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        self._expire_idle(request)
        response = self.get_response(request)
        docs = request.path.startswith(getattr(settings, "FUKYU_API_DOCS_PREFIX", "/api/v1/docs"))
        response.headers.setdefault("Content-Security-Policy", DOCS_CSP if docs else CSP)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response

    @staticmethod
    def _expire_idle(request: HttpRequest) -> None:
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            # No session to expire (API clients with a token, most public-site visitors);
            # returning here also spares them loading an anonymous user.
            return
        user = getattr(request, "user", None)
        session = getattr(request, "session", None)
        if user is None or session is None or not user.is_authenticated:
            return
        idle = int(getattr(settings, "FUKYU_SESSION_IDLE_SECONDS", 0) or 0)
        now = int(time.time())
        last = session.get(LAST_SEEN)
        if idle and isinstance(last, int) and now - last > idle:
            logout(request)
            return
        if not isinstance(last, int) or now - last >= 60:  # write the session at most once a minute
            session[LAST_SEEN] = now
