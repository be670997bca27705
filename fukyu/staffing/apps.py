from django.apps import AppConfig


class StaffingConfig(AppConfig):
    name = "fukyu.staffing"
    label = "staffing"
    verbose_name = "人員計画"
