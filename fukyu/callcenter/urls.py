from django.urls import URLPattern, URLResolver

app_name = "callcenter"
urlpatterns: list[URLPattern | URLResolver] = []
