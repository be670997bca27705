from django.shortcuts import redirect
from django.urls import include, path

from config.api import api

urlpatterns = [
    path("", lambda request: redirect("core:home"), name="root"),
    path("ops/", include("fukyu.accounts.urls")),
    path("ops/", include("fukyu.core.urls")),
    path("ops/audit/", include("fukyu.audit.urls")),
    path("api/v1/", api.urls),
]
