"""``panelist export``: an opening's applications as CSV or JSON, as one user may see them."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404

from panelist.access.models import User
from panelist.exports import services
from panelist.hiring.selectors import opening_detail


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
                opening = opening_detail(user, options["opening"])
            except Http404:
                raise CommandError(
                    f"Opening {options['opening']} does not exist or {user.username} cannot see it."
                ) from None
        elif options["format"] != "greenhouse":
            raise CommandError("--opening is required for csv and json.")
        if options["format"] == "greenhouse":
            content, what = self._greenhouse(user, opening, options["mapping"])
        else:
            export = services.opening_export(user, opening)
            if options["format"] == "csv":
                content = services.to_csv(export)
            else:
                content = json.dumps(export, indent=2, ensure_ascii=False) + "\n"
            what = f"{len(export['applications'])} application(s) of '{opening.title}'"
        if options["out"] == "-":
            self.stdout.write(content, ending="")
            return
        _write_atomically(Path(options["out"]), content)
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


def _write_atomically(path: Path, content: str) -> None:
    """Write beside the target and rename, so a failed export never leaves half a file."""
    if not path.parent.is_dir():
        raise CommandError(f"Folder {path.parent} does not exist.")
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
            file.write(content)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
