"""Erasing personal data past its retention (or all of it at the end of the contract, 第10),
redacting the audit trail, verifying that nothing remains, and certifying it."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import Q
from django.db.models.deletion import ProtectedError
from django.db.models.functions import Cast

from fukyu.audit.models import AuditEvent
from fukyu.audit.services import audit_record
from fukyu.core import clock
from fukyu.core.models import Contract
from fukyu.privacy.documents import deletion_certificate_pdf
from fukyu.privacy.keys import KeyDisposal, keys_destroy
from fukyu.privacy.models import AccessLogEntry, PurgeRun
from fukyu.privacy.registry import PersonalDataKind, kinds
from fukyu.privacy.retention import expired_filter, retention_days
from fukyu.privacy.scan import (
    ScanReport,
    compact_database,
    scan_columns,
    scan_raw_files,
    text_matcher,
)
from fukyu.privacy.services import access_log_record

REDACTED = "（消去済み）"


class PurgeError(RuntimeError):
    pass


@dataclass
class KindResult:
    code: str
    label: str
    retention_days: int | None  # None: everything (end of contract)
    deleted: int = 0
    anonymised: int = 0
    pks: list[Any] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.deleted + self.anonymised


@dataclass
class PurgeResult:
    everything: bool
    dry_run: bool
    kinds: list[KindResult]
    audit_redacted: int = 0
    compacted: bool = False
    scan: ScanReport | None = None
    run: PurgeRun | None = None
    certificate: Path | None = None
    key_disposal: KeyDisposal | None = None  # --all only, once nothing remains

    @property
    def total(self) -> int:
        return sum(k.total for k in self.kinds)


def _holding_data(kind: PersonalDataKind) -> Q:
    """Rows where some personal field still holds a value (anonymised rows hold none)."""
    q = Q()
    for name in kind.fields:
        q |= ~(Q(**{name: ""}) | Q(**{f"{name}__isnull": True}))
    return q


def _candidates(
    kind: PersonalDataKind, *, contract: Contract, everything: bool, today: dt.date
) -> tuple[models.QuerySet[Any], int | None]:
    qs = kind.model._default_manager.filter(_holding_data(kind))
    if everything:
        return qs, None
    days = retention_days(contract, kind.code)
    return qs.filter(**expired_filter(kind, days=days, today=today)), days


def _plaintexts(kind: PersonalDataKind, qs: models.QuerySet[Any]) -> tuple[list[Any], set[str]]:
    if not kind.plaintext:
        return list(qs.values_list("pk", flat=True)), set()
    pks: list[Any] = []
    values: set[str] = set()
    for row in qs.only("pk", *kind.fields).iterator(chunk_size=2000):
        pks.append(row.pk)
        for name in kind.fields:
            value = getattr(row, name)
            if isinstance(value, str) and value.strip():
                values.add(value.strip())
    return pks, values


def _redact_value(value: Any, matcher: re.Pattern[str]) -> Any:
    if isinstance(value, str):
        return matcher.sub("＊＊＊", value)
    if isinstance(value, list):
        return [_redact_value(v, matcher) for v in value]
    if isinstance(value, dict):
        return {k: _redact_value(v, matcher) for k, v in value.items()}
    return value


def _redact_audit(results: list[KindResult], values: set[str]) -> int:
    """Blank the personal fields in the audit rows of erased objects, and any known value that
    another audit row or access-log reason quotes. Rows are kept, marked redacted."""
    redacted: set[int] = set()
    by_kind = {k.code: k for k in kinds()}
    for result in results:
        kind = by_kind[result.code]
        ids = [str(pk) for pk in result.pks]
        label = kind.model._meta.label_lower
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            for event in AuditEvent.objects.filter(object_type=label, object_id__in=chunk):
                changes = dict(event.changes)
                for name in kind.fields:
                    if name in changes:
                        changes[name] = [REDACTED, REDACTED]
                event.changes = changes
                event.redacted = True
                event.save(update_fields=["changes", "redacted"])
                redacted.add(event.pk)
    matcher = text_matcher(values)
    if matcher is None:
        return len(redacted)
    for event in AuditEvent.objects.iterator(chunk_size=2000):
        text = json.dumps(event.changes, ensure_ascii=False) + event.note + event.object_repr
        if matcher.search(text):
            event.changes = _redact_value(event.changes, matcher)
            event.note = matcher.sub("＊＊＊", event.note)
            event.object_repr = matcher.sub("＊＊＊", event.object_repr)
            event.redacted = True
            event.save(update_fields=["changes", "note", "object_repr", "redacted"])
            redacted.add(event.pk)
    for entry in AccessLogEntry.objects.iterator(chunk_size=2000):
        if matcher.search(entry.reason):
            entry.reason = matcher.sub("＊＊＊", entry.reason)
            entry.save(update_fields=["reason"])
    return len(redacted)


def _erase(kind: PersonalDataKind, result: KindResult) -> None:
    manager = kind.model._default_manager
    if kind.bulk_anonymise is not None:
        for start in range(0, len(result.pks), 5000):
            kind.bulk_anonymise(manager.filter(pk__in=result.pks[start : start + 5000]))
        result.anonymised = len(result.pks)
        return
    if kind.anonymise is None:
        for start in range(0, len(result.pks), 500):
            chunk = result.pks[start : start + 500]
            try:
                manager.filter(pk__in=chunk).delete()
            except ProtectedError as exc:
                raise PurgeError(
                    f"{kind.label}を削除できません（他の記録から参照されています）"
                ) from exc
        result.deleted = len(result.pks)
        return
    for start in range(0, len(result.pks), 500):
        for row in manager.filter(pk__in=result.pks[start : start + 500]):
            kind.anonymise(row)
    result.anonymised = len(result.pks)


def _leftovers(results: list[KindResult], *, everything: bool) -> dict[str, int]:
    """Erased rows (or, after --all, any row) that still hold a personal value, ciphertext
    included: encrypted data is not deleted while a key could still open it."""
    left: dict[str, int] = {}
    for kind in kinds():
        result = next(r for r in results if r.code == kind.code)
        raw = {f"raw_{n}": Cast(n, models.TextField()) for n in kind.fields}
        qs = kind.model._default_manager.annotate(**raw)
        if not everything:
            qs = qs.filter(pk__in=result.pks)
        q = Q()
        for name in kind.fields:
            q |= ~(Q(**{f"raw_{name}": ""}) | Q(**{f"raw_{name}__isnull": True}))
        count = qs.filter(q).count()
        if count:
            left[kind.label] = count
    return left


def personal_data_purge(
    *,
    contract: Contract,
    actor_label: str,
    responsible: str,
    everything: bool = False,
    dry_run: bool = False,
) -> PurgeResult:
    """Erase what is past its retention rule (or everything), then verify and certify.
    Run outside a transaction: compacting the database needs autocommit."""
    today = clock.today()
    plan: list[tuple[PersonalDataKind, KindResult]] = []
    values: set[str] = set()
    for kind in kinds():
        qs, days = _candidates(kind, contract=contract, everything=everything, today=today)
        pks, found = _plaintexts(kind, qs)
        values |= found
        plan.append((kind, KindResult(kind.code, kind.label, days, pks=pks)))
    results = [r for _, r in plan]
    outcome = PurgeResult(everything=everything, dry_run=dry_run, kinds=results)
    if dry_run:
        for _, result in plan:
            result.deleted = len(result.pks)  # what would go, shown as one number
        return outcome
    with transaction.atomic():
        for kind, result in plan:
            _erase(kind, result)
        outcome.audit_redacted = _redact_audit(results, values)
    tables = [k.model._meta.db_table for k, _ in plan] + [
        AuditEvent._meta.db_table,
        AccessLogEntry._meta.db_table,
    ]
    outcome.compacted = compact_database(tables)
    report = scan_columns(values)
    if outcome.compacted:
        scan_raw_files(values, report)
    outcome.scan = report
    left = _leftovers(results, everything=everything)
    for label, count in left.items():
        report.hits[f"{label}（暗号文が残存）"] = count
    if everything and report.clean:
        # The end of the contract: without the keys, no copy of the encrypted data (a backup,
        # a dump, a stray file) can be read any more.
        outcome.key_disposal = keys_destroy()
    outcome.run = _record(contract, outcome, actor_label=actor_label, responsible=responsible)
    return outcome


def _record(
    contract: Contract, outcome: PurgeResult, *, actor_label: str, responsible: str
) -> PurgeRun:
    report = outcome.scan or ScanReport()
    counts = {
        r.code: {
            "label": r.label,
            "retention_days": r.retention_days,
            "deleted": r.deleted,
            "anonymised": r.anonymised,
        }
        for r in outcome.kinds
    }
    with transaction.atomic():
        run = PurgeRun.objects.create(
            contract=contract,
            at=clock.now(),
            actor_label=actor_label,
            responsible=responsible,
            mode=PurgeRun.Mode.ALL if outcome.everything else PurgeRun.Mode.RETENTION,
            counts=counts,
            audit_redacted=outcome.audit_redacted,
            scanned_columns=report.columns,
            scanned_values=report.values,
            raw_file_scanned=report.raw_file_scanned,
            verified=report.clean,
            key_disposal=outcome.key_disposal.as_dict() if outcome.key_disposal else {},
        )
        if report.clean:
            folder = Path(settings.MEDIA_ROOT) / "privacy" / "certificates"
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"deletion-{run.at:%Y%m%d-%H%M%S}-{run.pk}.pdf"
            deletion_certificate_pdf(path, contract=contract, run=run, compacted=outcome.compacted)
            run.certificate = str(path.relative_to(settings.MEDIA_ROOT))
            run.save(update_fields=["certificate"])
            outcome.certificate = path
        access_log_record(
            actor=actor_label,
            action=AccessLogEntry.Action.PURGE,
            obj=run,
            fields=",".join(r.code for r in outcome.kinds if r.total),
            reason="契約終了に伴う全件消去" if outcome.everything else "保存期間の経過による消去",
            row_count=outcome.total,
        )
        audit_record(
            actor=actor_label,
            action="privacy.purge",
            obj=run,
            changes={"counts": [None, counts], "verified": [None, report.clean]},
            note="" if report.clean else "残存を検出: " + "、".join(sorted(report.hits)),
        )
    return run


def purge_database_label() -> str:
    return {"sqlite": "SQLite", "postgresql": "PostgreSQL"}.get(
        connection.vendor, connection.vendor
    )
