"""`panelist worker`: runs the queued background tasks (mail) with the worker of the configured
tasks backend, plus a timer that queues the `remind` task every PANELIST_REMIND_EVERY_SECONDS.

- On the database backend it is django-tasks-db's `db_worker`.
- On the Redis backend (PANELIST_TASKS_BACKEND=redis) it is an RQ worker over the queues of
  django-tasks-rq, with the same options (`--batch`, `--max-tasks`, `--queue-name`,
  `--worker-id`), so `make run`, scripts and service files need no change.

A second timer queues the audit log's retention purge once a day, a third the candidates'
retention (panelist.privacy), which anonymises those whose retention has ended.

The timer only queues; the worker loop runs the task like any other, so reminders need no
cron job and several workers may run side by side (each notification is sent once whatever
number of workers queue the same reminder). Autoreload is off by default: under `make run` the
worker must stop with the server, and a reloader's child would outlive its parent.
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django_tasks_db.management.commands import db_worker

from panelist.audit.tasks import purge as audit_purge
from panelist.notifications.tasks import remind
from panelist.privacy.tasks import apply_retention

logger = logging.getLogger(__name__)

RQ_BACKEND = "django_tasks_rq.RQBackend"

AUDIT_PURGE_EVERY_SECONDS = 86_400
RETENTION_EVERY_SECONDS = 86_400


def _queue_every(task, seconds: int, stop: threading.Event) -> None:
    while not stop.wait(seconds):
        try:
            task.enqueue()
        except Exception:
            # A database or Redis that is down for a moment must not stop the timer for good.
            logger.exception("Could not queue %s; trying again in %s s.", task.name, seconds)
        finally:
            close_old_connections()


class _RemindTimer:
    """Queues the reminders now and then every few seconds while the worker runs (not in
    `--batch` runs, which only empty the queue)."""

    def run_worker(self, *args, **options) -> None:
        raise NotImplementedError

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
            apply_retention.enqueue()
            threading.Thread(
                target=_queue_every,
                args=(apply_retention, RETENTION_EVERY_SECONDS, stop),
                daemon=True,
                name="retention",
            ).start()
        try:
            self.run_worker(*args, **options)
        finally:
            stop.set()


class DatabaseWorker(_RemindTimer, db_worker.Command):
    help = "Run queued background tasks (mail) and queue the reminders every few minutes."

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(reload=False)

    def run_worker(self, *args, **options) -> None:
        db_worker.Command.handle(self, *args, **options)


class RedisWorker(_RemindTimer, BaseCommand):
    help = "Run the background tasks queued in Redis and queue the reminders every few minutes."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--queue-name", default="default", help="The queue to run (default: default)."
        )
        parser.add_argument("--batch", action="store_true", help="Run what is queued, then exit.")
        parser.add_argument(
            "--max-tasks", type=int, default=None, help="Exit after running this many tasks."
        )
        parser.add_argument("--worker-id", default=None, help="The worker's name in Redis.")
        parser.add_argument(
            "--no-startup-delay",
            action="store_true",
            help="Accepted for the database worker's command line; RQ starts at once.",
        )

    def run_worker(self, *args, **options) -> None:
        from django_rq.workers import get_worker
        from rq.worker import SimpleWorker

        class TaskWorker(SimpleWorker):
            # Tasks run in this process (no fork per task, as on the database backend), so
            # stale database connections are dropped around each one as a request would.
            def perform_job(self, job, queue, execution) -> bool:
                close_old_connections()
                try:
                    return super().perform_job(job, queue, execution)
                finally:
                    close_old_connections()

        worker = get_worker(
            options["queue_name"],
            job_class="django_tasks_rq.Job",
            worker_class=TaskWorker,
            name=options["worker_id"],
        )
        close_old_connections()
        worker.work(
            burst=options["batch"],
            max_jobs=options["max_tasks"],
            logging_level="DEBUG"
            if options["verbosity"] >= 2
            else "WARNING"
            if options["verbosity"] == 0
            else "INFO",
        )


def Command() -> BaseCommand:
    """Django loads the command as `Command()`: this gives the worker of the tasks backend in
    use, read when the command is loaded (so a test's settings override chooses it too)."""
    if settings.TASKS["default"]["BACKEND"] == RQ_BACKEND:
        return RedisWorker()
    return DatabaseWorker()
