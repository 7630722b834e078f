"""``panelist restore PATH``: replace the database's content with a `panelist backup` file and
put the uploaded files it carries back."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from panelist.core import backups
from panelist.core.management.commands.serve import unapplied_migrations
from panelist.core.management.progress import ProgressLine, run_with_progress


class Command(BaseCommand):
    help = (
        "Restore the database and the uploaded files from a `panelist backup` file (one made "
        "before backups carried the files restores the database alone). A database that holds "
        "records is replaced only with --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="The backup file to read.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace a database that already holds records.",
        )

    def handle(self, *args, **options) -> None:
        files_line = ProgressLine(self.stderr, "Restoring candidates' files")
        outcome, seconds = run_with_progress(
            self.stderr,
            "Restoring the database",
            lambda progress: backups.backup_restore(
                path=options["path"],
                force=options["force"],
                progress=progress,
                files_progress=files_line.update,
            ),
        )
        carried = (
            ""
            if outcome.files is None
            else f" and {outcome.files} candidates' file{'s' if outcome.files != 1 else ''}"
        )
        self.stdout.write(
            f"Restored the {outcome.engine} database{carried} from {outcome.path} "
            f"({seconds:.1f} s)."
        )
        if outcome.files is None:
            self.stdout.write(
                "This backup holds the database only (made before backups carried the "
                "uploaded files, or with the files in S3): the uploads folder was left as it is."
            )
        pending = unapplied_migrations()
        if pending:
            self.stdout.write(
                f"The backup predates {len(pending)} migration(s) of this version; run "
                "`panelist migrate` before `panelist serve`."
            )
