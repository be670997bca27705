from __future__ import annotations

from django.db.models import QuerySet

from fukyu.audit.models import AuditEvent


def audit_event_list(
    *, action: str = "", object_type: str = "", object_id: str = "", actor: str = ""
) -> QuerySet[AuditEvent]:
    qs = AuditEvent.objects.select_related("actor")
    if action:
        qs = qs.filter(action__icontains=action)
    if object_type:
        qs = qs.filter(object_type=object_type)
    if object_id:
        qs = qs.filter(object_id=object_id)
    if actor:
        qs = qs.filter(actor_label__icontains=actor)
    return qs


def audit_history(*, object_type: str, object_id: str) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(object_type=object_type, object_id=object_id).order_by(
        "at", "id"
    )
