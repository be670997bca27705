"""Limit/offset pagination for the API with both numbers bounded in the schema.

django-ninja's LimitOffsetPagination leaves `offset` (and, unless NINJA_PAGINATION_MAX_LIMIT is
set, `limit`) unbounded, so a client could send a number past the database's 64-bit integers
and get a 500 from the driver instead of a 422. Here both bounds are in the OpenAPI schema,
and a value outside them gets the Japanese validation message from config.api.
"""

from typing import Any

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

MAX_LIMIT = 500
# Far beyond any list here (a contract logs ~40,000 inquiries), far below 2**63.
MAX_OFFSET = 1_000_000_000


class BoundedLimitOffset(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(50, ge=1, le=MAX_LIMIT, description=f"1〜{MAX_LIMIT}件")
        offset: int = Field(0, ge=0, le=MAX_OFFSET)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=MAX_LIMIT, **kwargs)
