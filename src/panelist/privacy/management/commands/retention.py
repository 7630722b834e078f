"""`panelist retention [--dry-run]`: anonymise the candidates whose retention has ended, as the
worker's daily task does (for installations that run it from cron instead)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from panelist.privacy.services import retention_apply


class Command(BaseCommand):
    help = "Anonymise the candidates whose retention period has ended."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Say how many are due; change nothing."
        )

    def handle(self, *args, dry_run: bool = False, **options) -> None:
        done = retention_apply(dry_run=dry_run)
        verb = "would be anonymised" if dry_run else "anonymised"
        self.stdout.write(f"{len(done)} candidate(s) {verb}.")
