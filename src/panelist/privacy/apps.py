from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "panelist.privacy"
    verbose_name = "Candidates' data rights"
