"""Rows of the role matrix for the outreach app's routes (see tests/role_matrix.py).

A route answers several methods (GET and PATCH on one event); the row covers the method named
in it, and tests/test_*.py cover the others per role."""

from __future__ import annotations

import io
import uuid
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from fukyu.outreach.models import EventPhoto, TallyBatch, Tap, TapKind
from fukyu.outreach.tests.factories import EventFactory
from tests.role_matrix_types import Row

READ = ("outreach_read",)
MANAGE = ("outreach_manage",)

OPS_ROUTES: dict[str, Row] = {
    "ops/outreach/": (READ, None),
    "ops/outreach/dashboard/": (READ, None),
    "ops/outreach/events/": (READ, None),
    "ops/outreach/events/new/": (MANAGE, None),
    "ops/outreach/events/<int:pk>/": (READ, "outreach_event"),
    "ops/outreach/events/<int:pk>/edit/": (MANAGE, "outreach_event"),
    "ops/outreach/events/<int:pk>/status/": ("post_only", "outreach_event"),
    "ops/outreach/events/<int:pk>/checklist/": ("post_only", "outreach_event"),
    "ops/outreach/events/<int:pk>/materials/": (MANAGE, "outreach_event"),
    "ops/outreach/events/<int:pk>/photos/": ("post_only", "outreach_event"),
    "ops/outreach/events/<int:pk>/photos/<int:photo_pk>/": (READ, "outreach_photo"),
    "ops/outreach/events/<int:pk>/photos/<int:photo_pk>/delete/": ("post_only", "outreach_photo"),
    "ops/outreach/events/<int:pk>/report.pdf": (READ, "outreach_event"),
    "ops/outreach/events/<int:pk>/tally/": (MANAGE, "outreach_event"),
    "ops/outreach/tally-sw.js": ("public", None),
}
API_ROUTES: dict[str, Row] = {
    "api/v1/events": (READ, None),
    "api/v1/events/<int:event_id>": (READ, "outreach_api_event"),
    "api/v1/events/<int:event_id>/tally": (MANAGE, "outreach_api_tally", "POST"),
    "api/v1/events/<int:event_id>/tally/<uuidstr:tap_uuid>": (
        MANAGE,
        "outreach_api_void",
        "DELETE",
    ),
    "api/v1/outreach/kpi": (READ, None),
}


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 6), "white").save(out, format="PNG")
    return out.getvalue()


def make_objects(contract: Any, make_user: Any) -> dict[str, dict[str, Any]]:
    """Objects that parameterised routes need: key -> URL kwargs (and optional "query"/"data")."""
    event = EventFactory(contract=contract)
    # One shared file for every run, so that the matrix leaves nothing new behind in MEDIA_ROOT.
    name = "outreach/photos/role-matrix.png"
    if not default_storage.exists(name):
        name = default_storage.save(name, ContentFile(_png()))
    photo = EventPhoto.objects.create(
        event=event, image=name, uploaded_at=event.starts_at, width=8, height=6
    )
    batch = TallyBatch.objects.create(event=event, received_at=event.starts_at)
    tap = Tap.objects.create(
        event=event, batch=batch, uuid=uuid.uuid4(), kind=TapKind.INSTALLED, at=event.starts_at
    )
    return {
        "outreach_event": {"pk": event.pk},
        "outreach_photo": {"pk": event.pk, "photo_pk": photo.pk},
        "outreach_api_event": {"event_id": event.pk},
        "outreach_api_tally": {
            "event_id": event.pk,
            "data": {
                "taps": [
                    {"uuid": str(uuid.uuid4()), "kind": "installed", "at": "2024-12-07T10:00:00"}
                ]
            },
        },
        "outreach_api_void": {"event_id": event.pk, "tap_uuid": str(tap.uuid)},
    }
