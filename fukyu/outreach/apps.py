from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "fukyu.outreach"
    label = "outreach"
    verbose_name = "普及イベント"
