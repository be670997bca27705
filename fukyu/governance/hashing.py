"""The canonical content of a meeting record and its SHA-256, fixed when the client confirms.

Only what the parties agreed is hashed; the status of action items is follow-up tracking and
changes after confirmation, so it is left out.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from fukyu.core.calendar import TOKYO
from fukyu.governance.models import Meeting


def meeting_canonical(meeting: Meeting) -> dict[str, Any]:
    carried = sorted(meeting.carried_items.all(), key=lambda i: (i.meeting.number, i.order, i.pk))
    return {
        "contract": meeting.contract.code,
        "number": meeting.number,
        "title": meeting.title,
        "held_at": meeting.held_at.astimezone(TOKYO).isoformat(),
        "ends_at": meeting.ends_at.astimezone(TOKYO).isoformat() if meeting.ends_at else None,
        "place": meeting.place,
        "is_online": meeting.is_online,
        "agenda": meeting.agenda,
        "minutes": meeting.minutes,
        "decisions": meeting.decisions,
        "attendees": [
            {"side": a.side, "name": a.name, "organisation": a.organisation}
            for a in meeting.attendees.all()
        ],
        "action_items": [
            {
                "description": i.description,
                "owner": i.owner,
                "due_on": i.due_on.isoformat() if i.due_on else None,
            }
            for i in meeting.action_items.all()
        ],
        "carried_items": [
            {"meeting": i.meeting.number, "description": i.description} for i in carried
        ],
        "attachments": [{"name": a.name, "sha256": a.sha256} for a in meeting.attachments.all()],
        "corrects": meeting.corrects.number if meeting.corrects_id and meeting.corrects else None,
    }


def canonical_json(content: dict[str, Any]) -> bytes:
    return json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode(
        "utf-8"
    )


def meeting_content_hash(meeting: Meeting) -> str:
    return hashlib.sha256(canonical_json(meeting_canonical(meeting))).hexdigest()
