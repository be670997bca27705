from django.apps import AppConfig


class CallcenterConfig(AppConfig):
    name = "fukyu.callcenter"
    label = "callcenter"
    verbose_name = "コールセンター"
