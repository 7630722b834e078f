from django.apps import AppConfig


class GreenhouseConfig(AppConfig):
    name = "panelist.greenhouse"
