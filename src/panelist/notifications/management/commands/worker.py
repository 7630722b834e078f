"""`panelist worker`: the database backend's worker (django-tasks-db's `db_worker`), plus a
timer that queues the `remind` task every PANELIST_REMIND_EVERY_SECONDS, and one that queues the
audit log's retention purge once a day.

The timer only queues; the worker loop runs the task like any other, so reminders need no
cron job and several workers may run side by side (each notification is sent once whatever
number of workers queue the same reminder). Autoreload is off by default: under `make run` the
worker must stop with the server, and a reloader's child would outlive its parent.
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.db import close_old_connections
from django_tasks_db.management.commands import db_worker

from panelist.audit.tasks import purge as audit_purge
from panelist.notifications.tasks import remind

logger = logging.getLogger(__name__)

AUDIT_PURGE_EVERY_SECONDS = 86_400


def _queue_every(task, seconds: int, stop: threading.Event) -> None:
    while not stop.wait(seconds):
        try:
            task.enqueue()
        except Exception:
            # A database that is down for a moment must not stop the timer for good.
            logger.exception("Could not queue %s; trying again in %s s.", task.name, seconds)
        finally:
            close_old_connections()


class Command(db_worker.Command):
    help = "Run queued background tasks (mail) and queue the reminders every few minutes."

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(reload=False)

    def handle(self, *args, **options) -> None:
        every = settings.PANELIST_REMIND_EVERY_SECONDS
        stop = threading.Event()
        if every and not options.get("batch"):
            remind.enqueue()
            threading.Thread(
                target=_queue_every, args=(remind, every, stop), daemon=True, name="remind"
            ).start()
        if not options.get("batch"):
            audit_purge.enqueue()
            threading.Thread(
                target=_queue_every,
                args=(audit_purge, AUDIT_PURGE_EVERY_SECONDS, stop),
                daemon=True,
                name="audit-purge",
            ).start()
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
