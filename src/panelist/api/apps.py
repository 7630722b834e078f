from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "panelist.api"
    verbose_name = "API"
