"""Rows of the role matrix for the privacy app's routes (see tests/role_matrix.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from fukyu.privacy.models import (
    ExportApproval,
    HandlingProcedure,
    Incident,
    Inspection,
    Instruction,
    PersonalContact,
    PurgeRun,
    SubcontractRequest,
    TrainingSession,
)
from fukyu.privacy.perms import CLIENT_DECISION_PERM
from tests.role_matrix_types import Row

READ = ("privacy_read",)
MANAGE = ("privacy_manage",)

OPS_ROUTES: dict[str, Row] = {
    "ops/privacy/": (READ, None),
    "ops/privacy/access-log/": (READ, None),
    "ops/privacy/access-log.csv": (READ, None),
    "ops/privacy/exports/": (("privacy_read", "data_export"), None),
    "ops/privacy/exports/new/": (("data_export", "privacy_manage"), None),
    "ops/privacy/exports/<int:pk>/": (("privacy_read", "data_export"), "privacy_export"),
    "ops/privacy/purges/": (READ, None),
    "ops/privacy/purges/<int:pk>/certificate.pdf": (READ, "privacy_purge"),
    "ops/privacy/contacts/<int:pk>/reveal/": (("personal_data_read",), "privacy_contact"),
    "ops/privacy/inspection-pack.zip": (READ, None),
    "ops/privacy/locations/": (READ, None),
    "ops/privacy/locations/new/": (MANAGE, None),
    "ops/privacy/trainings/": (READ, None),
    "ops/privacy/trainings/new/": (MANAGE, None),
    "ops/privacy/trainings/<int:pk>/": (READ, "privacy_training"),
    "ops/privacy/procedures/": (READ, None),
    "ops/privacy/procedures/new/": (MANAGE, None),
    "ops/privacy/procedures/<int:pk>/file": (READ, "privacy_procedure"),
    "ops/privacy/subcontracts/": (READ, None),
    "ops/privacy/subcontracts/new/": (MANAGE, None),
    "ops/privacy/subcontracts/<int:pk>/": (READ, "privacy_subcontract"),
    "ops/privacy/inspections/": (READ, None),
    "ops/privacy/inspections/new/": (MANAGE, None),
    "ops/privacy/inspections/<int:pk>/": (READ, "privacy_inspection"),
    "ops/privacy/instructions/": (READ, None),
    "ops/privacy/instructions/new/": (("privacy_manage", CLIENT_DECISION_PERM), None),
    "ops/privacy/instructions/<int:pk>/": (READ, "privacy_instruction"),
    "ops/privacy/incidents/": (READ, None),
    "ops/privacy/incidents/new/": (("privacy_manage", "governance_manage"), None),
    "ops/privacy/incidents/<int:pk>/": (READ, "privacy_incident"),
    "ops/privacy/incidents/<int:pk>/report.pdf": (READ, "privacy_incident"),
    "ops/privacy/incidents/<int:pk>/contacts/new/": (MANAGE, "privacy_incident"),
}
API_ROUTES: dict[str, Row] = {
    "api/v1/privacy/access-log": (READ, None),
    "api/v1/privacy/incidents": (READ, None),
}


def make_objects(contract: Any, make_user: Any) -> dict[str, dict[str, Any]]:
    """Objects that parameterised routes need: key -> URL kwargs (and optional "query"/"data")."""
    officer = make_user("privacy_officer")
    now = timezone.now()
    today = now.date()
    approval = ExportApproval.objects.create(
        contract=contract,
        requested_at=now,
        requested_by=officer,
        purpose="目的",
        scope="範囲",
        destination="提供先",
        valid_until=today + dt.timedelta(days=30),
    )
    run = PurgeRun.objects.create(
        contract=contract, at=now, actor_label="t", responsible="t", mode="retention"
    )
    from django.conf import settings

    folder = settings.MEDIA_ROOT / "privacy" / "certificates"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"matrix-{run.pk}.pdf").write_bytes(b"%PDF-1.4\n")
    run.certificate = f"privacy/certificates/matrix-{run.pk}.pdf"
    run.save()
    incident = Incident.objects.create(
        contract=contract,
        title="t",
        what_happened="t",
        data_kinds="t",
        people_affected=1,
        records_affected=1,
        location="t",
        discovered_at=now,
        reported_at=now,
        reported_by=officer,
    )
    contact = PersonalContact.objects.create(
        contract=contract, incident=incident, relation="t", name="試験 太郎", recorded_on=today
    )
    training = TrainingSession.objects.create(
        contract=contract,
        held_on=today,
        title="t",
        content="t",
        instructor="t",
        minutes=60,
        recorded_by=officer,
    )
    procedure = HandlingProcedure(
        contract=contract,
        title="要領",
        version="1",
        effective_on=today,
        original_name="a.txt",
        uploaded_at=now,
        uploaded_by=officer,
    )
    procedure.file.save("a.txt", ContentFile(b"text"), save=True)
    subcontract = SubcontractRequest.objects.create(
        contract=contract,
        subcontractor="t",
        reason="t",
        work="t",
        information="t",
        safeguards="t",
        supervision="t",
        starts_on=today + dt.timedelta(days=10),
        requested_at=now,
        requested_by=officer,
    )
    inspection = Inspection.objects.create(
        contract=contract, inspected_on=today, inspectors="t", scope="t", recorded_by=officer
    )
    instruction = Instruction.objects.create(
        contract=contract,
        kind="instruction",
        issued_on=today,
        issuer="t",
        content="t",
        recorded_by=officer,
        recorded_at=now,
    )
    return {
        "privacy_export": {"pk": approval.pk},
        "privacy_purge": {"pk": run.pk},
        "privacy_contact": {"pk": contact.pk},
        "privacy_incident": {"pk": incident.pk},
        "privacy_training": {"pk": training.pk},
        "privacy_procedure": {"pk": procedure.pk},
        "privacy_subcontract": {"pk": subcontract.pk},
        "privacy_inspection": {"pk": inspection.pk},
        "privacy_instruction": {"pk": instruction.pk},
    }
