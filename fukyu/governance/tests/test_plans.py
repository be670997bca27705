"""The work plan: versions, schedule with dependencies, Gantt chart, submission, DOCX and PDF."""

from __future__ import annotations

import datetime as dt
import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

import docx
import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from pypdf import PdfReader

from fukyu.accounts.models import User
from fukyu.audit.models import AuditEvent
from fukyu.core.models import Contract
from fukyu.governance.gantt import GanttTask, gantt_layout, render_svg
from fukyu.governance.models import PlanTask, WorkItem, WorkPlan
from fukyu.governance.selectors import submission_log
from fukyu.governance.services import (
    StateConflictError,
    plan_task_save,
    work_item_save,
    work_plan_acknowledge,
    work_plan_create,
    work_plan_new_version,
    work_plan_submit,
)

D = dt.date


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture
def manager(make_user: Callable[..., User]) -> User:
    return make_user("manager", display_name="受注 花子")


def build_plan(contract: Contract, actor: User) -> WorkPlan:
    plan = work_plan_create(actor=actor, contract=contract)
    plan.policy = "県と密接に連絡を取り、期限を守って実施する。"
    plan.save()
    center = work_item_save(
        actor=actor,
        item=WorkItem(
            plan=plan,
            order=1,
            title="コールセンターの運営",
            method="専用ダイヤルで受け付ける",
            responsible="受注 花子",
        ),
    )
    web = work_item_save(
        actor=actor,
        item=WorkItem(
            plan=plan,
            order=2,
            title="WEBサイトの制作",
            method="デザイン案を複数提示",
            responsible="制作 次郎",
        ),
    )
    design = plan_task_save(
        actor=actor,
        task=PlanTask(
            plan=plan,
            work_item=web,
            name="デザイン案の作成",
            starts_on=D(2024, 9, 2),
            ends_on=D(2024, 9, 20),
        ),
        depends_on=[],
    )
    plan_task_save(
        actor=actor,
        task=PlanTask(
            plan=plan,
            work_item=web,
            name="WEBサイト開設",
            kind="milestone",
            starts_on=D(2024, 10, 1),
            ends_on=D(2024, 10, 1),
        ),
        depends_on=[design],
    )
    plan_task_save(
        actor=actor,
        task=PlanTask(
            plan=plan,
            work_item=center,
            name="コールセンター運営",
            starts_on=D(2024, 11, 1),
            ends_on=D(2025, 3, 28),
        ),
        depends_on=[],
    )
    return plan


def test_tasks_validate_dates_and_dependencies(contract: Contract, manager: User) -> None:
    plan = build_plan(contract, manager)
    design = plan.tasks.get(name="デザイン案の作成")
    early = PlanTask(
        plan=plan, name="早すぎる作業", starts_on=D(2024, 9, 10), ends_on=D(2024, 9, 30)
    )
    with pytest.raises(ValidationError, match="先行作業「デザイン案の作成」"):
        plan_task_save(actor=manager, task=early, depends_on=[design])
    backwards = PlanTask(plan=plan, name="逆転", starts_on=D(2024, 10, 5), ends_on=D(2024, 10, 1))
    with pytest.raises(ValidationError, match="終了日は開始日以降"):
        plan_task_save(actor=manager, task=backwards, depends_on=[])
    launch = plan.tasks.get(name="WEBサイト開設")
    design.starts_on, design.ends_on = D(2024, 9, 2), D(2024, 10, 15)
    with pytest.raises(ValidationError, match="後続作業「WEBサイト開設」"):
        plan_task_save(actor=manager, task=design, depends_on=[])
    design.refresh_from_db()
    with pytest.raises(ValidationError, match="循環"):
        plan_task_save(actor=manager, task=design, depends_on=[launch])
    milestone = plan_task_save(
        actor=manager,
        task=PlanTask(
            plan=plan,
            name="中間報告",
            kind="milestone",
            starts_on=D(2024, 12, 20),
            ends_on=D(2025, 1, 5),
        ),
        depends_on=[],
    )
    assert milestone.ends_on == D(2024, 12, 20)
    other = build_plan_in_version_two(contract, manager)
    with pytest.raises(ValidationError, match="別の版"):
        plan_task_save(
            actor=manager,
            task=PlanTask(plan=other, name="x", starts_on=D(2024, 12, 1), ends_on=D(2024, 12, 2)),
            depends_on=[design],
        )


def build_plan_in_version_two(contract: Contract, actor: User) -> WorkPlan:
    base = WorkPlan.objects.get(contract=contract, version=1)
    work_plan_submit(actor=actor, plan=base)
    return work_plan_new_version(actor=actor, base=base, change_note="日程の見直し")


def test_submit_freezes_and_new_version_copies_with_dependencies(
    contract: Contract, manager: User, make_user: Callable[..., User]
) -> None:
    empty = work_plan_create(actor=manager, contract=contract)
    with pytest.raises(ValidationError, match="業務項目"):
        work_plan_submit(actor=manager, plan=empty)
    empty.delete()
    plan = build_plan(contract, manager)
    work_plan_submit(actor=manager, plan=plan)
    with pytest.raises(StateConflictError, match="新しい版"):
        work_item_save(actor=manager, item=WorkItem(plan=plan, title="追加"))
    client = make_user("client", display_name="県職員 一郎")
    work_plan_acknowledge(actor=client, plan=plan, comment="受領しました")
    with pytest.raises(ValidationError):
        work_plan_new_version(actor=manager, base=plan, change_note=" ")
    second = work_plan_new_version(actor=manager, base=plan, change_note="開設日を変更")
    with pytest.raises(StateConflictError, match="第2版"):
        work_plan_new_version(actor=manager, base=plan, change_note="もう一つ")
    assert second.version == 2
    assert second.based_on == plan
    assert [i.title for i in second.items.all()] == ["コールセンターの運営", "WEBサイトの制作"]
    launch = second.tasks.get(name="WEBサイト開設")
    assert [d.name for d in launch.depends_on.all()] == ["デザイン案の作成"]
    assert launch.depends_on.get().plan == second
    assert launch.work_item is not None and launch.work_item.plan == second
    assert plan.tasks.count() == second.tasks.count() == 3
    work_plan_submit(actor=manager, plan=second)
    log = submission_log(contract=contract)
    assert [(r.title, r.acknowledged_by) for r in log] == [
        ("業務実施計画書（第1版）", "県職員 一郎"),
        ("業務実施計画書（第2版）", ""),
    ]
    assert AuditEvent.objects.filter(action="work_plan.acknowledge", actor=client).exists()


def test_gantt_layout_and_svg() -> None:
    tasks = [
        GanttTask(1, "デザイン案<作成>", "WEB", D(2024, 9, 2), D(2024, 9, 20)),
        GanttTask(
            2, "開設", "WEB", D(2024, 10, 1), D(2024, 10, 1), milestone=True, depends_on=(1,)
        ),
        GanttTask(3, "運営", "コールセンター", D(2024, 11, 1), D(2025, 3, 28)),
    ]
    layout = gantt_layout(tasks, today=D(2024, 10, 15))
    assert (layout.start, layout.end) == (D(2024, 9, 1), D(2025, 3, 31))
    assert [m.label for m in layout.months] == ["9月", "10月", "11月", "12月", "1月", "2月", "3月"]
    assert [y.label for y in layout.years] == ["令和6年", "令和7年"]
    assert [r.label for r in layout.rows] == [
        "WEB",
        "デザイン案<作成>",
        "開設",
        "コールセンター",
        "運営",
    ]
    assert layout.links == ((1, 2),)
    assert layout.rows[1].x0 == pytest.approx(1 / 212)
    assert layout.today is not None and 0 < layout.today < 1
    svg = render_svg(layout)
    root = ET.fromstring(svg)  # noqa: S314 (our own output; well-formed means escaped)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.get("role") == "img"
    assert len(root.findall(f".//{ns}polygon")) == 1
    assert len(root.findall(f".//{ns}path")) == 2  # the arrow head marker and one dependency
    assert "デザイン案&lt;作成&gt;" in svg
    assert gantt_layout([]).is_empty


def test_plan_screens_and_client_acknowledgement(
    contract: Contract,
    manager: User,
    make_user: Callable[..., User],
    login: Callable[[User], Client],
) -> None:
    web = login(manager)
    assert "第1版を作成する" in web.get("/ops/governance/plan/").content.decode()
    web.post("/ops/governance/plan/new/")
    plan = WorkPlan.objects.get()
    response = web.post(
        f"/ops/governance/plan/{plan.pk}/items/new/",
        {
            "order": "1",
            "title": "普及キャンペーン",
            "method": "各圏域でイベント",
            "responsible": "受注 花子",
        },
    )
    assert response.status_code == 302
    item = plan.items.get()
    web.post(
        f"/ops/governance/plan/{plan.pk}/tasks/new/",
        {
            "order": "1",
            "name": "イベント準備",
            "kind": "task",
            "work_item": item.pk,
            "starts_on": "2024-10-01",
            "ends_on": "2024-11-30",
        },
    )
    first = plan.tasks.get()
    bad = web.post(
        f"/ops/governance/plan/{plan.pk}/tasks/new/",
        {
            "order": "2",
            "name": "イベント実施",
            "kind": "task",
            "starts_on": "2024-11-15",
            "ends_on": "2025-02-28",
            "depends_on": [first.pk],
        },
    )
    assert bad.status_code == 200
    assert "先行作業「イベント準備」" in bad.content.decode()
    web.post(
        f"/ops/governance/plan/{plan.pk}/tasks/new/",
        {
            "order": "2",
            "name": "イベント実施",
            "kind": "task",
            "starts_on": "2024-12-01",
            "ends_on": "2025-02-28",
            "depends_on": [first.pk],
        },
    )
    page = web.get(f"/ops/governance/plan/{plan.pk}/").content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="gantt"' in page
    assert "イベント実施" in page
    client = make_user("client")
    assert login(client).get(f"/ops/governance/plan/{plan.pk}/").status_code == 404  # a draft
    web = login(manager)
    web.post(f"/ops/governance/plan/{plan.pk}/submit/")
    plan.refresh_from_db()
    assert plan.status == WorkPlan.Status.SUBMITTED
    web = login(client)
    assert "受領を確認する" in web.get("/ops/governance/plan/").content.decode()
    web.post(f"/ops/governance/plan/{plan.pk}/acknowledge/", {"comment": "受領"})
    plan.refresh_from_db()
    assert (plan.status, plan.acknowledged_by, plan.acknowledge_comment) == (
        WorkPlan.Status.ACKNOWLEDGED,
        client,
        "受領",
    )
    assert web.post(f"/ops/governance/plan/{plan.pk}/submit/").status_code == 403


def test_plan_exports_docx_and_pdf(
    contract: Contract, manager: User, login: Callable[[User], Client]
) -> None:
    plan = build_plan(contract, manager)
    work_plan_submit(actor=manager, plan=plan)
    second = work_plan_new_version(
        actor=manager, base=plan, change_note="コールセンターの開設日を変更"
    )
    web = login(manager)
    document = docx.Document(io.BytesIO(web.get(f"/ops/governance/plan/{second.pk}/docx/").content))
    paragraphs = flat("".join(p.text for p in document.paragraphs))
    cells = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
    everything = paragraphs + flat("".join("".join(r) for r in cells))
    for expected in [
        "業務実施計画書（第2版）",
        "宮城県知事殿",
        "令和6年9月2日から令和7年3月31日まで",
        "コールセンターの運営",
        "専用ダイヤルで受け付ける",
        "受注花子",
        "コールセンターの開設日を変更",
    ]:
        assert expected in everything, expected
    assert [
        "◆ WEBサイト開設",
        "WEBサイトの制作",
        "令和6年10月1日",
        "（マイルストーン）",
        "デザイン案の作成",
    ] in cells
    assert ["デザイン案の作成", "WEBサイトの制作", "令和6年9月2日", "令和6年9月20日", ""] in cells
    gantt = next(r for r in cells if r[0] == "　WEBサイト開設")
    assert gantt[2] == "◆"  # October is the second month column
    assert section_is_landscape(document)
    assert "【案】" in document.sections[0].header.paragraphs[0].text
    pdf = flat(
        "".join(
            p.extract_text()
            for p in PdfReader(
                io.BytesIO(web.get(f"/ops/governance/plan/{plan.pk}/pdf/").content)
            ).pages
        )
    )
    for expected in [
        "業務実施計画書（第1版）",
        "令和6年9月2日",
        "令和7年3月28日",
        "コールセンター運営",
        "WEBサイト開設",
        "工程表",
        "令和6年",
        "令和7年",
        "改訂履歴",
    ]:
        assert expected in pdf, expected
    assert "【案】" not in pdf


def section_is_landscape(document: Any) -> bool:
    section = document.sections[0]
    return bool(section.page_width > section.page_height)
