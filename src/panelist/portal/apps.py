from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "panelist.portal"
    verbose_name = "Candidate portal"
