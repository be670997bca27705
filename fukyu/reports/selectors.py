"""The deadline board: every deliverable and milestone of the contract, with what has been
submitted and what the client has acknowledged (governance's submission log for the plans and
rosters, this app's ReportSubmission for the final reports), and the completion-report form."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from fukyu.callcenter.models import Inquiry
from fukyu.core.models import Contract
from fukyu.governance.selectors import Submission, submission_log
from fukyu.outreach.models import Event, EventStatus
from fukyu.reports.models import CompletionTemplate, FinalReport, ReportSubmission
from fukyu.website.models import BuildStatus, SiteBuild

# Milestones that are documents handed to the client (tracked in the submission log).
DOCUMENT_KINDS = {"work_plan": "work_plan", "staff_roster": "staff_roster"}
DATE_ONLY = ("campaign_end", "call_center_close")
# The "reports" milestone is three documents, each submitted and acknowledged on its own.
FINAL_REPORTS = "reports"


@dataclass(frozen=True)
class DeadlineRow:
    code: str
    name: str
    due_on: dt.date
    done_on: dt.date | None  # submitted, or the milestone reached
    done_label: str  # what shows it is done
    acknowledged_at: dt.datetime | None
    acknowledged_by: str
    needs_acknowledgement: bool
    today: dt.date
    report_kind: str = ""  # a FinalReport value for the final reports' rows
    submission_id: int | None = None

    @property
    def state(self) -> str:
        if self.done_on is not None:
            if self.needs_acknowledgement and self.acknowledged_at is None:
                return "受領確認待ち"
            return "完了" if self.done_on <= self.due_on else "完了（期限後）"
        if self.today > self.due_on:
            return "期限超過"
        if (self.due_on - self.today).days <= 14:
            return "期限間近"
        return "未着手"

    @property
    def badge(self) -> str:
        return {
            "完了": "ok",
            "完了（期限後）": "warn",
            "受領確認待ち": "warn",
            "期限超過": "bad",
            "期限間近": "warn",
        }.get(self.state, "")


def _first_submission(log: list[Submission], kind: str) -> Submission | None:
    found = [s for s in log if s.kind == kind and s.submitted_on is not None]
    acknowledged = [s for s in found if s.acknowledged_at is not None]
    chosen = acknowledged or found
    return chosen[0] if chosen else None


def _evidence(contract: Contract, code: str) -> tuple[dt.date | None, str]:
    """When a non-document milestone was reached, from the apps' own records."""
    if code == "website_open":
        build = (
            SiteBuild.objects.filter(contract=contract, status=BuildStatus.OK)
            .order_by("started_at")
            .first()
        )
        if build:
            return timezone.localdate(build.started_at), "WEBサイトの初回公開"
    elif code == "call_center_open":
        first = Inquiry.objects.filter(contract=contract).order_by("received_at").first()
        if first:
            return timezone.localdate(first.received_at), "最初の問い合わせ受付"
    elif code == "campaign_start":
        event = (
            Event.objects.filter(contract=contract, status=EventStatus.HELD)
            .order_by("starts_at")
            .first()
        )
        if event:
            return timezone.localdate(event.starts_at), f"最初のイベント（{event.title}）"
    return None, ""


def report_submissions(*, contract: Contract) -> QuerySet[ReportSubmission]:
    return ReportSubmission.objects.filter(contract=contract).select_related(
        "submitted_by", "acknowledged_by"
    )


def _name(user: object) -> str:
    return str(user) if user is not None else ""


def report_submission_log(*, contract: Contract) -> list[Submission]:
    """The final reports' submissions in the shape of governance's submission log."""
    return [
        Submission(
            kind=s.kind,
            kind_label=s.get_kind_display(),
            object_id=s.pk,
            title=s.file_name,
            status_label=s.status_label,
            submitted_on=timezone.localdate(s.submitted_at),
            submitted_at=s.submitted_at,
            submitted_by=_name(s.submitted_by),
            acknowledged_at=s.acknowledged_at,
            acknowledged_by=_name(s.acknowledged_by),
        )
        for s in report_submissions(contract=contract)
    ]


def full_submission_log(*, contract: Contract) -> list[Submission]:
    rows = submission_log(contract=contract) + report_submission_log(contract=contract)
    return sorted(rows, key=lambda r: (r.submitted_on or dt.date.max, r.kind, r.object_id))


def _final_report_rows(contract: Contract, due_on: dt.date, today: dt.date) -> list[DeadlineRow]:
    """One row per final report: its latest acknowledged submission, else its latest one."""
    latest: dict[str, ReportSubmission] = {}
    for s in report_submissions(contract=contract).order_by("submitted_at", "pk"):
        if s.kind not in latest or s.acknowledged_at or not latest[s.kind].acknowledged_at:
            latest[s.kind] = s
    rows = []
    for kind, label in FinalReport.choices:
        sub = latest.get(kind)
        rows.append(
            DeadlineRow(
                code=f"{FINAL_REPORTS}:{kind}",
                name=f"{label}の提出",
                due_on=due_on,
                done_on=timezone.localdate(sub.submitted_at) if sub else None,
                done_label=sub.file_name if sub else "",
                acknowledged_at=sub.acknowledged_at if sub else None,
                acknowledged_by=_name(sub.acknowledged_by) if sub else "",
                needs_acknowledgement=True,
                today=today,
                report_kind=kind,
                submission_id=sub.pk if sub else None,
            )
        )
    return rows


def deadline_board(*, contract: Contract, today: dt.date) -> list[DeadlineRow]:
    log = submission_log(contract=contract)
    rows = []
    for m in contract.settings.milestones:
        if m.code == FINAL_REPORTS:
            rows += _final_report_rows(contract, m.due_on, today)
            continue
        kind = DOCUMENT_KINDS.get(m.code)
        if kind is not None:
            sub = _first_submission(log, kind)
            rows.append(
                DeadlineRow(
                    code=m.code,
                    name=m.name,
                    due_on=m.due_on,
                    done_on=sub.submitted_on if sub else None,
                    done_label=sub.title if sub else "",
                    acknowledged_at=sub.acknowledged_at if sub else None,
                    acknowledged_by=sub.acknowledged_by if sub else "",
                    needs_acknowledgement=True,
                    today=today,
                )
            )
            continue
        done_on, label = _evidence(contract, m.code)
        # A date-only milestone (the center closing, the campaign ending) is reached on its day.
        if done_on is None and m.code in DATE_ONLY and today >= m.due_on:
            done_on, label = m.due_on, "期日の到来"
        rows.append(
            DeadlineRow(
                code=m.code,
                name=m.name,
                due_on=m.due_on,
                done_on=done_on,
                done_label=label,
                acknowledged_at=None,
                acknowledged_by="",
                needs_acknowledgement=False,
                today=today,
            )
        )
    return sorted(rows, key=lambda r: (r.due_on, r.code))


def active_completion_template(*, contract: Contract) -> CompletionTemplate | None:
    return (
        CompletionTemplate.objects.filter(contract=contract, active=True)
        .select_related("uploaded_by")
        .first()
    )


def completion_template_list(*, contract: Contract) -> QuerySet[CompletionTemplate]:
    return CompletionTemplate.objects.filter(contract=contract).select_related("uploaded_by")


def completion_template_bytes(*, contract: Contract) -> bytes | None:
    """The prefecture's form in use, or None for the standard one."""
    template = active_completion_template(contract=contract)
    if template is None:
        return None
    with template.file.open("rb") as f:
        data: bytes = f.read()
    return data
