from django.apps import AppConfig


class WebsiteConfig(AppConfig):
    name = "fukyu.website"
    label = "website"
    verbose_name = "WEBサイト"
