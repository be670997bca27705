"""Governance documents for the deliverables package: confirmed meeting records, the work
plans handed to the client and the staff roster (届), rendered by governance's own builders."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from fukyu.core.exports import DeliverableFile
from fukyu.core.models import Contract
from fukyu.governance.documents.builders import meeting_document, plan_document, roster_document
from fukyu.governance.documents.render_docx import render_docx
from fukyu.governance.documents.render_pdf import render_pdf
from fukyu.governance.models import Meeting, WorkPlan
from fukyu.governance.selectors import (
    meeting_detail_list,
    plan_tasks,
    roster_current,
    work_plan_list,
)
from fukyu.reports.files import fixed_ooxml, invariant_pdf

MEETINGS = "04_打合せ記録"
PLANS = "01_計画書等"


def files(*, contract: Contract, as_of: dt.date) -> Iterator[DeliverableFile]:
    with invariant_pdf():
        meetings = meeting_detail_list(contract=contract).filter(status=Meeting.Status.CONFIRMED)
        for m in meetings.order_by("number"):
            yield DeliverableFile(
                f"{MEETINGS}/打合せ記録簿_第{m.number:03d}号.pdf",
                render_pdf(meeting_document(meeting=m)),
                f"打合せ記録簿（{m.title}、発注者確認済み）",
            )
        plans = list(work_plan_list(contract=contract))
        for plan in plans:
            if plan.status == WorkPlan.Status.DRAFT:
                continue
            doc = plan_document(plan=plan, tasks=plan_tasks(plan=plan), history=plans, today=as_of)
            name = f"{PLANS}/業務実施計画書_第{plan.version}版"
            yield DeliverableFile(
                f"{name}.pdf", render_pdf(doc), f"業務実施計画書 第{plan.version}版"
            )
            yield DeliverableFile(
                f"{name}.docx",
                fixed_ooxml(render_docx(doc), as_of),
                f"業務実施計画書 第{plan.version}版（Word）",
            )
        roster = roster_document(
            contract=contract, members=list(roster_current(contract=contract)), day=as_of
        )
        yield DeliverableFile(f"{PLANS}/業務従事者等届.pdf", render_pdf(roster), "業務従事者等届")
        yield DeliverableFile(
            f"{PLANS}/業務従事者等届.docx",
            fixed_ooxml(render_docx(roster), as_of),
            "業務従事者等届（Word）",
        )
