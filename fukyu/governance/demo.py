"""Synthetic governance records for `manage.py seed_demo`: a work plan, a roster, meetings.

All names are made up (サンプル). Meetings held before the system's today are submitted; the
older ones are confirmed by the demo client user, the latest waits for the client's confirmation.
"""

from __future__ import annotations

import datetime as dt
import random

from fukyu.accounts.models import User
from fukyu.core import clock
from fukyu.core.calendar import TOKYO
from fukyu.core.models import Contract
from fukyu.governance.models import RosterChange, RosterNotice, WorkItem, WorkPlan
from fukyu.governance.models.plans import PlanTask
from fukyu.governance.services import (
    AttendeeData,
    MeetingData,
    MemberValues,
    meeting_confirm,
    meeting_create,
    meeting_submit,
    plan_task_save,
    roster_change_apply,
    roster_change_propose,
    roster_notice_record,
    work_item_save,
    work_plan_acknowledge,
    work_plan_create,
    work_plan_submit,
)

ACTOR = "manage.py seed_demo"
ITEMS = [
    ("コールセンターの設置・運営", "専用フリーダイヤルで土日も含め9時〜17時30分に受け付ける。", "サンプル 業務責任者"),
    ("普及イベントの開催", "県内7圏域で体験会を開き、アプリのインストールと登録を支援する。", "サンプル イベント班長"),
    ("広報物の制作・配布", "チラシ・ポスターを制作し、市町村・公共施設へ配布する。", "サンプル 広報担当"),
    ("特設サイトの運営", "イベント情報・FAQを掲載し、更新を記録する。", "サンプル 広報担当"),
    ("報告・個人情報の管理", "月次報告と個人情報の取扱状況の報告を行う。", "サンプル 個人情報管理責任者"),
]  # fmt: skip
TASKS = [
    ("コールセンター準備", "2024-09-17", "2024-10-31"),
    ("コールセンター運営", "2024-11-01", "2025-03-28"),
    ("普及イベント", "2024-12-01", "2025-02-28"),
    ("広報物の制作・配布", "2024-10-01", "2024-11-30"),
    ("実績報告書の作成", "2025-03-01", "2025-03-31"),
]
MEMBERS = [
    ("サンプル 一郎", "業務責任者", True, True),
    ("サンプル 花子", "個人情報取扱責任者", True, True),
    ("サンプル 次郎", "コールセンター スーパーバイザー", False, True),
    ("サンプル 幸子", "コールセンター オペレーター", False, True),
    ("サンプル 健太", "イベントスタッフ", False, False),
    ("サンプル 美咲", "広報担当", False, False),
]
MEETINGS = [
    ("2024-09-05", "キックオフ打合せ", "業務実施計画の確認、体制の確認"),
    ("2024-10-10", "第1回定例打合せ", "コールセンター開設準備、FAQ案の確認"),
    ("2024-11-14", "第2回定例打合せ", "開設後2週間の入電状況、イベント会場の候補"),
    ("2024-12-12", "第3回定例打合せ", "12月の入電状況、年末年始の対応"),
    ("2025-01-09", "第4回定例打合せ", "イベント実施状況、1月の広報"),
    ("2025-02-13", "第5回定例打合せ", "2月のイベント、実績報告書の構成"),
    ("2025-03-13", "第6回定例打合せ", "業務の完了に向けた確認"),
]


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def _plan(contract: Contract, manager: User | None, client: User | None) -> WorkPlan:
    plan = work_plan_create(
        actor=manager or ACTOR,
        contract=contract,
        policy="県民が安心してアプリを使い始められるよう、電話・対面・広報で支援する（サンプル）。",
    )
    items = []
    for order, (title, method, responsible) in enumerate(ITEMS):
        items.append(
            work_item_save(
                actor=manager or ACTOR,
                item=WorkItem(
                    plan=plan, order=order, title=title, method=method, responsible=responsible
                ),
            )
        )
    for order, (name, start, end) in enumerate(TASKS):
        plan_task_save(
            actor=manager or ACTOR,
            task=PlanTask(
                plan=plan,
                work_item=items[min(order, len(items) - 1)],
                order=order,
                name=name,
                starts_on=dt.date.fromisoformat(start),
                ends_on=dt.date.fromisoformat(end),
            ),
            depends_on=[],
        )
    work_plan_submit(actor=manager or ACTOR, plan=plan)
    return work_plan_acknowledge(
        actor=client or ACTOR, plan=plan, comment="受領しました（サンプル）"
    )


def _roster(contract: Contract, manager: User | None) -> int:
    changes = [
        roster_change_propose(
            actor=manager or ACTOR,
            contract=contract,
            kind=RosterChange.Kind.ADD,
            values=MemberValues(
                name=name,
                organisation="受注者（サンプル）",
                role_title=role,
                is_pi_manager=pi_manager,
                is_pi_handler=pi_handler,
            ),
            reason="業務開始時の届出（サンプル）",
        )
        for name, role, pi_manager, pi_handler in MEMBERS
    ]
    roster_notice_record(
        actor=manager or ACTOR,
        contract=contract,
        changes=changes,
        notified_on=min(contract.settings.starts_on + dt.timedelta(days=7), clock.today()),
        method=RosterNotice.Method.DOCUMENT,
        note="業務従事者等届（サンプル）",
    )
    for change in changes:
        roster_change_apply(actor=manager or ACTOR, change=change)
    return len(changes)


def _meetings(contract: Contract, manager: User | None, client: User | None) -> tuple[int, int]:
    today = clock.today()
    held = [m for m in MEETINGS if dt.date.fromisoformat(m[0]) < today]
    confirmed = 0
    for index, (day, title, agenda) in enumerate(held):
        start = dt.datetime.combine(dt.date.fromisoformat(day), dt.time(14), tzinfo=TOKYO)
        meeting = meeting_create(
            actor=manager or ACTOR,
            contract=contract,
            data=MeetingData(
                title=f"{title}（サンプル）",
                held_at=start,
                ends_at=start + dt.timedelta(hours=1),
                place="宮城県庁 会議室（サンプル）",
                agenda=agenda,
                minutes=f"{agenda}について報告し、意見交換を行った。（合成データ）",
                decisions="次回までに受注者が資料を更新する。",
                attendees=(
                    AttendeeData("県 担当者（サンプル）", "client", "宮城県"),
                    AttendeeData("サンプル 一郎", "contractor", "受注者（サンプル）"),
                ),
            ),
        )
        meeting_submit(actor=manager or ACTOR, meeting=meeting)
        if index < len(held) - 1:
            meeting_confirm(actor=client or ACTOR, meeting=meeting, comment="確認しました")
            confirmed += 1
    return len(held), confirmed


def seed(*, contract: Contract, rng: random.Random, scale: float) -> str:
    if WorkPlan.objects.filter(contract=contract).exists():
        return "業務実施計画書が既にあるため作成しませんでした"
    manager, client = _user("demo_manager"), _user("demo_client")
    _plan(contract, manager, client)
    members = _roster(contract, manager)
    meetings, confirmed = _meetings(contract, manager, client)
    return (
        f"業務実施計画書 1件（受領済み）、名簿 {members}名、"
        f"打合せ記録 {meetings}件（うち確認済み {confirmed}件）（サンプル）"
    )


seed.order = 40  # type: ignore[attr-defined]
