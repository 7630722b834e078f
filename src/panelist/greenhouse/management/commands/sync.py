"""``panelist sync greenhouse [--mapping FILE]``: pull Greenhouse Harvest v3 into Panelist."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from panelist.core.management.progress import ProgressLine
from panelist.greenhouse import sync as harvest_sync
from panelist.greenhouse.models import SyncStatus
from panelist.greenhouse.schema import MappingError, load_mapping


class Command(BaseCommand):
    help = (
        "Sync from another system. `greenhouse`: jobs, candidates, applications and submitted "
        "scorecards from the Greenhouse Harvest v3 API, only what changed since the last "
        "sync; a sync that stopped resumes where it stopped. Exit status 0 when everything "
        "was written, 1 when Greenhouse could not be read, 2 when some records were refused."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sources = parser.add_subparsers(dest="source", required=True, metavar="SOURCE")
        greenhouse = sources.add_parser("greenhouse", help="Greenhouse Harvest v3.")
        greenhouse.add_argument(
            "--mapping",
            help="A mapping file (YAML); default: the shipped one, "
            "src/panelist/greenhouse/data/default_mapping.yaml.",
        )

    def handle(self, *args, **options) -> None:
        try:
            mapping = load_mapping(Path(options["mapping"]) if options["mapping"] else None)
        except MappingError as error:
            raise CommandError(str(error)) from None
        line = ProgressLine(self.stdout, "Greenhouse sync")
        try:
            run = harvest_sync.sync_run(mapping=mapping, progress=line.show)
        finally:
            line.clear()
        for line in harvest_sync.sync_lines(run):
            self.stdout.write(line)
        if run.status == SyncStatus.FAILED:
            raise CommandError(f"Greenhouse sync {run.pk} stopped (see above).", returncode=1)
        if run.status == SyncStatus.PARTIAL:
            raise CommandError(
                f"{len(run.problems)} record(s) refused (see above); the next sync tries "
                "them again.",
                returncode=2,
            )
