"""``panelist backup PATH``: a consistent copy of the whole database and the candidates'
uploaded files, taken while the app runs."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from panelist.core import backups
from panelist.core.management.progress import ProgressLine, run_with_progress


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite through its online backup API, PostgreSQL through "
        "pg_dump's custom format) and the uploaded files to one archive at PATH. Restore it "
        "with `panelist restore PATH`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="The backup file to write.")
        parser.add_argument("--force", action="store_true", help="Replace an existing file.")

    def handle(self, *args, **options) -> None:
        files_line = ProgressLine(self.stderr, "Backing up candidates' files")
        outcome, seconds = run_with_progress(
            self.stderr,
            "Backing up the database",
            lambda progress: backups.backup_write(
                path=options["path"],
                overwrite=options["force"],
                progress=progress,
                files_progress=files_line.update,
            ),
        )
        if outcome.files is None:
            carried = " (candidates' files are in S3 storage, not in this backup)"
        else:
            carried = f" and {outcome.files} candidates' file{'s' if outcome.files != 1 else ''}"
        self.stdout.write(
            f"Backed up the {outcome.engine} database{carried} to {outcome.path} "
            f"({outcome.size / 1_000_000:.1f} MB, {seconds:.1f} s)."
        )
