"""The register: staff from the roster, work locations, training, procedures, subcontracting,
inspections and instructions — through the services and the screens."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from fukyu.audit.models import AuditEvent
from fukyu.core import clock
from fukyu.privacy import register_services as svc
from fukyu.privacy.models import (
    Decision,
    HandlingProcedure,
    Instruction,
    SubcontractRequest,
    TrainingAttendance,
    WorkLocation,
)
from fukyu.privacy.roster import pi_manager_name, pi_staff
from fukyu.privacy.selectors import procedures_in_effect, untrained_staff

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_in_tmp(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


TODAY = clock.today


def roster(contract: Any) -> list[Any]:
    models = pytest.importorskip("fukyu.governance.models")
    now = timezone.now()
    people = [
        ("管理 一郎", True, False),
        ("従事 二郎", False, True),
        ("従事 三子", False, True),
        ("事務 四郎", False, False),  # on the roster but not handling personal data
    ]
    return [
        models.RosterMember.objects.create(
            contract=contract,
            name=name,
            organisation="受託者",
            role_title="担当",
            is_pi_manager=manager,
            is_pi_handler=handler,
            effective_from=now,
        )
        for name, manager, handler in people
    ]


def test_staff_come_from_the_roster_and_untrained_are_flagged(
    contract: Any, make_user: Any, login: Any
) -> None:
    roster(contract)
    staff = pi_staff(contract=contract)
    assert [p.name for p in staff] == ["管理 一郎", "従事 三子", "従事 二郎"]
    assert pi_manager_name(contract=contract) == "管理 一郎"
    officer = make_user("privacy_officer")
    session = svc.training_record(
        actor=officer,
        contract=contract,
        held_on=TODAY(),
        title="個人情報保護研修",
        content="守秘義務（在職中・退職後）、特記事項の遵守事項",
        instructor="管理 一郎",
        minutes=60,
    )
    assert len(untrained_staff(contract=contract)) == 3
    svc.training_attendance_set(
        actor=officer, session=session, staff_keys=[staff[0].key, staff[1].key]
    )
    assert [p.name for p in untrained_staff(contract=contract)] == ["従事 二郎"]
    with pytest.raises(ValidationError):
        svc.training_attendance_set(actor=officer, session=session, staff_keys=["roster:999999"])
    client = login(make_user("client"))
    page = client.get(reverse("privacy:trainings")).content.decode()
    assert "研修を受けていない人がいます" in page and "従事 二郎" in page
    home = client.get(reverse("core:home")).content.decode()
    assert "研修を受けていない業務従事者がいます" in home
    # The client reads but cannot record attendance.
    url = reverse("privacy:training", args=[session.pk])
    assert client.post(url, {"staff": [staff[2].key]}).status_code == 403
    client.logout()
    officer_client = login(officer)
    response = officer_client.post(url, {"staff": [s.key for s in staff]})
    assert response.status_code == 302
    assert TrainingAttendance.objects.filter(session=session).count() == 3
    assert untrained_staff(contract=contract) == []


def test_work_location_changes_are_notified_before_they_take_effect(
    contract: Any, make_user: Any, login: Any
) -> None:
    officer = make_user("privacy_officer")
    first = svc.work_location_notify(
        actor=officer,
        contract=contract,
        name="仙台コールセンター",
        address="仙台市青葉区試験町1-1",
        handling="問い合わせ者の氏名・電話番号の記録",
        safeguards="入退室管理、施錠保管、業務端末の持ち出し禁止",
        effective_from=TODAY(),
    )
    with pytest.raises(ValidationError, match="事前の報告"):
        svc.work_location_notify(
            actor=officer,
            contract=contract,
            name="移転先",
            address="仙台市宮城野区",
            handling="同上",
            safeguards="同上",
            effective_from=TODAY(),
            replaces=first,
            change_reason="移転",
        )
    client = login(officer)
    moved_on = TODAY() + dt.timedelta(days=14)
    response = client.post(
        reverse("privacy:location_new"),
        {
            "replaces": first.pk,
            "name": "移転先センター",
            "address": "仙台市宮城野区試験町2-2",
            "handling": "同上",
            "safeguards": "同上",
            "effective_from": moved_on.isoformat(),
            "change_reason": "事務所の移転",
        },
    )
    assert response.status_code == 302
    first.refresh_from_db()
    moved = WorkLocation.objects.get(name="移転先センター")
    assert first.ends_on == moved_on - dt.timedelta(days=1)
    assert moved.notified_at.date() < moved.effective_from
    assert AuditEvent.objects.filter(action="work_location.end", object_id=str(first.pk)).exists()
    page = client.get(reverse("privacy:locations")).content.decode()
    assert "事務所の移転" in page and "予定" in page


def test_procedures_are_versioned_documents(contract: Any, make_user: Any, login: Any) -> None:
    officer = make_user("privacy_officer")
    client = login(officer)
    for version, day in (("1", TODAY() - dt.timedelta(days=30)), ("2", TODAY())):
        response = client.post(
            reverse("privacy:procedure_new"),
            {
                "title": "個人情報取扱要領",
                "version": version,
                "effective_on": day.isoformat(),
                "summary": f"第{version}版",
                "file": SimpleUploadedFile(
                    f"youryou-v{version}.txt", f"要領 第{version}版".encode()
                ),
            },
        )
        assert response.status_code == 302
    duplicate = client.post(
        reverse("privacy:procedure_new"),
        {
            "title": "個人情報取扱要領",
            "version": "2",
            "effective_on": TODAY().isoformat(),
            "file": SimpleUploadedFile("x.txt", b"x"),
        },
    )
    assert "既に登録されています" in duplicate.content.decode()
    bad = client.post(
        reverse("privacy:procedure_new"),
        {
            "title": "別の要領",
            "version": "1",
            "effective_on": TODAY().isoformat(),
            "file": SimpleUploadedFile("x.exe", b"MZ"),
        },
    )
    assert "PDF・Word・Excel" in bad.content.decode()
    current = procedures_in_effect(contract=contract, day=TODAY())
    assert [(d.title, d.version) for d in current] == [("個人情報取扱要領", "2")]
    doc = HandlingProcedure.objects.get(version="1")
    download = client.get(reverse("privacy:procedure_file", args=[doc.pk]))
    assert download.content == "要領 第1版".encode()


def test_subcontracting_needs_every_fact_and_the_clients_consent(
    contract: Any, make_user: Any, login: Any
) -> None:
    officer = make_user("privacy_officer")
    facts = {
        "subcontractor": "株式会社試験印刷",
        "reason": "封入封緘作業のため",
        "work": "案内文の封入",
        "information": "宛名（氏名・住所）",
        "safeguards": "ISMS認証、作業場所の限定",
        "supervision": "月次の報告と立入確認",
        "starts_on": TODAY() + dt.timedelta(days=20),
    }
    with pytest.raises(ValidationError):
        svc.subcontract_request(actor=officer, contract=contract, **{**facts, "supervision": ""})
    with pytest.raises(ValidationError, match="着手前"):
        svc.subcontract_request(actor=officer, contract=contract, **{**facts, "starts_on": TODAY()})
    request = svc.subcontract_request(actor=officer, contract=contract, **facts)
    with pytest.raises(PermissionDenied):
        svc.subcontract_decide(actor=officer, request=request, approve=True)
    client = login(make_user("client"))
    url = reverse("privacy:subcontract", args=[request.pk])
    assert "株式会社試験印刷" in client.get(url).content.decode()
    assert client.post(url, {"decision": "approve", "note": "条件: 月次報告"}).status_code == 302
    request.refresh_from_db()
    assert request.status == Decision.APPROVED and request.decision_note == "条件: 月次報告"
    assert SubcontractRequest.objects.count() == 1


def test_inspections_and_instructions_with_responses(
    contract: Any, make_user: Any, login: Any
) -> None:
    officer = make_user("privacy_officer")
    inspection = svc.inspection_record(
        actor=officer,
        contract=contract,
        inspected_on=TODAY(),
        inspectors="県 デジタル推進課 試験",
        scope="作業場所・アクセスログ",
        findings="施錠記録の様式が未整備",
    )
    with pytest.raises(ValidationError):
        svc.inspection_respond(
            actor=officer,
            inspection=inspection,
            response="様式を整備",
            responded_on=TODAY() - dt.timedelta(days=1),
        )
    svc.inspection_respond(
        actor=officer, inspection=inspection, response="様式を整備", responded_on=TODAY()
    )
    client_user = make_user("client")
    client = login(client_user)
    response = client.post(
        reverse("privacy:instruction_new"),
        {
            "kind": "report",
            "issued_on": TODAY().isoformat(),
            "issuer": "県 デジタル推進課",
            "content": "研修の実施状況を報告してください",
            "due_on": (TODAY() + dt.timedelta(days=7)).isoformat(),
        },
    )
    assert response.status_code == 302
    item = Instruction.objects.get()
    assert item.recorded_by == client_user and item.responded_at is None
    detail = reverse("privacy:instruction", args=[item.pk])
    assert client.post(detail, {"response": "x"}).status_code == 403
    client.logout()
    manager = login(make_user("manager"))
    assert manager.get(reverse("privacy:instruction_new")).status_code == 403
    manager.logout()
    officer_client = login(officer)
    assert officer_client.post(detail, {"response": "別添のとおり報告します"}).status_code == 302
    item.refresh_from_db()
    assert item.responded_by == officer and item.response == "別添のとおり報告します"
    assert AuditEvent.objects.filter(action="instruction.respond").exists()


def test_register_pages_render_for_the_client(
    contract: Any, make_user: Any, login: Any, django_assert_max_num_queries: Any
) -> None:
    roster(contract)
    client = login(make_user("client"))
    for name in (
        "overview",
        "locations",
        "trainings",
        "procedures",
        "subcontracts",
        "inspections",
        "instructions",
        "incidents",
        "purges",
        "exports",
    ):
        with django_assert_max_num_queries(20):
            response = client.get(reverse(f"privacy:{name}"))
        assert response.status_code == 200, name
    assert "管理 一郎" in client.get(reverse("privacy:overview")).content.decode()
