from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "panelist.access"
    verbose_name = "Access and roles"
