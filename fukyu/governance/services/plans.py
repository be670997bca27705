"""The work plan: versions with change notes, work items, tasks, submission, acknowledgement."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from fukyu.audit.services import audit_record, diff, snapshot
from fukyu.core import clock
from fukyu.core.models import Contract
from fukyu.governance.models import PlanTask, WorkItem, WorkPlan
from fukyu.governance.services.common import (
    StateConflictError,
    acting_user,
    lock_contract,
    next_number,
)

PLAN_FIELDS = ("title", "policy", "change_note")
ITEM_FIELDS = ("order", "title", "method", "responsible")
TASK_FIELDS = ("order", "name", "kind", "starts_on", "ends_on", "work_item", "note")
FROZEN_MESSAGE = "提出済みの版は変更できません。変更する場合は新しい版を作成してください"


def _editable(plan: WorkPlan) -> WorkPlan:
    locked = WorkPlan.objects.select_for_update().get(pk=plan.pk)
    if locked.status != WorkPlan.Status.DRAFT:
        raise StateConflictError(FROZEN_MESSAGE)
    return locked


def work_plan_create(
    *, actor: Any, contract: Contract, title: str = "業務実施計画書", policy: str = ""
) -> WorkPlan:
    with transaction.atomic():
        lock_contract(contract)
        if WorkPlan.objects.filter(contract=contract).exists():
            raise StateConflictError("業務実施計画書は作成済みです。変更は新しい版で行ってください")
        plan = WorkPlan(
            contract=contract,
            version=1,
            title=title.strip() or "業務実施計画書",
            policy=policy,
            created_at=clock.now(),
            created_by=acting_user(actor),
        )
        plan.full_clean()
        plan.save()
        audit_record(
            actor=actor, action="work_plan.create", obj=plan, changes=diff({}, {"version": 1})
        )
    return plan


def work_plan_update(
    *, actor: Any, plan: WorkPlan, title: str, policy: str, change_note: str
) -> WorkPlan:
    with transaction.atomic():
        locked = _editable(plan)
        before = snapshot(locked, PLAN_FIELDS)
        locked.title, locked.policy, locked.change_note = title.strip(), policy, change_note
        locked.full_clean()
        locked.save()
        audit_record(
            actor=actor,
            action="work_plan.update",
            obj=locked,
            changes=diff(before, snapshot(locked, PLAN_FIELDS)),
        )
    return locked


def work_plan_new_version(*, actor: Any, base: WorkPlan, change_note: str) -> WorkPlan:
    """A new draft version copied from `base` (items, tasks and their dependencies)."""
    if not change_note.strip():
        raise ValidationError({"change_note": "新しい版の変更内容を入力してください"})
    with transaction.atomic():
        lock_contract(base.contract)
        draft = WorkPlan.objects.filter(
            contract=base.contract, status=WorkPlan.Status.DRAFT
        ).first()
        if draft is not None:
            raise StateConflictError(
                f"作成中の版（第{draft.version}版）があります。先に提出してください"
            )
        plan = WorkPlan(
            contract=base.contract,
            version=next_number(WorkPlan, base.contract, "version"),
            title=base.title,
            policy=base.policy,
            change_note=change_note.strip(),
            based_on=base,
            created_at=clock.now(),
            created_by=acting_user(actor),
        )
        plan.full_clean()
        plan.save()
        items: dict[int, WorkItem] = {}
        for item in base.items.all():
            items[item.pk] = WorkItem.objects.create(
                plan=plan,
                order=item.order,
                title=item.title,
                method=item.method,
                responsible=item.responsible,
            )
        tasks: dict[int, PlanTask] = {}
        old_tasks = list(base.tasks.prefetch_related("depends_on"))
        for task in old_tasks:
            tasks[task.pk] = PlanTask.objects.create(
                plan=plan,
                work_item=items.get(task.work_item_id) if task.work_item_id else None,
                order=task.order,
                name=task.name,
                kind=task.kind,
                starts_on=task.starts_on,
                ends_on=task.ends_on,
                note=task.note,
            )
        for task in old_tasks:
            tasks[task.pk].depends_on.set([tasks[d.pk] for d in task.depends_on.all()])
        audit_record(
            actor=actor,
            action="work_plan.new_version",
            obj=plan,
            changes={"version": [base.version, plan.version]},
            note=change_note.strip(),
        )
    return plan


def work_item_save(*, actor: Any, item: WorkItem) -> WorkItem:
    with transaction.atomic():
        _editable(item.plan)
        before = (
            snapshot(WorkItem.objects.get(pk=item.pk), ITEM_FIELDS)
            if item.pk
            else dict.fromkeys(ITEM_FIELDS)
        )
        action = "work_item.update" if item.pk else "work_item.create"
        item.full_clean()
        item.save()
        audit_record(
            actor=actor, action=action, obj=item, changes=diff(before, snapshot(item, ITEM_FIELDS))
        )
    return item


def work_item_delete(*, actor: Any, item: WorkItem) -> None:
    with transaction.atomic():
        _editable(item.plan)
        before = snapshot(item, ITEM_FIELDS)
        audit_record(
            actor=actor,
            action="work_item.delete",
            obj=item,
            changes=diff(before, dict.fromkeys(ITEM_FIELDS)),
        )
        item.delete()


def _depends_on_cycle(task: PlanTask, depends_on: list[PlanTask]) -> bool:
    """Would `task` reach itself by following dependencies from `depends_on`?"""
    edges: dict[int, set[int]] = {}
    for t in PlanTask.objects.filter(plan=task.plan).prefetch_related("depends_on"):
        edges[t.pk] = {d.pk for d in t.depends_on.all()}
    seen: set[int] = set()
    stack = [d.pk for d in depends_on]
    while stack:
        current = stack.pop()
        if current == task.pk:
            return True
        if current in seen:
            continue
        seen.add(current)
        stack.extend(edges.get(current, ()))
    return False


def _validate_task(task: PlanTask, depends_on: list[PlanTask]) -> None:
    errors: dict[str, list[str]] = {}
    if task.is_milestone:
        task.ends_on = task.starts_on
    if task.starts_on and task.ends_on and task.ends_on < task.starts_on:
        errors.setdefault("ends_on", []).append("終了日は開始日以降にしてください")
    if task.work_item_id and task.work_item and task.work_item.plan_id != task.plan_id:
        errors.setdefault("work_item", []).append("同じ版の業務項目を選んでください")
    foreign = [d for d in depends_on if d.plan_id != task.plan_id]
    for dep in foreign:
        errors.setdefault("depends_on", []).append(f"「{dep.name}」は別の版の作業です")
    if task.pk and any(d.pk == task.pk for d in depends_on):
        errors.setdefault("depends_on", []).append("自分自身を先行作業にはできません")
    elif task.pk and not foreign and _depends_on_cycle(task, depends_on):
        errors.setdefault("depends_on", []).append("先行作業が循環しています")
    if not errors.get("depends_on"):
        for dep in depends_on:
            if task.starts_on and dep.ends_on > task.starts_on:
                errors.setdefault("depends_on", []).append(
                    f"先行作業「{dep.name}」の終了日（{dep.ends_on:%Y-%m-%d}）より前には開始できません"
                )
    if task.pk and task.ends_on:
        for later in task.dependants.all():
            if later.starts_on < task.ends_on:
                errors.setdefault("ends_on", []).append(
                    f"後続作業「{later.name}」の開始日（{later.starts_on:%Y-%m-%d}）より後に終了できません"
                )
    if errors:
        raise ValidationError(errors)


def plan_task_save(*, actor: Any, task: PlanTask, depends_on: list[PlanTask]) -> PlanTask:
    with transaction.atomic():
        _editable(task.plan)
        before: dict[str, Any] = dict.fromkeys([*TASK_FIELDS, "depends_on"])
        if task.pk:
            old = PlanTask.objects.get(pk=task.pk)
            before = {
                **snapshot(old, TASK_FIELDS),
                "depends_on": sorted(d.name for d in old.depends_on.all()),
            }
        action = "plan_task.update" if task.pk else "plan_task.create"
        _validate_task(task, depends_on)
        task.full_clean()
        task.save()
        task.depends_on.set(depends_on)
        after = {**snapshot(task, TASK_FIELDS), "depends_on": sorted(d.name for d in depends_on)}
        audit_record(actor=actor, action=action, obj=task, changes=diff(before, after))
    return task


def plan_task_delete(*, actor: Any, task: PlanTask) -> None:
    with transaction.atomic():
        _editable(task.plan)
        audit_record(
            actor=actor,
            action="plan_task.delete",
            obj=task,
            changes=diff(snapshot(task, TASK_FIELDS), dict.fromkeys(TASK_FIELDS)),
        )
        task.delete()


def work_plan_submit(*, actor: Any, plan: WorkPlan) -> WorkPlan:
    with transaction.atomic():
        locked = WorkPlan.objects.select_for_update().get(pk=plan.pk)
        if locked.status != WorkPlan.Status.DRAFT:
            raise StateConflictError("この版は提出済みです")
        problems = []
        if not locked.items.exists():
            problems.append("業務項目を1件以上入力してください")
        if not locked.tasks.exists():
            problems.append("スケジュール（作業・マイルストーン）を1件以上入力してください")
        if locked.version > 1 and not locked.change_note.strip():
            problems.append("前の版からの変更内容を入力してください")
        if problems:
            raise ValidationError(problems)
        locked.status = WorkPlan.Status.SUBMITTED
        locked.submitted_at = clock.now()
        locked.submitted_by = acting_user(actor)
        locked.save(update_fields=["status", "submitted_at", "submitted_by"])
        audit_record(
            actor=actor,
            action="work_plan.submit",
            obj=locked,
            changes={"status": [WorkPlan.Status.DRAFT, WorkPlan.Status.SUBMITTED]},
        )
    return locked


def work_plan_acknowledge(*, actor: Any, plan: WorkPlan, comment: str = "") -> WorkPlan:
    """The client records that it has received the submitted version."""
    with transaction.atomic():
        locked = WorkPlan.objects.select_for_update().get(pk=plan.pk)
        if locked.status != WorkPlan.Status.SUBMITTED:
            raise StateConflictError("提出済みの版だけを受領確認できます")
        locked.status = WorkPlan.Status.ACKNOWLEDGED
        locked.acknowledged_at = clock.now()
        locked.acknowledged_by = acting_user(actor)
        locked.acknowledge_comment = comment.strip()
        locked.save(
            update_fields=["status", "acknowledged_at", "acknowledged_by", "acknowledge_comment"]
        )
        audit_record(
            actor=actor,
            action="work_plan.acknowledge",
            obj=locked,
            changes={"status": [WorkPlan.Status.SUBMITTED, WorkPlan.Status.ACKNOWLEDGED]},
            note=comment.strip(),
        )
    return locked
