"""`panelist remind`: write the reminders due now and queue what is due to be sent.

`panelist worker` does this every PANELIST_REMIND_EVERY_SECONDS; this command is for a worker
run with that set to 0 and a cron job instead, and for looking at what is due (`--dry-run`)."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils import timezone

from panelist.notifications import services
from panelist.notifications.tasks import remind


class Command(BaseCommand):
    help = "Write the scorecard reminders and overdue notices due now and queue them."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what is waiting; write nothing."
        )

    def handle(self, *, dry_run: bool, **options) -> None:
        if dry_run:
            waiting = len(services.notifications_due(now=timezone.now()))
            self.stdout.write(f"{waiting} notification(s) waiting to be sent; nothing written.")
            return
        queued = remind.call()
        self.stdout.write(f"{queued} notification(s) queued for sending.")
