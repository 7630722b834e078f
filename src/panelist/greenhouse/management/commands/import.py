"""``panelist import greenhouse PATH [--mapping FILE]``: Harvest scorecards into Panelist."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from panelist.greenhouse import services
from panelist.greenhouse.schema import MappingError, load_mapping


class Command(BaseCommand):
    help = (
        "Import data from another system. `greenhouse PATH`: a JSON array of Greenhouse "
        "Harvest v1 scorecards. Nothing is imported when any record is invalid; records "
        "imported before are skipped."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sources = parser.add_subparsers(dest="source", required=True, metavar="SOURCE")
        greenhouse = sources.add_parser(
            "greenhouse", help="Greenhouse Harvest v1 scorecards (JSON array)."
        )
        greenhouse.add_argument("path", help="The JSON file.")
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
        path = Path(options["path"])
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as error:
            raise CommandError(f"{path}: cannot read it ({error.strerror}).") from None
        except UnicodeDecodeError:
            raise CommandError(f"{path}: not UTF-8 text.") from None
        try:
            report = services.import_scorecards(text, mapping)
        except services.InvalidImport as invalid:
            for problem in invalid.problems:
                self.stderr.write(f"{path}: {problem}")
            raise CommandError(
                f"Nothing imported: {len(invalid.problems)} problem(s) in {path}."
            ) from None
        for line in report.lines():
            self.stdout.write(line)
