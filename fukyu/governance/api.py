"""The governance API router, mounted at /api/v1/ by config/api.py."""

from ninja import Router

router = Router(tags=["計画・名簿・打合せ"])
