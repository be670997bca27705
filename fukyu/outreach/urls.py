from django.urls import URLPattern, URLResolver, path

from fukyu.outreach import tally_views, views

app_name = "outreach"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.board, name="board"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("events/", views.event_index, name="event_list"),
    path("events/new/", views.event_new, name="event_new"),
    path("events/<int:pk>/", views.event_detail, name="event_detail"),
    path("events/<int:pk>/edit/", views.event_edit, name="event_edit"),
    path("events/<int:pk>/status/", views.event_status, name="event_status"),
    path("events/<int:pk>/checklist/", views.event_checklist, name="event_checklist"),
    path("events/<int:pk>/materials/", views.event_materials, name="event_materials"),
    path("events/<int:pk>/photos/", views.photo_upload, name="photo_upload"),
    path("events/<int:pk>/photos/<int:photo_pk>/", views.photo_file, name="photo_file"),
    path("events/<int:pk>/photos/<int:photo_pk>/delete/", views.photo_delete, name="photo_delete"),
    path("events/<int:pk>/report.pdf", views.event_report, name="event_report"),
    path("events/<int:pk>/tally/", tally_views.tally_page, name="tally"),
    path("tally-sw.js", tally_views.tally_service_worker, name="tally_sw"),
]
