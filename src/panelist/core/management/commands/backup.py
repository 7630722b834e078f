"""``panelist backup PATH``: a consistent copy of the whole database, taken while the app runs."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from panelist.core import backups
from panelist.core.management.progress import run_with_progress


class Command(BaseCommand):
    help = (
        "Back up the database to PATH: SQLite through its online backup API, PostgreSQL "
        "through pg_dump's custom format. Restore it with `panelist restore PATH`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="The backup file to write.")
        parser.add_argument("--force", action="store_true", help="Replace an existing file.")

    def handle(self, *args, **options) -> None:
        outcome, seconds = run_with_progress(
            self.stderr,
            "Backing up",
            lambda progress: backups.database_backup(
                path=options["path"], overwrite=options["force"], progress=progress
            ),
        )
        self.stdout.write(
            f"Backed up the {outcome.engine} database to {outcome.path} "
            f"({outcome.size / 1_000_000:.1f} MB, {seconds:.1f} s)."
        )
