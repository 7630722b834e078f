from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "panelist.audit"
    verbose_name = "Audit log"

    def ready(self) -> None:
        from panelist.audit import receivers

        receivers.connect()
