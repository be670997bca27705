from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "fukyu.privacy"
    label = "privacy"
    verbose_name = "個人情報"
