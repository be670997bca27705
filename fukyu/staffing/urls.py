from django.urls import path

from fukyu.staffing import views

app_name = "staffing"
urlpatterns = [
    path("", views.index, name="index"),
    path("settings/", views.settings_edit, name="settings"),
    path("peaks/new/", views.peak_edit, name="peak_new"),
    path("peaks/<int:pk>/", views.peak_edit, name="peak_edit"),
    path("peaks/<int:pk>/delete/", views.peak_delete, name="peak_delete"),
    path("export.xlsx", views.export_xlsx, name="export"),
    path("simulate/", views.simulate, name="simulate"),
    path("actuals/", views.actuals, name="actuals"),
]
