from django.urls import path

from fukyu.callcenter.views import faq, inquiries, operator

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
]
