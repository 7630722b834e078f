from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "panelist.core"
    verbose_name = "Site"
