"""``panelist audit purge``: delete the audit events older than PANELIST_AUDIT_RETENTION_DAYS."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from panelist.audit import services


class Command(BaseCommand):
    help = (
        "The audit log. `purge`: delete the events older than PANELIST_AUDIT_RETENTION_DAYS "
        "(the only way events are ever deleted)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        purge = actions.add_parser("purge", help="Delete the events past the retention.")
        purge.add_argument(
            "--dry-run", action="store_true", help="Count what would go; delete nothing."
        )

    def handle(self, *args, **options) -> None:
        days = settings.PANELIST_AUDIT_RETENTION_DAYS
        count = services.purge(dry_run=options["dry_run"])
        cutoff = services.retention_cutoff()
        verb = "Would delete" if options["dry_run"] else "Deleted"
        self.stdout.write(
            f"{verb} {count} audit event(s) from before {cutoff:%Y-%m-%d %H:%M} "
            f"(kept for {days} days)."
        )
