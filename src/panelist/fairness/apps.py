from django.apps import AppConfig


class FairnessConfig(AppConfig):
    name = "panelist.fairness"
    verbose_name = "Fairness (self-identification and adverse impact)"
