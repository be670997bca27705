from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "fukyu.governance"
    label = "governance"
    verbose_name = "計画・名簿・打合せ"
