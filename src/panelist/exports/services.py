"""An opening's applications as a table, for CSV and JSON: scores, recommendations, decisions.

Every figure is read through the permission layer as ``user`` would see it on the pages:
dimension scores and go/no-go counts only where they may read every submitted scorecard (in
full, or its go/no-go), the committee's recommendation unless they are still blind, calibrated
scores only where they may read every submitted scorecard. What the reader may not see is
empty (``null``), never 0: a recruiter the organisation grants nothing gets no go/no-go count.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import datetime

from panelist.access import permissions
from panelist.calibration.models import OVERALL
from panelist.calibration.selectors import calibrated_scores
from panelist.decisions.models import CommitteeRecommendation, Decision
from panelist.decisions.selectors import evidence_by_application
from panelist.interviews.models import GO_RECOMMENDATIONS
from panelist.library.models import Dimension

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def opening_export(user, opening) -> dict:
    """The opening and one record per application ``user`` may see, as plain data."""
    applications = list(
        permissions.applications_visible_to(user)
        .filter(opening=opening)
        .select_related("candidate")
        .order_by("candidate__name", "pk")
    )
    ids = [a.pk for a in applications]
    dimensions = list(Dimension.objects.filter(assessed=True).order_by("order"))
    reach = permissions.scorecard_reach(user, ids)
    evidence = evidence_by_application(user, [pk for pk in ids if reach[pk].content])
    counted = [pk for pk in ids if reach[pk].recommendations]
    votes: dict[int, Counter] = {pk: Counter() for pk in ids}
    for application_id, recommendation in (
        permissions.recommendations_visible_to(user)
        .filter(assignment__application__in=counted)
        .values_list("assignment__application_id", "recommendation")
    ):
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
    calibration = calibrated_scores(user, ids)
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
                    d.key: {
                        "mean": _round(readings[d.key].mean) if d.key in readings else None,
                        "ratings": (
                            readings[d.key].count
                            if d.key in readings
                            else (0 if reach[application.pk].content else None)
                        ),
                        "calibrated": _round(calibrated[d.key].score)
                        if d.key in calibrated
                        else None,
                    }
                    for d in dimensions
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
    return {
        "opening": {
            "id": opening.pk,
            "title": opening.title,
            "target_level": opening.target_level.key,
            "status": opening.status,
        },
        "dimensions": [d.key for d in dimensions],
        "calibration_run": _iso(calibration.run.created_at) if calibration.run else None,
        "applications": records,
    }


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _round(value: float | None) -> float | None:
    return None if value is None else round(float(value), 3)


def neutralise(value):
    """A text cell a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(export: dict) -> str:
    dimensions = export["dimensions"]
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
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for record in export["applications"]:
        row = [record[name] for name in header[:5]]
        for key in dimensions:
            score = record["scores"][key]
            row += [score["mean"], score["ratings"], score["calibrated"]]
        row += [record[name] for name in header[5 + 3 * len(dimensions) :]]
        writer.writerow(["" if cell is None else neutralise(cell) for cell in row])
    return out.getvalue()
