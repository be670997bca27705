"""Benchmark: the governance documents and lists at a realistic upper size.

From the repository root:  .venv/bin/python bench/bench_governance_docs.py

Creates a throw-away SQLite test database (var/test-<pid>.sqlite3, removed at the end), loads the
default contract and, through the services, a work plan of 12 work items x 10 tasks (120 tasks,
with dependencies), 60 meetings of 10 attendees and 8 action items each (480 action items, open
ones carried forward), then times (median of repeated runs, after a warm-up):

* the Gantt SVG of the plan page (layout + render);
* the work plan as DOCX (python-docx) and as PDF (ReportLab, with the Gantt drawing);
* one meeting record: its canonical content hash, and its PDF;
* the action-item list (all 480, as the page's selector returns them) and the overdue query.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

REPEATS = 7


def timed(fn: Callable[[], object], repeats: int = REPEATS) -> tuple[float, float]:
    fn()
    runs = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs) * 1e3, min(runs) * 1e3


def main() -> None:
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run() -> None:
    from fukyu.accounts.services import user_create
    from fukyu.core.calendar import TOKYO
    from fukyu.core.services import contract_load
    from fukyu.governance.documents.builders import gantt_tasks, meeting_document, plan_document
    from fukyu.governance.documents.render_docx import render_docx
    from fukyu.governance.documents.render_pdf import render_pdf
    from fukyu.governance.gantt import gantt_layout, render_svg
    from fukyu.governance.hashing import meeting_content_hash
    from fukyu.governance.models import PlanTask, WorkItem
    from fukyu.governance.selectors import (
        action_item_list,
        meeting_detail_list,
        overdue_action_items,
        plan_tasks,
        work_plan_list,
    )
    from fukyu.governance.services import (
        ActionItemData,
        AttendeeData,
        MeetingData,
        meeting_create,
        plan_task_save,
        work_item_save,
        work_plan_create,
    )

    contract = contract_load(path=settings.FUKYU_DEFAULT_CONTRACT)
    actor = user_create(actor=None, username="bench", role="manager", password="bench-password-1")  # noqa: S106 (throw-away database)
    t0 = time.perf_counter()
    plan = work_plan_create(actor=actor, contract=contract, policy="方針" * 200)
    start = dt.date(2024, 9, 2)
    for i in range(12):
        item = work_item_save(
            actor=actor,
            item=WorkItem(
                plan=plan,
                order=i,
                title=f"業務項目{i + 1}",
                method="実施方法の説明。" * 20,
                responsible="担当 太郎",
            ),
        )
        previous: PlanTask | None = None
        for j in range(10):
            s = start + dt.timedelta(days=i * 3 + j * 14)
            kind = "milestone" if j == 9 else "task"
            task = PlanTask(
                plan=plan,
                work_item=item,
                order=j,
                name=f"作業{i + 1}-{j + 1}",
                kind=kind,
                starts_on=s,
                ends_on=s + dt.timedelta(days=10),
            )
            previous = plan_task_save(
                actor=actor, task=task, depends_on=[previous] if previous else []
            )
    held = dt.datetime(2024, 9, 2, 10, 0, tzinfo=TOKYO)
    for n in range(60):
        meeting_create(
            actor=actor,
            contract=contract,
            data=MeetingData(
                title=f"定例打合せ{n + 1}",
                held_at=held + dt.timedelta(days=3 * n),
                place="県庁",
                agenda="議題\n" * 5,
                minutes="協議内容の記録。" * 150,
                decisions="決定事項。" * 40,
                attendees=tuple(
                    AttendeeData(
                        name=f"出席者{k}",
                        side="client" if k < 5 else "contractor",
                        organisation="所属",
                    )
                    for k in range(10)
                ),
                action_items=tuple(
                    ActionItemData(
                        description=f"対応事項{n}-{k}",
                        owner="担当",
                        due_on=(held + dt.timedelta(days=3 * n + 7)).date(),
                        status="open" if k % 3 else "done",
                    )
                    for k in range(8)
                ),
            ),
        )
    setup_s = time.perf_counter() - t0

    tasks = plan_tasks(plan=plan)
    history = list(work_plan_list(contract=contract))
    today = dt.date(2024, 12, 1)
    last = meeting_detail_list(contract=contract).order_by("-number").first()
    assert last is not None
    carried = last.carried_items.count()
    rows = [
        (
            "Gantt SVG (120 tasks)",
            timed(lambda: render_svg(gantt_layout(gantt_tasks(tasks), today=today))),
        ),
        (
            "work plan DOCX (12 items, 120 tasks)",
            timed(
                lambda: render_docx(
                    plan_document(plan=plan, tasks=tasks, history=history, today=today)
                )
            ),
        ),
        (
            "work plan PDF (12 items, 120 tasks)",
            timed(
                lambda: render_pdf(
                    plan_document(plan=plan, tasks=tasks, history=history, today=today)
                )
            ),
        ),
        (
            f"meeting content hash (10 attendees, 8 items, {carried} carried)",
            timed(
                lambda: meeting_content_hash(meeting_detail_list(contract=contract).get(pk=last.pk))
            ),
        ),
        (
            f"meeting PDF ({carried} carried items)",
            timed(
                lambda: render_pdf(
                    meeting_document(meeting=meeting_detail_list(contract=contract).get(pk=last.pk))
                )
            ),
        ),
        ("action-item list (480 rows)", timed(lambda: list(action_item_list(contract=contract)))),
        (
            "overdue action items",
            timed(lambda: list(overdue_action_items(contract=contract, today=today))),
        ),
    ]
    pdf_size = len(render_pdf(plan_document(plan=plan, tasks=tasks, history=history, today=today)))
    print(
        f"machine: {os.cpu_count()} CPUs, {platform.processor() or platform.machine()}, Python {platform.python_version()}"
    )
    print(
        f"setup through the services (plan + 60 meetings): {setup_s:.1f} s; plan PDF {pdf_size // 1024} KiB\n"
    )
    print("| operation | median ms | min ms |")
    print("| --- | ---: | ---: |")
    for label, (median, best) in rows:
        print(f"| {label} | {median:.1f} | {best:.1f} |")


if __name__ == "__main__":
    main()
