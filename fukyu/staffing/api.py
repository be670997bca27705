"""The staffing API router, mounted at /api/v1/ by config/api.py."""

from ninja import Router

router = Router(tags=["人員計画"])
