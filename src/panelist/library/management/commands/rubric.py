"""``panelist rubric validate PATH`` and ``panelist rubric load [PATH]``."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from panelist.library.schema import InvalidLibrary, parse_library_file
from panelist.library.services import DEFAULT_LIBRARY_PATH, library_load

EXIT_INVALID = 2


class Command(BaseCommand):
    help = "Validate a rubric library file, or load it as a new library version."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="{validate,load}")
        validate = actions.add_parser("validate", help="Check a file; exit 2 on any error.")
        validate.add_argument("path", type=Path)
        load = actions.add_parser(
            "load", help="Load a file (default: the shipped library) as a new version."
        )
        load.add_argument("path", type=Path, nargs="?", default=DEFAULT_LIBRARY_PATH)
        load.add_argument("--dry-run", action="store_true", help="Validate only; change nothing.")

    def handle(self, *args, action: str, path: Path, **options) -> None:
        try:
            spec = parse_library_file(path)
        except InvalidLibrary as invalid:
            for error in invalid.errors:
                self.stderr.write(error.format(str(path)))
            self.stderr.write(f"{path}: {len(invalid.errors)} error(s); nothing was loaded.")
            sys.exit(EXIT_INVALID)

        questions = sum(len(r.questions) for r in spec.rubrics)
        described = (
            f"{len(spec.dimensions)} dimensions, {len(spec.formats)} formats, "
            f"{len(spec.ladder.tracks)} tracks, {len(spec.rubrics)} rubrics, {questions} questions"
        )
        if action == "validate" or options.get("dry_run"):
            self.stdout.write(f"{path}: valid ({described}).")
            return
        try:
            result = library_load(text=path.read_text(encoding="utf-8"), source_name=path.name)
        except InvalidLibrary as invalid:  # pragma: no cover - the file changed between reads
            raise CommandError(invalid.errors[0].format(str(path))) from None
        self.stdout.write(result.summary)
