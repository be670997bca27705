"""Writes of the reports app: submitting the final reports to the client and its acknowledgement,
and the prefecture's completion-report form. Each writes its audit row in the same transaction."""

from __future__ import annotations

import hashlib
import io
import zipfile
from typing import Any

import docx
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from pypdf import PdfReader

from fukyu.audit.services import audit_record, diff, snapshot
from fukyu.core import clock
from fukyu.core.errors import StateConflictError as StateConflictError
from fukyu.core.models import Contract
from fukyu.reports.completion import TemplateError, completion_report, template_placeholders
from fukyu.reports.deliverables import build_package, package_name
from fukyu.reports.models import CompletionTemplate, FinalReport, ReportSubmission
from fukyu.reports.perf_render import render_pdf
from fukyu.reports.performance import performance_report
from fukyu.reports.selectors import completion_template_bytes

MAX_SUBMISSION_BYTES = 300 * 1024 * 1024
MAX_TEMPLATE_BYTES = 20 * 1024 * 1024
# What each report may be submitted as (by content, not by name).
ACCEPTED = {
    FinalReport.PERFORMANCE: ("pdf", "docx"),
    FinalReport.COMPLETION: ("pdf", "docx"),
    FinalReport.PACKAGE: ("zip",),
}
FORMAT_LABELS = {"pdf": "PDF", "docx": "Word（.docx）", "zip": "ZIP"}
SUBMISSION_FIELDS = ["kind", "file_name", "size", "sha256", "generated", "note", "submitted_at"]


def _acting_user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _pdf_ok(data: bytes) -> bool:
    try:
        return len(PdfReader(io.BytesIO(data)).pages) > 0
    except Exception:  # pypdf raises many kinds of errors for broken files
        return False


def _docx_ok(data: bytes) -> bool:
    try:
        docx.Document(io.BytesIO(data))
    except Exception:  # python-docx raises several kinds for a file that is not DOCX
        return False
    return True


def _package_problem(data: bytes) -> str | None:
    """None for a readable ZIP whose MANIFEST.sha256 (if any) matches its files."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if archive.testzip() is not None:
                return "ZIPファイルが壊れています"
            names = set(archive.namelist())
            if "MANIFEST.sha256" not in names:
                return None
            for line in archive.read("MANIFEST.sha256").decode("utf-8").splitlines():
                digest, _, path = line.partition("  ")
                if path not in names:
                    return f"MANIFEST.sha256 にある {path} がZIPに入っていません"
                if hashlib.sha256(archive.read(path)).hexdigest() != digest:
                    return f"{path} の内容が MANIFEST.sha256 と一致しません"
    except (zipfile.BadZipFile, UnicodeDecodeError, OSError, ValueError):
        return "ZIPファイルとして読み込めません"
    return None


def _detect(data: bytes) -> str:
    if data[:1024].find(b"%PDF-") >= 0:
        return "pdf" if _pdf_ok(data) else "broken-pdf"
    if data[:4] == b"PK\x03\x04":
        return "docx" if _docx_ok(data) else "zip"
    return "unknown"


def check_submission_file(kind: str, data: bytes) -> str:
    """The file's format ("pdf", "docx", "zip") if it suits the report, else a Japanese
    ValidationError."""
    if not data:
        raise ValidationError("ファイルが空です")
    if len(data) > MAX_SUBMISSION_BYTES:
        raise ValidationError(
            f"ファイルが大きすぎます（上限 {MAX_SUBMISSION_BYTES // (1024 * 1024)} MB）"
        )
    accepted = ACCEPTED[FinalReport(kind)]
    found = _detect(data)
    if found == "broken-pdf":
        raise ValidationError("PDFとして読み込めません。ファイルが壊れていないか確認してください")
    if found not in accepted:
        allowed = "・".join(FORMAT_LABELS[f] for f in accepted)
        raise ValidationError(
            f"{FinalReport(kind).label}として提出できるのは {allowed} のファイルです"
        )
    if found == "zip":
        problem = _package_problem(data)
        if problem:
            raise ValidationError(problem)
    return found


def generated_file(*, contract: Contract, kind: str) -> tuple[bytes, str]:
    """The report as the system makes it today: (bytes, file name)."""
    today = clock.today()
    if kind == FinalReport.PERFORMANCE:
        report = performance_report(contract=contract, as_of=today)
        return render_pdf(report), f"実績報告書_{today:%Y%m%d}.pdf"
    if kind == FinalReport.COMPLETION:
        template = completion_template_bytes(contract=contract)
        try:
            data = completion_report(contract=contract, completed_on=today, template=template)
        except TemplateError as exc:
            raise ValidationError(str(exc)) from exc
        return data, f"業務完了報告書_{today:%Y%m%d}.docx"
    return build_package(contract=contract, as_of=today), package_name(contract, today)


def report_submit(
    *,
    actor: Any,
    contract: Contract,
    kind: str,
    data: bytes | None = None,
    file_name: str = "",
    note: str = "",
) -> ReportSubmission:
    """Record that a final report was handed to the client, keeping the file: the one given,
    or (without `data`) the one the system makes from today's data."""
    if kind not in FinalReport.values:
        raise ValidationError("報告書の種類を選んでください")
    generated = data is None
    if data is None:
        data, file_name = generated_file(contract=contract, kind=kind)
    else:
        fmt = check_submission_file(kind, data)
        stem = (file_name or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1].strip()
        file_name = stem if stem.lower().endswith(f".{fmt}") else f"{stem or kind}.{fmt}"
    submission = ReportSubmission(
        contract=contract,
        kind=kind,
        file_name=file_name[:255],
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        generated=generated,
        note=note.strip(),
        submitted_at=clock.now(),
        submitted_by=_acting_user(actor),
    )
    submission.file.save(file_name, ContentFile(data), save=False)
    try:
        with transaction.atomic():
            submission.full_clean()
            submission.save()
            audit_record(
                actor=actor,
                action="report.submit",
                obj=submission,
                changes=diff({}, snapshot(submission, SUBMISSION_FIELDS)),
            )
    except Exception:
        submission.file.delete(save=False)
        raise
    return submission


def report_acknowledge(
    *, actor: Any, submission: ReportSubmission, comment: str = ""
) -> ReportSubmission:
    """The client records that it has received the submitted report."""
    with transaction.atomic():
        locked = ReportSubmission.objects.select_for_update().get(pk=submission.pk)
        if locked.acknowledged_at is not None:
            raise StateConflictError("この提出は受領確認済みです")
        locked.acknowledged_at = clock.now()
        locked.acknowledged_by = _acting_user(actor)
        locked.acknowledge_comment = comment.strip()
        locked.full_clean()
        locked.save(update_fields=["acknowledged_at", "acknowledged_by", "acknowledge_comment"])
        audit_record(
            actor=actor,
            action="report.acknowledge",
            obj=locked,
            changes={"acknowledged_at": [None, locked.acknowledged_at.isoformat()]},
            note=locked.acknowledge_comment,
        )
    return locked


def completion_template_upload(
    *, actor: Any, contract: Contract, data: bytes, name: str
) -> CompletionTemplate:
    """Check the prefecture's form (a DOCX whose placeholders the report can fill) and make it
    the one the next completion report uses."""
    if not data:
        raise ValidationError("ファイルが空です")
    if len(data) > MAX_TEMPLATE_BYTES:
        raise ValidationError(
            f"ファイルが大きすぎます（上限 {MAX_TEMPLATE_BYTES // (1024 * 1024)} MB）"
        )
    try:
        names = template_placeholders(data)
    except TemplateError as exc:
        raise ValidationError(str(exc)) from exc
    template = CompletionTemplate(
        contract=contract,
        original_name=(name or "様式.docx").rsplit("/", 1)[-1][:255],
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        placeholders=names,
        active=True,
        uploaded_at=clock.now(),
        uploaded_by=_acting_user(actor),
    )
    template.file.save("template.docx", ContentFile(data), save=False)
    try:
        with transaction.atomic():
            Contract.objects.select_for_update().filter(pk=contract.pk).exists()
            replaced = list(CompletionTemplate.objects.filter(contract=contract, active=True))
            CompletionTemplate.objects.filter(contract=contract, active=True).update(active=False)
            template.full_clean()
            template.save()
            audit_record(
                actor=actor,
                action="completion_template.upload",
                obj=template,
                changes={
                    "original_name": [None, template.original_name],
                    "placeholders": [None, names],
                    "sha256": [None, template.sha256],
                },
                note="、".join(f"{t.original_name} の使用を終了" for t in replaced),
            )
    except Exception:
        template.file.delete(save=False)
        raise
    return template


def completion_template_reset(*, actor: Any, contract: Contract) -> None:
    """Go back to the standard form (the uploaded ones are kept, not used)."""
    with transaction.atomic():
        active = list(
            CompletionTemplate.objects.select_for_update().filter(contract=contract, active=True)
        )
        if not active:
            raise StateConflictError("すでに標準様式を使っています")
        for template in active:
            template.active = False
            template.save(update_fields=["active"])
            audit_record(
                actor=actor,
                action="completion_template.reset",
                obj=template,
                changes={"active": [True, False]},
            )
