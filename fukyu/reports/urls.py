from django.urls import URLPattern, URLResolver, path

from fukyu.reports import views

app_name = "reports"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("performance/<str:fmt>/", views.performance, name="performance"),
    path("completion/", views.completion, name="completion"),
    path("completion/template/", views.template_file, name="template_file"),
    path("completion/template/upload/", views.template_upload, name="template_upload"),
    path("completion/template/reset/", views.template_reset, name="template_reset"),
    path("package/", views.package, name="package"),
    path("submissions/new/", views.submit, name="submit"),
    path("submissions/<int:pk>/file/", views.submission_file, name="submission_file"),
    path("submissions/<int:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
]
