from django.apps import AppConfig


class PublicityConfig(AppConfig):
    name = "fukyu.publicity"
    label = "publicity"
    verbose_name = "広報・制作物"
