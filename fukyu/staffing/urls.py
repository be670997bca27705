from django.urls import URLPattern, URLResolver

app_name = "staffing"
urlpatterns: list[URLPattern | URLResolver] = []
