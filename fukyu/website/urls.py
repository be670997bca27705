from django.urls import path

from fukyu.website import views

app_name = "website"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("rebuild/", views.rebuild, name="rebuild"),
    path("pages/", views.page_index, name="pages"),
    path("pages/start/<str:kind>/", views.page_start, name="page_start"),
    path("pages/start/app/<int:app_pk>/", views.page_start_app, name="page_start_app"),
    path("pages/<int:pk>/", views.page_detail, name="page"),
    path("pages/<int:pk>/unpublish/", views.page_unpublish_view, name="page_unpublish"),
    path("pages/<int:pk>/v/<int:number>/preview/", views.version_preview, name="preview"),
    path("pages/<int:pk>/v/<int:number>/publish/", views.version_publish, name="publish"),
    path("news/new/", views.news_new, name="news_new"),
    path("assets/<str:name>", views.preview_asset, name="asset"),
]
