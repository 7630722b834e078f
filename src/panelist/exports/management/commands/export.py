"""``panelist export``: an opening's applications as CSV or JSON, as one user may see them."""

from __future__ import annotations

import itertools
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404

from panelist.access.models import User
from panelist.exports import services


class Command(BaseCommand):
    help = (
        "Export an opening's applications (dimension scores, recommendations, decisions) as "
        "CSV or JSON, with exactly what --user may see on the pages."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--format",
            choices=["csv", "json", "greenhouse"],
            required=True,
            help="csv or json: the opening's applications; greenhouse: its submitted "
            "scorecards as Greenhouse Harvest v1 scorecard objects (all openings without "
            "--opening).",
        )
        parser.add_argument("--opening", type=int, help="The opening's id.")
        parser.add_argument(
            "--mapping", help="Greenhouse mapping file (YAML); default: the shipped one."
        )
        parser.add_argument("--out", required=True, help="File to write, or - for stdout.")
        parser.add_argument(
            "--user", required=True, help="Username whose permissions the export follows."
        )

    def handle(self, *args, **options) -> None:
        user = User.objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            raise CommandError(f"No active user '{options['user']}'.")
        opening = None
        if options["opening"] is not None:
            try:
                opening = services.exported_opening(user, options["opening"])
            except Http404:
                raise CommandError(
                    f"Opening {options['opening']} does not exist or {user.username} cannot see it."
                ) from None
        elif options["format"] != "greenhouse":
            raise CommandError("--opening is required for csv and json.")
        if options["format"] == "greenhouse":
            content, what = self._greenhouse(user, opening, options["mapping"])
            pieces = iter([content])
        else:
            export = services.opening_export_stream(user, opening, fmt=options["format"])
            counted = _Counted(export.records())
            if options["format"] == "csv":
                pieces = services.csv_chunks(export.dimensions, counted)
            else:
                pieces = itertools.chain(services.json_chunks(export.head(), counted), ["\n"])
        if options["out"] == "-":
            for piece in pieces:
                self.stdout.write(piece, ending="")
            return
        _write_atomically(Path(options["out"]), pieces)
        if options["format"] != "greenhouse":
            what = f"{counted.count} application(s) of '{opening.title}'"
        self.stderr.write(f"Wrote {what} to {options['out']}.")

    def _greenhouse(self, user, opening, mapping_path) -> tuple[str, str]:
        from panelist.greenhouse.schema import MappingError, load_mapping
        from panelist.greenhouse.services import export_scorecards

        try:
            mapping = load_mapping(Path(mapping_path) if mapping_path else None)
        except MappingError as error:
            raise CommandError(str(error)) from None
        records = export_scorecards(user, mapping, opening=opening)
        content = json.dumps(records, indent=2, ensure_ascii=False) + "\n"
        return content, f"{len(records)} scorecard(s) as Greenhouse Harvest JSON"


class _Counted:
    """The records as they pass, counted for the closing line."""

    def __init__(self, records: Iterator[dict]) -> None:
        self.records, self.count = records, 0

    def __iter__(self) -> Iterator[dict]:
        for record in self.records:
            self.count += 1
            yield record


def _write_atomically(path: Path, pieces: Iterable[str]) -> None:
    """Write beside the target piece by piece and rename, so a failed export never leaves
    half a file and a large one never sits whole in memory."""
    if not path.parent.is_dir():
        raise CommandError(f"Folder {path.parent} does not exist.")
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
            for piece in pieces:
                file.write(piece)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
