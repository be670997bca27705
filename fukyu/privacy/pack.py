"""The inspection pack (第14, 第15): one ZIP with the register, training records, an access-log
summary, the exports log and the incident list — CSV (UTF-8 with BOM) plus a PDF summary, and
the handling procedures in effect. It holds no personal data."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import PurePath
from typing import Any

from fukyu.core import clock
from fukyu.core.calendar import TOKYO
from fukyu.core.models import Contract
from fukyu.privacy.documents import pack_summary_pdf
from fukyu.privacy.selectors import (
    access_log_summary,
    attendance_list,
    export_approval_list,
    export_log,
    incident_list,
    inspection_list,
    instruction_list,
    location_list,
    procedure_list,
    procedures_in_effect,
    purge_run_list,
    staff_training_status,
    subcontract_list,
    training_list,
)


def _csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> tuple[bytes, int]:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    n = 0
    for row in rows:
        writer.writerow(["" if v is None else _fmt(v) for v in row])
        n += 1
    return out.getvalue().encode("utf-8-sig"), n


def _fmt(value: Any) -> str:
    if hasattr(value, "astimezone"):
        return str(value.astimezone(TOKYO).strftime("%Y-%m-%d %H:%M"))
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    if isinstance(value, bool):
        return "はい" if value else "いいえ"
    return str(value)


def _user(user: Any) -> str:
    return str(user) if user is not None else ""


def _sections(contract: Contract) -> list[tuple[str, str, Sequence[str], Iterable[Sequence[Any]]]]:
    return [
        (
            "01_staff.csv",
            "個人情報管理責任者・業務従事者と研修の受講状況（第3・第9）",
            ["区分", "氏名", "所属", "役割", "最終受講日", "受講回数", "未受講"],
            (
                [
                    s.person.pi_role,
                    s.person.name,
                    s.person.organisation,
                    s.person.role_title,
                    s.last_trained_on,
                    s.sessions,
                    s.last_trained_on is None,
                ]
                for s in staff_training_status(contract=contract)
            ),
        ),
        (
            "02_work_locations.csv",
            "作業場所とその変更（第4）",
            [
                "名称",
                "所在地",
                "取り扱う個人情報・作業内容",
                "安全管理措置",
                "使用開始日",
                "使用終了日",
                "変更の理由",
                "報告日時",
                "報告者",
            ],
            (
                [
                    loc.name,
                    loc.address,
                    loc.handling,
                    loc.safeguards,
                    loc.effective_from,
                    loc.ends_on,
                    loc.change_reason,
                    loc.notified_at,
                    _user(loc.notified_by),
                ]
                for loc in location_list(contract=contract)
            ),
        ),
        (
            "03_training_sessions.csv",
            "研修の実施記録と教育内容（第9）",
            ["実施日", "研修名", "教育内容", "講師", "時間（分）", "受講者数"],
            (
                [
                    t.held_on,
                    t.title,
                    t.content,
                    t.instructor,
                    t.minutes,
                    getattr(t, "attendee_count", 0),
                ]
                for t in training_list(contract=contract)
            ),
        ),
        (
            "04_training_attendance.csv",
            "研修の受講者（第9）",
            ["実施日", "研修名", "氏名", "区分"],
            (
                [a.session.held_on, a.session.title, a.staff_name, a.role_label]
                for a in attendance_list(contract=contract).order_by(
                    "session__held_on", "staff_name"
                )
            ),
        ),
        (
            "05_procedures.csv",
            "取扱要領等の版の履歴（第16）",
            ["文書名", "版", "施行日", "改訂の概要", "発注者への報告日", "ファイル名", "登録日時"],
            (
                [
                    d.title,
                    d.version,
                    d.effective_on,
                    d.summary,
                    d.reported_on,
                    d.original_name,
                    d.uploaded_at,
                ]
                for d in procedure_list(contract=contract)
            ),
        ),
        (
            "06_subcontracts.csv",
            "再委託の協議と承諾（第13）",
            [
                "再委託先",
                "再々委託",
                "理由",
                "処理する内容",
                "取り扱う情報",
                "安全対策",
                "管理監督の方法",
                "着手予定日",
                "協議日時",
                "状態",
                "判断日時",
                "発注者の意見",
            ],
            (
                [
                    s.subcontractor,
                    s.further,
                    s.reason,
                    s.work,
                    s.information,
                    s.safeguards,
                    s.supervision,
                    s.starts_on,
                    s.requested_at,
                    s.get_status_display(),
                    s.decided_at,
                    s.decision_note,
                ]
                for s in subcontract_list(contract=contract)
            ),
        ),
        (
            "07_inspections.csv",
            "実地調査と対応（第14）",
            ["調査日", "調査者", "調査の範囲", "指摘事項", "対応内容", "対応完了日"],
            (
                [i.inspected_on, i.inspectors, i.scope, i.findings, i.response, i.responded_on]
                for i in inspection_list(contract=contract)
            ),
        ),
        (
            "08_instructions.csv",
            "指示・報告の求めと対応（第15）",
            ["種別", "指示日", "指示者", "内容", "期限", "対応・報告内容", "対応日時", "対応者"],
            (
                [
                    i.get_kind_display(),
                    i.issued_on,
                    i.issuer,
                    i.content,
                    i.due_on,
                    i.response,
                    i.responded_at,
                    _user(i.responded_by),
                ]
                for i in instruction_list(contract=contract)
            ),
        ),
        (
            "09_access_log_summary.csv",
            "個人情報アクセスログの集計（月・操作・実行者別）",
            ["年月", "操作", "実行者", "回数", "件数"],
            (
                [r["month"], r["action"], r["actor"], r["entries"], r["rows"]]
                for r in access_log_summary()
            ),
        ),
        (
            "10_export_approvals.csv",
            "個人情報の持ち出し・出力の承認（第5・第11）",
            [
                "番号",
                "申請日時",
                "申請者",
                "利用目的",
                "範囲",
                "提供先・保管場所",
                "上限件数",
                "有効期限",
                "状態",
                "承認者",
                "判断日時",
                "出力済み件数",
            ],
            (
                [
                    a.pk,
                    a.requested_at,
                    _user(a.requested_by),
                    a.purpose,
                    a.scope,
                    a.destination,
                    a.max_rows,
                    a.valid_until,
                    a.get_status_display(),
                    _user(a.decided_by),
                    a.decided_at,
                    a.rows_exported,
                ]
                for a in export_approval_list(contract=contract)
            ),
        ),
        (
            "11_export_log.csv",
            "個人情報を含む出力の記録（件数つき）",
            ["日時", "実行者", "承認番号", "項目", "理由", "件数"],
            (
                [e.at, e.actor_label, e.object_id, e.fields, e.reason, e.row_count]
                for e in export_log()
            ),
        ),
        (
            "12_incidents.csv",
            "事故の一覧（第17）",
            [
                "番号",
                "件名",
                "発生状況",
                "個人情報の内容",
                "人数",
                "件数",
                "発生場所",
                "発生日時",
                "発見日時",
                "通知日時",
                "状況",
                "原因",
                "再発防止策",
            ],
            (
                [
                    i.pk,
                    i.title,
                    i.what_happened,
                    i.data_kinds,
                    i.people_affected,
                    i.records_affected,
                    i.location,
                    i.occurred_at,
                    i.discovered_at,
                    i.notified_at,
                    i.get_status_display(),
                    i.cause,
                    i.prevention,
                ]
                for i in incident_list(contract=contract)
            ),
        ),
        (
            "13_purges.csv",
            "個人情報の消去記録（第10）",
            ["番号", "実施日時", "対象", "件数", "墨消しした監査ログ", "残存なし確認", "責任者"],
            (
                [
                    r.pk,
                    r.at,
                    r.get_mode_display(),
                    r.total,
                    r.audit_redacted,
                    r.verified,
                    r.responsible,
                ]
                for r in purge_run_list().filter(contract=contract)
            ),
        ),
    ]


def inspection_pack(*, contract: Contract) -> bytes:
    generated = clock.now()
    summary: list[tuple[str, str, int]] = []
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, label, header, rows in _sections(contract):
            data, n = _csv(header, rows)
            archive.writestr(name, data)
            summary.append((name, label, n))
        docs = procedures_in_effect(contract=contract, day=generated.date())
        for doc in docs:
            suffix = PurePath(doc.original_name).suffix
            with doc.file.open("rb") as fh:
                archive.writestr(f"procedures/{doc.pk}_v{doc.version}{suffix}", fh.read())
        summary.append(("procedures/", "施行中の取扱要領等（原本）", len(docs)))
        archive.writestr(
            "00_summary.pdf",
            pack_summary_pdf(contract=contract, generated=generated, sections=summary),
        )
    return buffer.getvalue()
