from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "fukyu.core"
    label = "core"
    verbose_name = "契約・基本設定"

    def ready(self) -> None:
        from fukyu.core import refcache  # noqa: F401 (connects the cache's signals)
