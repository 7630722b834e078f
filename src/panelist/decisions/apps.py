from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "panelist.decisions"
