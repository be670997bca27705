from django.urls import URLPattern, URLResolver

app_name = "website"
urlpatterns: list[URLPattern | URLResolver] = []
