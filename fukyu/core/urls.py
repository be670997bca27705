from django.urls import path

from fukyu.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("settings/mini-apps/", views.mini_app_index, name="mini_apps"),
    path("settings/mini-apps/new/", views.mini_app_edit, name="mini_app_new"),
    path("settings/mini-apps/<int:pk>/", views.mini_app_edit, name="mini_app_edit"),
    path("settings/categories/", views.category_index, name="categories"),
    path("settings/categories/new/", views.category_edit, name="category_new"),
    path("settings/categories/<int:pk>/", views.category_edit, name="category_edit"),
]
