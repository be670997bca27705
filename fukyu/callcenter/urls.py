from django.urls import path

from fukyu.callcenter.views import calls, escalations, faq, inquiries, operator, reports, summary

app_name = "callcenter"
urlpatterns = [
    path("", operator.operator, name="operator"),
    path("inquiries/", inquiries.inquiry_index, name="inquiries"),
    path("inquiries/<int:pk>/", inquiries.inquiry_detail, name="inquiry_detail"),
    path("inquiries/<int:pk>/edit/", inquiries.inquiry_edit, name="inquiry_edit"),
    path("inquiries/<int:pk>/reveal/", inquiries.inquiry_reveal, name="inquiry_reveal"),
    path("faq/", faq.faq_index, name="faq_list"),
    path("faq/new/", faq.faq_new, name="faq_new"),
    path("faq/candidates/", faq.faq_candidates_view, name="faq_candidates"),
    path("faq/<int:pk>/", faq.faq_detail, name="faq_detail"),
    path("faq/<int:pk>/edit/", faq.faq_edit, name="faq_edit"),
    path("faq/<int:pk>/retire/", faq.faq_retire_view, name="faq_retire"),
    path("faq/<int:pk>/restore/", faq.faq_restore_view, name="faq_restore"),
    path("escalations/", escalations.escalation_index, name="escalations"),
    path("escalations/<int:pk>/", escalations.escalation_detail, name="escalation_detail"),
    path("escalations/<int:pk>/send/", escalations.escalation_send_view, name="escalation_send"),
    path(
        "escalations/<int:pk>/answer/", escalations.escalation_answer_view, name="escalation_answer"
    ),
    path(
        "escalations/<int:pk>/callback/",
        escalations.escalation_callback_view,
        name="escalation_callback",
    ),
    path("reports/", reports.report_index, name="reports"),
    # Before reports/<str:day>/, which would otherwise take "summary" for a day.
    path("reports/summary/", summary.report_summary, name="summary"),
    path("reports/summary/file.<str:fmt>", summary.report_summary_file, name="summary_file"),
    path("reports/<str:day>/", reports.report_detail, name="report_detail"),
    path("reports/<str:day>/file.<str:fmt>", reports.report_file, name="report_file"),
    path("reports/<str:day>/notes/", reports.report_notes, name="report_notes"),
    path("reports/<str:day>/review/", reports.report_review, name="report_review"),
    path("reports/<str:day>/deliver/", reports.report_deliver, name="report_deliver"),
    path("calls/", calls.calls_dashboard, name="calls"),
]
