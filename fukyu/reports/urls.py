from django.urls import URLPattern, URLResolver, path

from fukyu.reports import views

app_name = "reports"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("performance/<str:fmt>/", views.performance, name="performance"),
    path("completion/", views.completion, name="completion"),
    path("package/", views.package, name="package"),
]
