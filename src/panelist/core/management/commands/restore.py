"""``panelist restore PATH``: replace the database's content with a `panelist backup` file."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from panelist.core import backups
from panelist.core.management.commands.serve import unapplied_migrations
from panelist.core.management.progress import run_with_progress


class Command(BaseCommand):
    help = (
        "Restore the database from a `panelist backup` file. A database that holds records "
        "is replaced only with --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="The backup file to read.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace a database that already holds records.",
        )

    def handle(self, *args, **options) -> None:
        outcome, seconds = run_with_progress(
            self.stderr,
            "Restoring",
            lambda progress: backups.database_restore(
                path=options["path"], force=options["force"], progress=progress
            ),
        )
        self.stdout.write(
            f"Restored the {outcome.engine} database from {outcome.path} ({seconds:.1f} s)."
        )
        pending = unapplied_migrations()
        if pending:
            self.stdout.write(
                f"The backup predates {len(pending)} migration(s) of this version; run "
                "`panelist migrate` before `panelist serve`."
            )
