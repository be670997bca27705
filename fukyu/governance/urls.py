from django.urls import URLPattern, URLResolver, path

from fukyu.governance.views import emails, meetings, overview, plans, roster

app_name = "governance"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", overview.index, name="index"),
    # Meeting records
    path("meetings/", meetings.meeting_index, name="meetings"),
    path("meetings/new/", meetings.meeting_new, name="meeting_new"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/edit/", meetings.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/submit/", meetings.meeting_submit_view, name="meeting_submit"),
    path("meetings/<int:pk>/withdraw/", meetings.meeting_withdraw_view, name="meeting_withdraw"),
    path("meetings/<int:pk>/confirm/", meetings.meeting_confirm_view, name="meeting_confirm"),
    path(
        "meetings/<int:pk>/request-changes/",
        meetings.meeting_request_changes_view,
        name="meeting_request_changes",
    ),
    path("meetings/<int:pk>/correct/", meetings.meeting_correct_view, name="meeting_correct"),
    path("meetings/<int:pk>/pdf/", meetings.meeting_pdf, name="meeting_pdf"),
    path("meetings/<int:pk>/attachments/", meetings.attachment_new, name="attachment_new"),
    path("attachments/<int:pk>/", meetings.attachment_get, name="attachment"),
    path("attachments/<int:pk>/delete/", meetings.attachment_remove, name="attachment_delete"),
    path("actions/", meetings.action_item_index, name="action_items"),
    path("actions/<int:pk>/status/", meetings.action_item_status, name="action_item_status"),
    # Work plan
    path("plan/", plans.plan_index, name="plans"),
    path("plan/new/", plans.plan_create, name="plan_create"),
    path("plan/<int:pk>/", plans.plan_detail, name="plan"),
    path("plan/<int:pk>/edit/", plans.plan_edit, name="plan_edit"),
    path("plan/<int:pk>/new-version/", plans.plan_new_version, name="plan_new_version"),
    path("plan/<int:pk>/submit/", plans.plan_submit, name="plan_submit"),
    path("plan/<int:pk>/acknowledge/", plans.plan_acknowledge, name="plan_acknowledge"),
    path("plan/<int:pk>/docx/", plans.plan_export, {"fmt": "docx"}, name="plan_docx"),
    path("plan/<int:pk>/pdf/", plans.plan_export, {"fmt": "pdf"}, name="plan_pdf"),
    path("plan/<int:plan_pk>/items/new/", plans.item_edit, name="item_new"),
    path("plan/<int:plan_pk>/items/<int:pk>/", plans.item_edit, name="item_edit"),
    path("plan/<int:plan_pk>/items/<int:pk>/delete/", plans.item_delete, name="item_delete"),
    path("plan/<int:plan_pk>/tasks/new/", plans.task_edit, name="task_new"),
    path("plan/<int:plan_pk>/tasks/<int:pk>/", plans.task_edit, name="task_edit"),
    path("plan/<int:plan_pk>/tasks/<int:pk>/delete/", plans.task_delete, name="task_delete"),
    # Staff roster
    path("roster/", roster.roster_index, name="roster"),
    path("roster/add/", roster.roster_add, name="roster_add"),
    path("roster/members/<int:pk>/change/", roster.roster_member_change, name="roster_change"),
    path("roster/members/<int:pk>/remove/", roster.roster_member_remove, name="roster_remove"),
    path(
        "roster/changes/<int:pk>/apply/",
        roster.roster_change_apply_view,
        name="roster_change_apply",
    ),
    path(
        "roster/changes/<int:pk>/cancel/",
        roster.roster_change_cancel_view,
        name="roster_change_cancel",
    ),
    path("roster/notices/new/", roster.roster_notice_new, name="roster_notice_new"),
    path("roster/notices/<int:pk>/", roster.roster_notice_detail, name="roster_notice"),
    path(
        "roster/notices/<int:pk>/acknowledge/",
        roster.roster_notice_acknowledge_view,
        name="roster_notice_acknowledge",
    ),
    path(
        "roster/notices/<int:pk>/docx/",
        roster.roster_notice_export,
        {"fmt": "docx"},
        name="roster_notice_docx",
    ),
    path(
        "roster/notices/<int:pk>/pdf/",
        roster.roster_notice_export,
        {"fmt": "pdf"},
        name="roster_notice_pdf",
    ),
    path("roster/docx/", roster.roster_export, {"fmt": "docx"}, name="roster_docx"),
    path("roster/pdf/", roster.roster_export, {"fmt": "pdf"}, name="roster_pdf"),
    # Agreements by e-mail
    path("emails/", emails.email_index, name="emails"),
    path("emails/new/", emails.email_new, name="email_new"),
    path("emails/<int:pk>/", emails.email_detail, name="email"),
    path("emails/<int:pk>/edit/", emails.email_edit, name="email_edit"),
    path("emails/<int:pk>/eml/", emails.email_eml, name="email_eml"),
    path("emails/<int:pk>/promote/", emails.email_promote, name="email_promote"),
]
