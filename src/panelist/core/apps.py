from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "panelist.core"
    verbose_name = "Site"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from panelist.core import checks  # noqa: F401  (registers the deploy checks)

        post_migrate.connect(ensure_revision_triggers, sender=self)


def ensure_revision_triggers(using="default", **kwargs) -> None:
    """After every ``migrate`` (and a test database's flush): the triggers of tables added or
    rebuilt since (panelist.core.revisions)."""
    from django.db import connections

    from panelist.core import revisions

    connection = connections[using]
    if "core_revision" in connection.introspection.table_names():
        revisions.ensure_triggers(connection)
