"""Agreements made by e-mail (5(5)): recorded with the .eml, promoted to a meeting record."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from fukyu.audit.services import audit_record, diff, snapshot
from fukyu.core import clock
from fukyu.core.calendar import TOKYO
from fukyu.core.models import Contract
from fukyu.core.wareki import wareki
from fukyu.governance.eml import EmlError, ParsedEmail, parse_eml
from fukyu.governance.models import EmailAgreement, Meeting, MeetingAttachment
from fukyu.governance.services.common import StateConflictError, acting_user
from fukyu.governance.services.meetings import MeetingData, meeting_create

AGREEMENT_FIELDS = ("agreed_on", "parties", "subject", "summary")
MAX_EML_BYTES = 25 * 1024 * 1024


def read_eml_upload(upload: UploadedFile[bytes]) -> tuple[bytes, ParsedEmail]:
    if upload.size and upload.size > MAX_EML_BYTES:
        raise ValidationError({"eml": "メールファイルは25MBまでです"})
    data = upload.read()
    try:
        return data, parse_eml(data)
    except EmlError as exc:
        raise ValidationError({"eml": str(exc)}) from exc


def email_agreement_create(
    *,
    actor: Any,
    contract: Contract,
    eml: UploadedFile[bytes] | None = None,
    agreed_on: dt.date | None = None,
    parties: str = "",
    subject: str = "",
    summary: str = "",
) -> EmailAgreement:
    """Blank fields are filled from the .eml (subject, date, sender and recipients, body)."""
    data, parsed = read_eml_upload(eml) if eml is not None else (b"", None)
    day = agreed_on or (parsed.sent_at.date() if parsed and parsed.sent_at else None)
    if day is None:
        raise ValidationError({"agreed_on": "協議日を入力してください（メールに日付がありません）"})
    agreement = EmailAgreement(
        contract=contract,
        agreed_on=day,
        parties=parties.strip() or (parsed.parties if parsed else ""),
        subject=subject.strip() or (parsed.subject if parsed else ""),
        summary=summary.strip() or (parsed.body if parsed else ""),
        created_at=clock.now(),
        created_by=acting_user(actor),
    )
    if parsed is not None and eml is not None:
        agreement.eml_name = (eml.name or "message.eml").rsplit("/", 1)[-1][:200]
        agreement.eml_sha256 = hashlib.sha256(data).hexdigest()
        agreement.message_from = parsed.sender[:300]
        agreement.message_to = "\n".join(parsed.recipients)
        agreement.message_date = parsed.sent_at
        agreement.message_id = parsed.message_id[:300]
    agreement.full_clean(exclude=["eml"])
    with transaction.atomic():
        if data:
            agreement.eml.save(agreement.eml_name, ContentFile(data), save=False)
        agreement.save()
        audit_record(
            actor=actor,
            action="email_agreement.create",
            obj=agreement,
            changes=diff({}, snapshot(agreement, [*AGREEMENT_FIELDS, "eml_sha256"])),
        )
    return agreement


def email_agreement_update(
    *,
    actor: Any,
    agreement: EmailAgreement,
    agreed_on: dt.date,
    parties: str,
    subject: str,
    summary: str,
) -> EmailAgreement:
    with transaction.atomic():
        locked = EmailAgreement.objects.select_for_update().get(pk=agreement.pk)
        before = snapshot(locked, AGREEMENT_FIELDS)
        locked.agreed_on, locked.parties = agreed_on, parties.strip()
        locked.subject, locked.summary = subject.strip(), summary.strip()
        locked.full_clean()
        locked.save()
        audit_record(
            actor=actor,
            action="email_agreement.update",
            obj=locked,
            changes=diff(before, snapshot(locked, AGREEMENT_FIELDS)),
        )
    return locked


def email_agreement_promote(*, actor: Any, agreement: EmailAgreement) -> Meeting:
    """Make a draft meeting record of the agreement, with the .eml attached."""
    with transaction.atomic():
        locked = EmailAgreement.objects.select_for_update().get(pk=agreement.pk)
        existing = Meeting.objects.filter(source_email=locked).first()
        if existing is not None:
            raise StateConflictError(f"打合せ記録（第{existing.number}号）を作成済みです")
        held_at = locked.message_date or dt.datetime.combine(
            locked.agreed_on, dt.time(9, 0), tzinfo=TOKYO
        )
        header = [f"電子メールにより協議した（{wareki(locked.agreed_on)}）。"]
        if locked.message_from:
            header.append(f"差出人：{locked.message_from}")
        if locked.message_to:
            header.append("宛先：" + "、".join(locked.message_to.splitlines()))
        data = MeetingData(
            title=locked.subject[:200],
            held_at=held_at,
            place="電子メール",
            is_online=True,
            agenda=locked.subject,
            minutes="\n".join(header),
            decisions=locked.summary,
        )
        meeting = meeting_create(
            actor=actor, contract=locked.contract, data=data, source_email=locked
        )
        if locked.eml:
            with locked.eml.open("rb") as fh:
                content = fh.read()
            attachment = MeetingAttachment(
                meeting=meeting,
                name=locked.eml_name or "message.eml",
                size=len(content),
                sha256=hashlib.sha256(content).hexdigest(),
                uploaded_at=clock.now(),
                uploaded_by=acting_user(actor),
            )
            attachment.file.save(attachment.name, ContentFile(content), save=False)
            attachment.save()
        audit_record(
            actor=actor,
            action="email_agreement.promote",
            obj=locked,
            changes={"meeting": [None, str(meeting)]},
        )
    return meeting
