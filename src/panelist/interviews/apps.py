from django.apps import AppConfig


class InterviewsConfig(AppConfig):
    name = "panelist.interviews"
