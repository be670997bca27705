from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "fukyu.privacy"
    label = "privacy"
    verbose_name = "個人情報"

    def ready(self) -> None:
        from fukyu.privacy.contacts import register_contact_kind

        register_contact_kind()
