from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "panelist.core"
    verbose_name = "Site"

    def ready(self) -> None:
        from panelist.core import checks  # noqa: F401  (registers the deploy checks)
