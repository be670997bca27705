"""The privacy API router, mounted at /api/v1/ by config/api.py: read-only views of the access
log and the incident list for the privacy officer and the client (nobody writes through it)."""

import datetime as dt
from typing import Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from fukyu.accounts.api_auth import API_AUTH
from fukyu.accounts.permissions import api_require
from fukyu.core.pagination import BoundedLimitOffset
from fukyu.core.selectors import active_contract
from fukyu.privacy.models import AccessLogEntry
from fukyu.privacy.selectors import access_log_list, incident_list

router = Router(tags=["個人情報"])
ActionName = Literal["reveal", "export", "return", "purge"]
StatusName = Literal["open", "closed"]


class AccessLogOut(Schema):
    at: dt.datetime
    actor: str = Field(alias="actor_label")
    action: str
    action_label: str
    object_type: str
    object_id: str
    fields: str
    reason: str
    row_count: int

    @staticmethod
    def resolve_action_label(obj: AccessLogEntry) -> str:
        return str(obj.get_action_display())


class IncidentOut(Schema):
    id: int
    title: str
    status: str
    people_affected: int
    records_affected: int
    location: str
    occurred_at: dt.datetime | None
    discovered_at: dt.datetime
    notified_at: dt.datetime | None


@router.get("/privacy/access-log", response=list[AccessLogOut], auth=API_AUTH)
@paginate(BoundedLimitOffset)
def access_log(
    request: HttpRequest,
    action: ActionName | None = None,
    actor: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[AccessLogEntry]:
    """The access log, newest first (read-only). Filters: action, actor, date range."""
    api_require(request, "privacy_read")
    return access_log_list(action=action or "", actor=actor, date_from=date_from, date_to=date_to)


@router.get("/privacy/incidents", response=list[IncidentOut], auth=API_AUTH)
def incidents(request: HttpRequest, status: StatusName | None = None) -> list[IncidentOut]:
    """Incidents of the active contract (第17), newest first."""
    api_require(request, "privacy_read")
    qs = incident_list(contract=active_contract())
    if status is not None:
        qs = qs.filter(status=status)
    return [
        IncidentOut(
            id=i.pk,
            title=i.title,
            status=i.status,
            people_affected=i.people_affected,
            records_affected=i.records_affected,
            location=i.location,
            occurred_at=i.occurred_at,
            discovered_at=i.discovered_at,
            notified_at=i.notified_at,
        )
        for i in qs
    ]
