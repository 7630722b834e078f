"""``panelist serve``: the production server (gunicorn on panelist.wsgi).

It refuses to start on a database with unapplied migrations, builds the static files (hashed
and compressed, served by whitenoise) so that no separate step can be forgotten, then hands
over to gunicorn with the workers, address and timeouts of the environment (README, Deploy).
"""

from __future__ import annotations

import re
import time
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from gunicorn.app.base import BaseApplication
from gunicorn.glogging import Logger

# Paths that carry a secret: a calendar feed's address, a mail's unsubscribe link, a password
# reset link. The access log keeps where a request went, not the secret.
SECRET_IN_PATH = re.compile(
    r"(/notifications/calendar/|/notifications/unsubscribe/|/accounts/password/reset/key/)"
    r"[^/?\s]+"
)


def mask_secrets(text: str) -> str:
    return SECRET_IN_PATH.sub(r"\1[hidden]", text)


class MaskingLogger(Logger):
    """gunicorn's access log with the secrets in paths replaced by ``[hidden]``."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        # Every text atom: the request line and path, and the Referer of the request that
        # follows a visit to such a page.
        return {k: mask_secrets(v) if isinstance(v, str) else v for k, v in atoms.items()}


class PanelistServer(BaseApplication):
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from panelist.wsgi import application

        return application


def unapplied_migrations() -> list[str]:
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _ in plan]


def gunicorn_options() -> dict[str, Any]:
    return {
        "bind": [settings.PANELIST_BIND],
        "workers": settings.PANELIST_WORKERS,
        "timeout": settings.PANELIST_TIMEOUT,
        "graceful_timeout": settings.PANELIST_GRACEFUL_TIMEOUT,
        "worker_class": "sync",
        # Load the application once, before the workers start: a broken start fails here,
        # once, with its message, instead of in every worker.
        "preload_app": True,
        "proc_name": "panelist",
        "accesslog": "-",
        "errorlog": "-",
        "logger_class": f"{__name__}.MaskingLogger",
    }


class Command(BaseCommand):
    help = (
        "Serve Panelist in production: build the static files, then run gunicorn with "
        "PANELIST_BIND, PANELIST_WORKERS, PANELIST_TIMEOUT and PANELIST_GRACEFUL_TIMEOUT."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        pending = unapplied_migrations()
        if pending:
            raise CommandError(
                f"{len(pending)} database migration(s) not applied (first: {pending[0]}); "
                "run `panelist migrate` first."
            )
        started = time.monotonic()
        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(
            f"Static files built in {settings.STATIC_ROOT} ({time.monotonic() - started:.1f} s)."
        )
        self.stdout.write(
            f"Serving on {settings.PANELIST_BIND} with {settings.PANELIST_WORKERS} worker(s), "
            f"DEBUG={'true' if settings.DEBUG else 'false'}."
        )
        self.stdout.flush()
        # The workers are forked from this process: none may inherit its database connection.
        connections.close_all()
        PanelistServer(gunicorn_options()).run()
