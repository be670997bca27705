from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "fukyu.reports"
    label = "reports"
    verbose_name = "報告書・成果品"
