"""The documents the contractor hands to the prefecture, as format-independent blocks."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from fukyu.core.models import Contract
from fukyu.core.wareki import wareki, wareki_with_weekday
from fukyu.governance.documents.blocks import (
    Document,
    Gantt,
    Heading,
    KeyValues,
    Line,
    Para,
    Table,
    Title,
)
from fukyu.governance.gantt import GanttTask, gantt_layout
from fukyu.governance.models import (
    Meeting,
    MeetingAttendee,
    PlanTask,
    RosterChange,
    RosterMember,
    RosterNotice,
    WorkPlan,
)

MARK = "○"


def wareki_dt(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    local = timezone.localtime(value)
    return f"{wareki(local)} {local:%H:%M}"


def person(user: Any) -> str:
    if user is None:
        return ""
    org = getattr(user, "organisation", "")
    return f"{org} {user}" if org else str(user)


def addressee(contract: Contract) -> str:
    client = contract.client
    return f"{client}知事 殿" if client.endswith(("県", "都", "道", "府")) else f"{client} 御中"


def _letterhead(contract: Contract, day: dt.date) -> list[Line]:
    return [
        Line(wareki(day), "right"),
        Line(addressee(contract)),
        Line(f"（受注者）{contract.contractor}", "right"),
    ]


def gantt_tasks(tasks: list[PlanTask]) -> list[GanttTask]:
    ordered = sorted(
        tasks,
        key=lambda t: (
            t.work_item.order if t.work_item else 10_000,
            t.work_item_id or 0,
            t.order,
            t.starts_on,
            t.pk,
        ),
    )
    return [
        GanttTask(
            key=t.pk,
            name=t.name,
            group=t.work_item.title if t.work_item else "",
            starts_on=t.starts_on,
            ends_on=t.ends_on,
            milestone=t.is_milestone,
            depends_on=tuple(d.pk for d in t.depends_on.all()),
        )
        for t in ordered
    ]


def _span(t: PlanTask) -> tuple[str, str]:
    if t.is_milestone:
        return wareki(t.starts_on), "（マイルストーン）"
    return wareki(t.starts_on), wareki(t.ends_on)


def plan_document(
    *, plan: WorkPlan, tasks: list[PlanTask], history: list[WorkPlan], today: dt.date
) -> Document:
    contract = plan.contract
    day = timezone.localtime(plan.submitted_at).date() if plan.submitted_at else today
    doc = Document(
        title=f"{plan.title}（第{plan.version}版）",
        footer=f"{contract.name} {plan.title} 第{plan.version}版",
        draft=plan.status == WorkPlan.Status.DRAFT,
        landscape=True,
    )
    doc.add(*_letterhead(contract, day))
    doc.add(
        Title(f"{plan.title}（第{plan.version}版）"),
        Para(f"{contract.name}について、業務の実施方法及びスケジュールを次のとおり定めます。"),
        KeyValues(
            [
                ("業務名", contract.name),
                ("契約期間", f"{wareki(contract.starts_on)}から{wareki(contract.ends_on)}まで"),
                ("版", f"第{plan.version}版"),
                (
                    "提出",
                    f"{wareki_dt(plan.submitted_at)} {person(plan.submitted_by)}".strip()
                    or "未提出",
                ),
                (
                    "発注者の受領確認",
                    f"{wareki_dt(plan.acknowledged_at)} {person(plan.acknowledged_by)}".strip()
                    or "未確認",
                ),
            ]
        ),
        Heading("1 業務の実施方針"),
        Para(plan.policy),
        Heading("2 業務項目・実施方法・担当者"),
        Table(
            ["No.", "業務項目", "実施方法", "担当者"],
            [
                [str(n), i.title, i.method, i.responsible]
                for n, i in enumerate(plan.items.all(), start=1)
            ],
            [0.5, 2.5, 6, 1.8],
            centered=(0,),
        ),
        Heading("3 スケジュール"),
    )
    names = {t.pk: t.name for t in tasks}
    doc.add(
        Table(
            ["作業・マイルストーン", "業務項目", "開始日", "終了日", "先行作業"],
            [
                [
                    ("◆ " if t.is_milestone else "") + t.name,
                    t.work_item.title if t.work_item else "",
                    *_span(t),
                    "、".join(names.get(d.pk, "") for d in t.depends_on.all()),
                ]
                for t in tasks
            ],
            [3, 2.5, 1.8, 1.8, 2.5],
        ),
        Heading("4 工程表"),
        Gantt(gantt_layout(gantt_tasks(tasks))),
        Heading("5 改訂履歴"),
        Table(
            ["版", "提出日", "変更内容"],
            [
                [
                    f"第{v.version}版",
                    wareki(timezone.localtime(v.submitted_at)) if v.submitted_at else "未提出",
                    v.change_note or ("初版" if v.version == 1 else ""),
                ]
                for v in sorted(history, key=lambda v: v.version)
                if v.version <= plan.version
            ],
            [1, 2, 7],
        ),
    )
    return doc


def _member_row(n: int, m: RosterMember | RosterChange) -> list[str]:
    return [
        str(n),
        m.name,
        m.organisation,
        m.role_title,
        m.duties,
        MARK if m.is_pi_manager else "",
        MARK if m.is_pi_handler else "",
    ]


ROSTER_HEADERS = ["No.", "氏名", "所属", "役割", "業務分担", "個人情報\n管理責任者", "業務従事者"]
ROSTER_WIDTHS = [0.5, 1.6, 2, 1.6, 3.6, 1.1, 1.1]


def roster_document(*, contract: Contract, members: list[RosterMember], day: dt.date) -> Document:
    doc = Document(title="業務従事者等届", footer=f"{contract.name} 業務従事者等届")
    doc.add(*_letterhead(contract, day))
    doc.add(
        Title("業務従事者等届"),
        Para(
            f"{contract.name}に従事する業務責任者及びスタッフを次のとおり届け出ます。"
            "あわせて、個人情報取扱特記事項第3第1項の規定により、個人情報管理責任者及び"
            "業務従事者を報告します。"
        ),
        Table(
            ROSTER_HEADERS,
            [_member_row(n, m) for n, m in enumerate(members, start=1)],
            ROSTER_WIDTHS,
            centered=(0, 5, 6),
        ),
        Para(f"{MARK}：該当する者（{wareki(day)}現在 {len(members)}名）"),
    )
    return doc


def _change_cells(c: RosterChange) -> list[str]:
    labels = {"name": "氏名", "organisation": "所属", "role_title": "役割", "duties": "業務分担"}
    before = c.before or {}
    details = []
    if c.kind == RosterChange.Kind.UPDATE:
        for key, label in labels.items():
            if before.get(key) != getattr(c, key):
                details.append(f"{label}：{before.get(key, '')} → {getattr(c, key)}")
        for key, label in (
            ("is_pi_manager", "個人情報管理責任者"),
            ("is_pi_handler", "業務従事者"),
        ):
            if bool(before.get(key)) != getattr(c, key):
                was, now = (
                    ("該当" if before.get(key) else "非該当"),
                    ("該当" if getattr(c, key) else "非該当"),
                )
                details.append(f"{label}：{was} → {now}")
    return [
        c.get_kind_display(),
        c.name,
        c.organisation,
        c.role_title,
        "\n".join(details) or c.duties,
        MARK if c.is_pi_manager else "",
        MARK if c.is_pi_handler else "",
        wareki(c.planned_on) if c.planned_on else "",
        c.reason,
    ]


def notice_document(
    *, notice: RosterNotice, changes: list[RosterChange], roster: list[RosterMember | RosterChange]
) -> Document:
    contract = notice.contract
    title = notice.get_kind_display()
    doc = Document(title=f"{title}（第{notice.number}号）", footer=f"{contract.name} {title}")
    doc.add(*_letterhead(contract, notice.notified_on))
    intro = (
        "個人情報取扱特記事項第3第2項の規定により、業務従事者等の変更について、"
        "変更に先立ち次のとおり報告します。"
        if notice.kind == RosterNotice.Kind.CHANGE
        else f"{contract.name}に従事する者を次のとおり届け出ます（個人情報取扱特記事項第3第1項）。"
    )
    doc.add(
        Title(title),
        Para(intro),
        KeyValues(
            [
                ("番号", f"第{notice.number}号"),
                ("報告日", wareki(notice.notified_on)),
                ("報告方法", notice.get_method_display()),
                (
                    "発注者の受領確認",
                    f"{wareki_dt(notice.acknowledged_at)} {person(notice.acknowledged_by)}".strip()
                    or "未確認",
                ),
            ]
        ),
        Heading("1 変更内容"),
        Table(
            [
                "区分",
                "氏名",
                "所属",
                "役割",
                "業務分担・変更点",
                "個人情報\n管理責任者",
                "業務従事者",
                "反映予定日",
                "理由",
            ],
            [_change_cells(c) for c in changes],
            [0.8, 1.5, 1.8, 1.5, 3, 1, 1, 1.6, 2],
            centered=(0, 5, 6),
        ),
        Heading("2 変更後の業務従事者等"),
        Table(
            ROSTER_HEADERS,
            [_member_row(n, m) for n, m in enumerate(roster, start=1)],
            ROSTER_WIDTHS,
            centered=(0, 5, 6),
        ),
    )
    if notice.note:
        doc.add(Heading("備考"), Para(notice.note))
    return doc


def _attendees(meeting: Meeting, side: str) -> str:
    return "\n".join(
        f"{a.organisation} {a.name}".strip() for a in meeting.attendees.all() if a.side == side
    )


def meeting_when(meeting: Meeting) -> str:
    start = timezone.localtime(meeting.held_at)
    text = f"{wareki_with_weekday(start.date())} {start:%H:%M}"
    if meeting.ends_at:
        end = timezone.localtime(meeting.ends_at)
        text += f"〜{end:%H:%M}" if end.date() == start.date() else f"〜{wareki(end)} {end:%H:%M}"
    return text


def meeting_document(*, meeting: Meeting) -> Document:
    contract = meeting.contract
    confirmed = meeting.status == Meeting.Status.CONFIRMED
    doc = Document(
        title=f"打合せ記録簿 第{meeting.number}号",
        footer=f"{contract.name} 打合せ記録簿 第{meeting.number}号",
        draft=not confirmed,
    )
    number = f"第{meeting.number}号"
    if meeting.corrects:
        number += f"（第{meeting.corrects.number}号の訂正版）"
    place = meeting.place + ("（オンライン）" if meeting.is_online and meeting.place else "")
    doc.add(
        Title("打合せ記録簿"),
        Line(number, "right"),
        KeyValues(
            [
                ("業務名", contract.name),
                ("件名", meeting.title),
                ("日時", meeting_when(meeting)),
                ("場所", place or ("オンライン" if meeting.is_online else "")),
                ("出席者（発注者）", _attendees(meeting, MeetingAttendee.Side.CLIENT)),
                ("出席者（受注者）", _attendees(meeting, MeetingAttendee.Side.CONTRACTOR)),
                ("議題", meeting.agenda),
            ]
        ),
        Heading("協議内容"),
        Para(meeting.minutes),
        Heading("決定事項"),
        Para(meeting.decisions),
        Heading("対応事項"),
    )
    items = list(meeting.action_items.all())
    doc.add(
        Table(
            ["No.", "対応事項", "担当", "期限", "状況"],
            [
                [
                    str(n),
                    i.description,
                    i.owner,
                    wareki(i.due_on) if i.due_on else "",
                    i.get_status_display(),
                ]
                for n, i in enumerate(items, start=1)
            ],
            [0.5, 5, 1.8, 1.8, 1.2],
            centered=(0,),
        )
        if items
        else Para("なし")
    )
    carried = list(meeting.carried_items.all())
    if carried:
        doc.add(
            Heading("前回までの打合せからの継続事項"),
            Table(
                ["記録", "対応事項", "担当", "期限", "現在の状況"],
                [
                    [
                        f"第{i.meeting.number}号",
                        i.description,
                        i.owner,
                        wareki(i.due_on) if i.due_on else "",
                        i.get_status_display(),
                    ]
                    for i in carried
                ],
                [0.9, 4.6, 1.8, 1.8, 1.2],
            ),
        )
    attachments = list(meeting.attachments.all())
    if attachments:
        doc.add(
            Heading("添付資料"),
            Table(
                ["ファイル名", "SHA-256"],
                [[a.name, a.sha256] for a in attachments],
                [4, 6],
            ),
        )
    doc.add(
        Heading("確認欄"),
        Table(
            ["区分", "確認者", "日時"],
            [
                [
                    "受注者（記録・提出）",
                    person(meeting.submitted_by) or "未提出",
                    wareki_dt(meeting.submitted_at),
                ],
                [
                    "発注者（確認）",
                    person(meeting.confirmed_by) or "未確認",
                    wareki_dt(meeting.confirmed_at),
                ],
            ],
            [2.5, 4, 3.5],
        ),
    )
    reviews = [r for r in meeting.reviews.all() if r.comment]
    if reviews:
        doc.add(
            Heading("確認の経過とコメント"),
            Table(
                ["日時", "区分", "担当", "コメント"],
                [
                    [wareki_dt(r.at), r.get_kind_display(), person(r.actor), r.comment]
                    for r in reviews
                ],
                [2.5, 1.4, 2.2, 4],
            ),
        )
    if confirmed:
        doc.add(Para(f"内容のハッシュ値（SHA-256）：{meeting.content_sha256}"))
    else:
        doc.add(Para("この記録は発注者の確認前の案です。"))
    return doc
