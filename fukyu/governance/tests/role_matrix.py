"""Rows of the role matrix for the governance app's routes (see tests/role_matrix.py).

Each write gets its own object, so one subject's earlier POSTs never change what a later row
reads. Where one API route serves two methods (GET and POST /meetings, GET and PATCH
/meetings/{id}) the row covers one of them; the other is covered in test_meeting_api.py.
"""

from __future__ import annotations

import datetime as dt
from email.message import EmailMessage
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from fukyu.core.calendar import TOKYO
from fukyu.governance.models import PlanTask, WorkItem, WorkPlan
from fukyu.governance.services import (
    ActionItemData,
    AttendeeData,
    MeetingData,
    MemberValues,
    attachment_add,
    email_agreement_create,
    meeting_confirm,
    meeting_create,
    meeting_submit,
    plan_task_save,
    roster_change_apply,
    roster_change_propose,
    roster_notice_record,
    work_item_save,
    work_plan_create,
    work_plan_new_version,
    work_plan_submit,
)
from tests.role_matrix_types import Row

READ = ("governance_read", "governance_manage")
MANAGE = ("governance_manage",)
CONFIRM = ("meeting_confirm",)
G = "ops/governance/"
A = "api/v1/"

OPS_ROUTES: dict[str, Row] = {
    G: (READ, None),
    G + "meetings/": (READ, None),
    G + "meetings/new/": (MANAGE, None),
    G + "meetings/<int:pk>/": (READ, "gov_meeting_submitted"),
    G + "meetings/<int:pk>/edit/": (MANAGE, "gov_meeting_draft"),
    G + "meetings/<int:pk>/pdf/": (READ, "gov_meeting_submitted"),
    G + "meetings/<int:pk>/submit/": (MANAGE, "gov_meeting_to_submit", "POST"),
    G + "meetings/<int:pk>/withdraw/": (MANAGE, "gov_meeting_to_withdraw", "POST"),
    G + "meetings/<int:pk>/confirm/": (CONFIRM, "gov_meeting_to_confirm", "POST"),
    G + "meetings/<int:pk>/request-changes/": (CONFIRM, "gov_meeting_to_return", "POST"),
    G + "meetings/<int:pk>/correct/": (MANAGE, "gov_meeting_confirmed", "POST"),
    G + "meetings/<int:pk>/attachments/": (MANAGE, "gov_meeting_draft", "POST"),
    G + "attachments/<int:pk>/": (READ, "gov_attachment"),
    G + "attachments/<int:pk>/delete/": (MANAGE, "gov_attachment_draft", "POST"),
    G + "actions/": (READ, None),
    G + "actions/<int:pk>/status/": (MANAGE, "gov_action_item", "POST"),
    G + "plan/": (READ, None),
    G + "plan/new/": (MANAGE, None, "POST"),
    G + "plan/<int:pk>/": (READ, "gov_plan_submitted"),
    G + "plan/<int:pk>/docx/": (READ, "gov_plan_submitted"),
    G + "plan/<int:pk>/pdf/": (READ, "gov_plan_submitted"),
    G + "plan/<int:pk>/edit/": (MANAGE, "gov_plan_draft"),
    G + "plan/<int:pk>/new-version/": (MANAGE, "gov_plan_submitted", "POST"),
    G + "plan/<int:pk>/submit/": (MANAGE, "gov_plan_empty_draft", "POST"),
    G + "plan/<int:pk>/acknowledge/": (CONFIRM, "gov_plan_submitted", "POST"),
    G + "plan/<int:plan_pk>/items/new/": (MANAGE, "gov_plan_draft_items"),
    G + "plan/<int:plan_pk>/items/<int:pk>/": (MANAGE, "gov_work_item"),
    G + "plan/<int:plan_pk>/items/<int:pk>/delete/": (MANAGE, "gov_work_item_del", "POST"),
    G + "plan/<int:plan_pk>/tasks/new/": (MANAGE, "gov_plan_draft_items"),
    G + "plan/<int:plan_pk>/tasks/<int:pk>/": (MANAGE, "gov_task"),
    G + "plan/<int:plan_pk>/tasks/<int:pk>/delete/": (MANAGE, "gov_task_del", "POST"),
    G + "roster/": (READ, None),
    G + "roster/docx/": (READ, None),
    G + "roster/pdf/": (READ, None),
    G + "roster/add/": (MANAGE, None),
    G + "roster/members/<int:pk>/change/": (MANAGE, "gov_member"),
    G + "roster/members/<int:pk>/remove/": (MANAGE, "gov_member"),
    G + "roster/changes/<int:pk>/apply/": (MANAGE, "gov_change_apply", "POST"),
    G + "roster/changes/<int:pk>/cancel/": (MANAGE, "gov_change_cancel", "POST"),
    G + "roster/notices/new/": (MANAGE, None),
    G + "roster/notices/<int:pk>/": (READ, "gov_notice"),
    G + "roster/notices/<int:pk>/docx/": (READ, "gov_notice"),
    G + "roster/notices/<int:pk>/pdf/": (READ, "gov_notice"),
    G + "roster/notices/<int:pk>/acknowledge/": (CONFIRM, "gov_notice", "POST"),
    G + "emails/": (READ, None),
    G + "emails/new/": (MANAGE, None),
    G + "emails/<int:pk>/": (READ, "gov_email"),
    G + "emails/<int:pk>/edit/": (MANAGE, "gov_email"),
    G + "emails/<int:pk>/eml/": (READ, "gov_email"),
    G + "emails/<int:pk>/promote/": (MANAGE, "gov_email_promote", "POST"),
}
API_ROUTES: dict[str, Row] = {
    A + "meetings": (MANAGE, "gov_api_new", "POST"),
    A + "meetings/<int:meeting_id>": (READ, "gov_meeting_submitted"),
    A + "meetings/<int:meeting_id>/submit": (MANAGE, "gov_meeting_to_submit", "POST"),
    A + "meetings/<int:meeting_id>/withdraw": (MANAGE, "gov_meeting_to_withdraw", "POST"),
    A + "meetings/<int:meeting_id>/confirm": (CONFIRM, "gov_meeting_to_confirm", "POST"),
    A + "meetings/<int:meeting_id>/request-changes": (CONFIRM, "gov_meeting_to_return", "POST"),
    A + "action-items": (READ, None),
}

HELD = dt.datetime(2024, 9, 10, 10, 0, tzinfo=TOKYO)


def _meeting(contract: Any, actor: Any, title: str) -> Any:
    data = MeetingData(
        title=title,
        held_at=HELD,
        place="県庁",
        minutes="協議した",
        attendees=(
            AttendeeData(name="県 太郎", side="client"),
            AttendeeData(name="受注 次郎", side="contractor"),
        ),
        action_items=(ActionItemData(description="資料を送る", due_on=dt.date(2024, 9, 20)),),
    )
    return meeting_create(actor=actor, contract=contract, data=data)


def _eml() -> SimpleUploadedFile:
    msg = EmailMessage()
    msg["Subject"] = "ポスター案の確認"
    msg["From"] = "県 太郎 <taro@pref.example.jp>"
    msg["To"] = "受注 次郎 <jiro@contractor.example.jp>"
    msg["Date"] = "Tue, 17 Sep 2024 10:00:00 +0900"
    msg.set_content("案Bで進めてください。")
    return SimpleUploadedFile("確認.eml", msg.as_bytes(), content_type="message/rfc822")


def make_objects(contract: Any, make_user: Any) -> dict[str, dict[str, Any]]:
    """Objects that parameterised routes need: key -> URL kwargs (and optional "query"/"data")."""
    mgr = make_user("manager", username="gov_matrix_manager")
    client = make_user("client", username="gov_matrix_client")

    def meeting(title: str, *, submit: bool = False, confirm: bool = False) -> Any:
        m = _meeting(contract, mgr, title)
        if submit or confirm:
            m = meeting_submit(actor=mgr, meeting=m)
        if confirm:
            m = meeting_confirm(actor=client, meeting=m)
        return m

    submitted = meeting("提出済み", submit=True)
    draft = meeting("作成中")
    with_attachment = meeting("添付あり")
    attachment = attachment_add(
        actor=mgr, meeting=with_attachment, upload=SimpleUploadedFile("a.txt", b"a")
    )
    meeting_submit(actor=mgr, meeting=with_attachment)
    draft_attachment = attachment_add(
        actor=mgr, meeting=meeting("添付削除用"), upload=SimpleUploadedFile("b.txt", b"b")
    )

    plan = work_plan_create(actor=mgr, contract=contract)
    work_item_save(actor=mgr, item=WorkItem(plan=plan, title="コールセンター"))
    plan_task_save(
        actor=mgr,
        task=PlanTask(
            plan=plan,
            name="開設準備",
            starts_on=dt.date(2024, 10, 1),
            ends_on=dt.date(2024, 10, 31),
        ),
        depends_on=[],
    )
    work_plan_submit(actor=mgr, plan=plan)
    draft_plan = work_plan_new_version(actor=mgr, base=plan, change_note="日程の見直し")
    items = list(draft_plan.items.all())
    extra_item = work_item_save(actor=mgr, item=WorkItem(plan=draft_plan, title="削除用"))
    tasks = list(draft_plan.tasks.all())
    extra_task = plan_task_save(
        actor=mgr,
        task=PlanTask(
            plan=draft_plan,
            name="削除用",
            starts_on=dt.date(2024, 11, 1),
            ends_on=dt.date(2024, 11, 2),
        ),
        depends_on=[],
    )
    empty_draft = WorkPlan.objects.create(
        contract=contract, version=99, created_at=plan.created_at, title="空の版"
    )

    def propose(name: str, pi: bool) -> Any:
        values = MemberValues(name=name, organisation="受注者", role_title="SV", is_pi_handler=pi)
        return roster_change_propose(actor=mgr, contract=contract, kind="add", values=values)

    first = propose("名簿 一郎", True)
    notice = roster_notice_record(
        actor=mgr,
        contract=contract,
        changes=[first],
        notified_on=dt.date(2024, 9, 1),
        method="document",
    )
    member = roster_change_apply(actor=mgr, change=first).member
    agreement = email_agreement_create(actor=mgr, contract=contract, eml=_eml())
    to_promote = email_agreement_create(actor=mgr, contract=contract, eml=_eml())
    return {
        "gov_meeting_submitted": {"pk": submitted.pk, "meeting_id": submitted.pk},
        "gov_meeting_draft": {"pk": draft.pk},
        "gov_meeting_to_submit": {
            "pk": meeting("提出用").pk,
            "meeting_id": meeting("API提出用").pk,
        },
        "gov_meeting_to_withdraw": {
            "pk": meeting("取下げ用", submit=True).pk,
            "meeting_id": meeting("API取下げ用", submit=True).pk,
        },
        "gov_meeting_to_confirm": {
            "pk": meeting("確認用", submit=True).pk,
            "meeting_id": meeting("API確認用", submit=True).pk,
        },
        "gov_meeting_to_return": {
            "pk": meeting("差戻し用", submit=True).pk,
            "meeting_id": meeting("API差戻し用", submit=True).pk,
            "data": {"comment": "日付を直してください"},
        },
        "gov_meeting_confirmed": {"pk": meeting("確認済み", confirm=True).pk},
        "gov_attachment": {"pk": attachment.pk},
        "gov_attachment_draft": {"pk": draft_attachment.pk},
        "gov_action_item": {"pk": submitted.action_items.get().pk},
        "gov_api_new": {
            "data": {
                "title": "API で作成",
                "held_at": "2024-10-01T14:00:00+09:00",
                "attendees": [{"name": "県 太郎", "side": "client"}],
            }
        },
        "gov_plan_submitted": {"pk": plan.pk},
        "gov_plan_draft": {"pk": draft_plan.pk},
        "gov_plan_empty_draft": {"pk": empty_draft.pk},
        "gov_plan_draft_items": {"plan_pk": draft_plan.pk},
        "gov_work_item": {"plan_pk": draft_plan.pk, "pk": items[0].pk},
        "gov_work_item_del": {"plan_pk": draft_plan.pk, "pk": extra_item.pk},
        "gov_task": {"plan_pk": draft_plan.pk, "pk": tasks[0].pk},
        "gov_task_del": {"plan_pk": draft_plan.pk, "pk": extra_task.pk},
        "gov_member": {"pk": member.pk},
        "gov_change_apply": {"pk": propose("反映 二郎", True).pk},
        "gov_change_cancel": {"pk": propose("取消 三郎", False).pk},
        "gov_notice": {"pk": notice.pk},
        "gov_email": {"pk": agreement.pk},
        "gov_email_promote": {"pk": to_promote.pk},
    }
