"""`panelist worker`: the database backend's worker (django-tasks-db's `db_worker`), plus a
timer that queues the `remind` task every PANELIST_REMIND_EVERY_SECONDS.

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

from panelist.notifications.tasks import remind

logger = logging.getLogger(__name__)


def _queue_reminders_every(seconds: int, stop: threading.Event) -> None:
    while not stop.wait(seconds):
        try:
            remind.enqueue()
        except Exception:
            # A database that is down for a moment must not stop reminders for good.
            logger.exception("Could not queue the reminders; trying again in %s s.", seconds)
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
                target=_queue_reminders_every, args=(every, stop), daemon=True, name="remind"
            ).start()
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
