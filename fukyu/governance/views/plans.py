"""The work plan: versions, work items, schedule with its Gantt chart, submission, export."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST, require_safe

from fukyu.accounts.permissions import has_perm, require_perm
from fukyu.core import clock
from fukyu.core.forms import add_service_errors
from fukyu.core.selectors import active_contract
from fukyu.governance.documents.builders import gantt_tasks, plan_document
from fukyu.governance.forms import (
    CommentForm,
    NewVersionForm,
    PlanTaskForm,
    WorkItemForm,
    WorkPlanForm,
)
from fukyu.governance.gantt import gantt_layout, render_svg
from fukyu.governance.models import PlanTask, WorkItem, WorkPlan
from fukyu.governance.selectors import plan_tasks, work_plan_latest, work_plan_list
from fukyu.governance.services import (
    StateConflictError,
    plan_task_delete,
    plan_task_save,
    work_item_delete,
    work_item_save,
    work_plan_acknowledge,
    work_plan_create,
    work_plan_new_version,
    work_plan_submit,
    work_plan_update,
)
from fukyu.governance.views.common import CONFIRM, MANAGE, READ, attempt, document_response


def _plan(request: HttpRequest, pk: int) -> WorkPlan:
    return get_object_or_404(work_plan_list(contract=active_contract(), user=request.user), pk=pk)


def _draft_or_redirect(request: HttpRequest, plan: WorkPlan) -> HttpResponse | None:
    if plan.is_editable:
        return None
    messages.error(
        request, "提出済みの版は変更できません。変更する場合は新しい版を作成してください"
    )
    return redirect("governance:plan", plan.pk)


@require_safe
@require_perm(*READ)
def plan_index(request: HttpRequest) -> HttpResponse:
    latest = work_plan_latest(contract=active_contract(), user=request.user)
    if latest is not None:
        return _render_plan(request, latest)
    return render(
        request, "governance/plan_empty.html", {"can_manage": has_perm(request.user, MANAGE)}
    )


@require_safe
@require_perm(*READ)
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_plan(request, _plan(request, pk))


def _render_plan(request: HttpRequest, plan: WorkPlan) -> HttpResponse:
    tasks = plan_tasks(plan=plan)
    today = clock.today()
    svg = render_svg(gantt_layout(gantt_tasks(tasks), today=today))
    return render(
        request,
        "governance/plan_detail.html",
        {
            "plan": plan,
            "items": plan.items.all(),
            "tasks": tasks,
            "versions": work_plan_list(contract=plan.contract, user=request.user),
            # Every text inside is escaped by render_svg.
            "gantt": mark_safe(svg),  # noqa: S308
            "has_tasks": bool(tasks),
            "can_manage": has_perm(request.user, MANAGE),
            "can_confirm": has_perm(request.user, CONFIRM),
            "version_form": NewVersionForm(),
            "comment_form": CommentForm(),
        },
    )


@require_POST
@require_perm(MANAGE)
def plan_create(request: HttpRequest) -> HttpResponse:
    try:
        plan = work_plan_create(actor=request.user, contract=active_contract())
    except StateConflictError as exc:
        messages.error(request, str(exc))
        return redirect("governance:plans")
    messages.success(request, "業務実施計画書（第1版）を作成しました")
    return redirect("governance:plan_edit", plan.pk)


@require_perm(MANAGE)
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    if (refused := _draft_or_redirect(request, plan)) is not None:
        return refused
    form = WorkPlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        if attempt(
            request,
            lambda: work_plan_update(
                actor=request.user,
                plan=plan,
                title=cd["title"],
                policy=cd["policy"],
                change_note=cd["change_note"],
            ),
            "計画書の表題・方針を保存しました",
        ):
            return redirect("governance:plan", plan.pk)
    return render(
        request,
        "governance/form.html",
        {"form": form, "title": f"{plan}の表題・実施方針", "back": plan},
    )


@require_POST
@require_perm(MANAGE)
def plan_new_version(request: HttpRequest, pk: int) -> HttpResponse:
    base = _plan(request, pk)
    form = NewVersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "新しい版の変更内容を入力してください")
        return redirect("governance:plan", base.pk)
    created: dict[str, WorkPlan] = {}

    def run() -> None:
        created["plan"] = work_plan_new_version(
            actor=request.user, base=base, change_note=form.cleaned_data["change_note"]
        )

    if attempt(request, run, "新しい版を作成しました。内容を直して提出してください"):
        return redirect("governance:plan", created["plan"].pk)
    return redirect("governance:plan", base.pk)


@require_POST
@require_perm(MANAGE)
def plan_submit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    attempt(
        request,
        lambda: work_plan_submit(actor=request.user, plan=plan),
        f"{plan}を発注者に提出しました",
    )
    return redirect("governance:plan", plan.pk)


@require_POST
@require_perm(CONFIRM)
def plan_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    form = CommentForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    attempt(
        request,
        lambda: work_plan_acknowledge(actor=request.user, plan=plan, comment=comment),
        f"{plan}の受領を確認しました",
    )
    return redirect("governance:plan", plan.pk)


@require_perm(MANAGE)
def item_edit(request: HttpRequest, plan_pk: int, pk: int | None = None) -> HttpResponse:
    plan = _plan(request, plan_pk)
    if (refused := _draft_or_redirect(request, plan)) is not None:
        return refused
    instance = (
        get_object_or_404(WorkItem, pk=pk, plan=plan)
        if pk
        else WorkItem(plan=plan, order=plan.items.count() + 1)
    )
    form = WorkItemForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            work_item_save(actor=request.user, item=form.save(commit=False))
        except ValidationError as exc:
            add_service_errors(form, exc)
        except StateConflictError as exc:
            messages.error(request, str(exc))
            return redirect("governance:plan", plan.pk)
        else:
            messages.success(request, f"業務項目「{instance.title}」を保存しました")
            return redirect("governance:plan", plan.pk)
    return render(
        request, "governance/form.html", {"form": form, "title": "業務項目", "back": plan}
    )


@require_POST
@require_perm(MANAGE)
def item_delete(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    plan = _plan(request, plan_pk)
    item = get_object_or_404(WorkItem, pk=pk, plan=plan)
    attempt(
        request,
        lambda: work_item_delete(actor=request.user, item=item),
        f"業務項目「{item.title}」を削除しました",
    )
    return redirect("governance:plan", plan.pk)


@require_perm(MANAGE)
def task_edit(request: HttpRequest, plan_pk: int, pk: int | None = None) -> HttpResponse:
    plan = _plan(request, plan_pk)
    if (refused := _draft_or_redirect(request, plan)) is not None:
        return refused
    instance = (
        get_object_or_404(PlanTask, pk=pk, plan=plan)
        if pk
        else PlanTask(plan=plan, order=plan.tasks.count() + 1)
    )
    form = PlanTaskForm(request.POST or None, instance=instance, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            plan_task_save(
                actor=request.user,
                task=form.save(commit=False),
                depends_on=list(form.cleaned_data["depends_on"]),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except StateConflictError as exc:
            messages.error(request, str(exc))
            return redirect("governance:plan", plan.pk)
        else:
            messages.success(request, f"「{instance.name}」を保存しました")
            return redirect("governance:plan", plan.pk)
    return render(
        request,
        "governance/form.html",
        {"form": form, "title": "作業・マイルストーン", "back": plan},
    )


@require_POST
@require_perm(MANAGE)
def task_delete(request: HttpRequest, plan_pk: int, pk: int) -> HttpResponse:
    plan = _plan(request, plan_pk)
    task = get_object_or_404(PlanTask, pk=pk, plan=plan)
    attempt(
        request,
        lambda: plan_task_delete(actor=request.user, task=task),
        f"「{task.name}」を削除しました",
    )
    return redirect("governance:plan", plan.pk)


@require_safe
@require_perm(*READ)
def plan_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    plan = _plan(request, pk)
    doc = plan_document(
        plan=plan,
        tasks=plan_tasks(plan=plan),
        history=list(work_plan_list(contract=plan.contract)),
        today=clock.today(),
    )
    return document_response(doc, f"業務実施計画書_第{plan.version}版", fmt)
