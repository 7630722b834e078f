from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "panelist.library"
    verbose_name = "Ladder and rubric library"
