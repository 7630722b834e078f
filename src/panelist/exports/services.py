"""An opening's applications as a table, for CSV and JSON: scores, recommendations, decisions.

Every figure is read through the permission layer as ``user`` would see it on the pages:
dimension scores and go/no-go counts only where they may read every submitted scorecard (in
full, or its go/no-go), the committee's recommendation unless they are still blind, calibrated
scores only where they may read every submitted scorecard. What the reader may not see is
empty (``null``), never 0: a recruiter the organisation grants nothing gets no go/no-go count.

The rows stream: ``export_records`` walks the applications ``CHUNK_SIZE`` at a time (keyset
on the export's order, so nothing is skipped or read twice and no list of every id is held)
and reads each chunk's related rows in a fixed number of queries. Memory stays bounded by a
chunk and the first bytes (the CSV header, the JSON's opening) leave before any row is read.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q

from panelist.access import permissions
from panelist.access.models import request_cache
from panelist.audit import services as audit
from panelist.audit.models import EventKind
from panelist.calibration.models import OVERALL
from panelist.calibration.selectors import calibrated_scores, latest_run
from panelist.decisions.models import CommitteeRecommendation, Decision
from panelist.decisions.selectors import evidence_by_application
from panelist.interviews.models import GO_RECOMMENDATIONS
from panelist.library.models import Dimension

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK_SIZE = 500
# The JSON document's last key; its array is written piecewise (see ``json_chunks``).
ROWS_KEY = "applications"


@dataclass
class OpeningExport:
    """What an export holds before its rows: the opening, the dimension keys, the calibration
    run the calibrated scores come from. ``records`` yields the rows, chunk by chunk."""

    user: object
    opening: object
    dimensions: list[str]
    calibration_run: str | None

    def head(self) -> dict:
        return {
            "opening": {
                "id": self.opening.pk,
                "title": self.opening.title,
                "target_level": self.opening.target_level.key,
                "status": self.opening.status,
            },
            "dimensions": self.dimensions,
            "calibration_run": self.calibration_run,
        }

    def records(self) -> Iterator[dict]:
        yield from export_records(self.user, self.opening, self.dimensions)


def exported_opening(user, opening_id: int):
    """The opening if ``user`` may see it (404 otherwise), without its applications, which
    the export streams."""
    return permissions.get_visible_or_404(
        permissions.openings_visible_to(user).select_related("target_level"), pk=opening_id
    )


def opening_export_stream(user, opening, *, fmt: str) -> OpeningExport:
    """The export's head, read now (two queries); its rows are read as they are consumed.
    The export is written to the audit log (``fmt``: csv or json) as it starts."""
    audit.record(EventKind.EXPORTED, user, target=opening, format=fmt)
    run = latest_run()
    return OpeningExport(
        user=user,
        opening=opening,
        dimensions=list(
            Dimension.objects.filter(assessed=True).order_by("order").values_list("key", flat=True)
        ),
        calibration_run=_iso(run.created_at) if run else None,
    )


def opening_export(user, opening) -> dict:
    """The whole export as one dict: for tests and small scripts; pages, the API and the
    command stream it instead."""
    export = opening_export_stream(user, opening, fmt="json")
    return {**export.head(), ROWS_KEY: list(export.records())}


def _chunks(user, opening, chunk_size: int) -> Iterator[list]:
    """The visible applications of the opening by candidate name then id, ``chunk_size`` at a
    time, each chunk one query that starts after the last row of the previous one."""
    applications = (
        permissions.applications_visible_to(user)
        .filter(opening=opening)
        .select_related("candidate")
        .order_by("candidate__name", "pk")
    )
    after = None
    while True:
        page = applications
        if after is not None:
            name, pk = after
            page = page.filter(Q(candidate__name__gt=name) | Q(candidate__name=name, pk__gt=pk))
        chunk = list(page[:chunk_size])
        if chunk:
            yield chunk
        if len(chunk) < chunk_size:
            return
        after = (chunk[-1].candidate.name, chunk[-1].pk)


def export_records(user, opening, dimensions: list[str]) -> Iterator[dict]:
    """The rows, chunk by chunk. A streamed response is read after the request's middleware
    has returned, so the per-request memory of the organisation settings is gone by then: the
    export keeps one of its own, set around each chunk (never across a ``yield``, where the
    consumer's context may differ), and reads the settings once however many chunks follow."""
    memory: dict = {}
    for applications in _chunks(user, opening, CHUNK_SIZE):
        token = request_cache.set(memory)
        try:
            records = _chunk_records(user, applications, dimensions)
        finally:
            request_cache.reset(token)
        yield from records


def _chunk_records(user, applications: list, dimensions: list[str]) -> list[dict]:
    """One chunk's rows, in a fixed number of queries whatever its size."""
    ids = [a.pk for a in applications]
    reach = permissions.scorecard_reach(user, ids)
    readable = [pk for pk in ids if reach[pk].content]
    submitted_at: dict[int, list] = {}
    evidence = evidence_by_application(user, readable, reach=reach, submitted_at=submitted_at)
    counted = [pk for pk in ids if reach[pk].recommendations]
    votes: dict[int, Counter] = {pk: Counter() for pk in ids}
    for application_id, recommendation in permissions.recommendations_read_in_full(
        reach
    ).values_list("assignment__application_id", "recommendation"):
        votes[application_id][recommendation in GO_RECOMMENDATIONS] += 1
    blind = permissions.blind_application_ids(user, ids)
    committees = {
        c.application_id: c
        for c in CommitteeRecommendation.objects.filter(application__in=ids).exclude(
            application__in=blind
        )
    }
    decisions = {
        d.application_id: d
        for d in Decision.objects.filter(application__in=ids).select_related("level")
    }
    calibration = calibrated_scores(
        user,
        ids,
        readable={pk for pk in readable if reach[pk].submitted},
        submitted_at=submitted_at,
    )
    records = []
    for application in applications:
        readings = evidence.get(application.pk, {})
        calibrated = calibration.of(application.pk)
        committee = committees.get(application.pk)
        decision = decisions.get(application.pk)
        records.append(
            {
                "application": application.pk,
                "candidate": application.candidate.name,
                "email": application.candidate.email,
                "stage": application.stage,
                "applied_at": _iso(application.created_at),
                "scores": {
                    key: {
                        "mean": _round(readings[key].mean) if key in readings else None,
                        "ratings": (
                            readings[key].count
                            if key in readings
                            else (0 if reach[application.pk].content else None)
                        ),
                        "calibrated": _round(calibrated[key].score) if key in calibrated else None,
                    }
                    for key in dimensions
                },
                "calibrated_recommendation": _round(calibrated[OVERALL].score)
                if OVERALL in calibrated
                else None,
                "go": votes[application.pk][True] if application.pk in counted else None,
                "no_go": votes[application.pk][False] if application.pk in counted else None,
                "committee_recommendation": committee.recommendation if committee else None,
                "decision": decision.outcome if decision else None,
                "decision_level": decision.level.name if decision and decision.level else None,
                "decided_at": _iso(decision.decided_at) if decision else None,
            }
        )
    return records


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _round(value: float | None) -> float | None:
    return None if value is None else round(float(value), 3)


def neutralise(value):
    """A text cell a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_header(dimensions: list[str]) -> list[str]:
    header = ["application", "candidate", "email", "stage", "applied_at"]
    for key in dimensions:
        header += [f"{key}_mean", f"{key}_ratings", f"{key}_calibrated"]
    header += [
        "calibrated_recommendation",
        "go",
        "no_go",
        "committee_recommendation",
        "decision",
        "decision_level",
        "decided_at",
    ]
    return header


def csv_chunks(dimensions: list[str], records: Iterable[dict], rows_per_chunk: int = 100):
    """The CSV text piece by piece: the header first, then ``rows_per_chunk`` rows a piece."""
    header = csv_header(dimensions)
    tail = header[5 + 3 * len(dimensions) :]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    yield _drain(out)
    for rows, record in enumerate(records, start=1):
        row = [record[name] for name in header[:5]]
        for key in dimensions:
            score = record["scores"][key]
            row += [score["mean"], score["ratings"], score["calibrated"]]
        row += [record[name] for name in tail]
        writer.writerow(["" if cell is None else neutralise(cell) for cell in row])
        if rows % rows_per_chunk == 0:
            yield _drain(out)
    yield _drain(out)


def _drain(out: io.StringIO) -> str:
    text = out.getvalue()
    out.seek(0)
    out.truncate()
    return text


def to_csv(export: dict) -> str:
    return "".join(csv_chunks(export["dimensions"], export[ROWS_KEY]))


def json_chunks(
    head: dict,
    records: Iterable[dict],
    *,
    indent: int | None = 2,
    ensure_ascii: bool = False,
    rows_per_chunk: int = 100,
) -> Iterator[str]:
    """``json.dumps({**head, "applications": [...records]})`` piece by piece, byte for byte:
    the head with an empty array is cut before its closing bracket, then each record is
    written at the array's depth. JSON strings hold no raw newline, so re-indenting a record
    by its lines is safe."""

    def dumps(value) -> str:
        return json.dumps(value, indent=indent, ensure_ascii=ensure_ascii)

    whole = dumps({**head, ROWS_KEY: []})
    closing = "]\n}" if indent is not None else "]}"
    assert whole.endswith("[" + closing), "the rows' array must be the document's last key"
    yield whole[: -len(closing)]
    if indent is None:
        separator, first, end = ", ", "", closing
    else:
        pad = " " * (2 * indent)
        separator, first, end = ",\n" + pad, "\n" + pad, "\n" + " " * indent + closing
    written, pieces = 0, []
    for record in records:
        text = dumps(record)
        if indent is not None:
            text = text.replace("\n", "\n" + pad)
        pieces.append((separator if written else first) + text)
        written += 1
        if written % rows_per_chunk == 0:
            yield "".join(pieces)
            pieces.clear()
    pieces.append(end if written else closing)
    yield "".join(pieces)
