"""Bulk seeding for ``bench/web.py``: one opening with N applications, each with five submitted
scorecards (a rating with evidence per rubric question) and some flags.

Rows go in by ``bulk_create`` in chunks, so 10,000 applications (50,000 scorecards, about
310,000 ratings) take well under a minute on SQLite. Nothing here goes through the services:
the point is volume, and the rows obey the same database constraints the services keep.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from panelist.hiring.models import Application, Candidate, Opening, OpeningStatus, Stage
from panelist.interviews.models import (
    GO_RECOMMENDATIONS,
    Assignment,
    Flag,
    Rating,
    Recommendation,
    Scorecard,
    ScorecardStatus,
    Severity,
)
from panelist.library.models import Dimension, InterviewFormat, RubricQuestion

# The five interviews of every application: format and the dimensions it assesses. With the
# default library that is 6 + 10 + 5 + 6 + 4 = 31 rated questions per application.
COMMITTEE_PLAN: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("behavioural-story", ("people",)),
    ("seminar", ("communication", "modeling")),
    ("experiment-walkthrough", ("science",)),
    ("code-review", ("coding",)),
    ("teach-me", ("communication", "science")),
)

# One application in twenty per stage step: most are being interviewed or debriefed.
STAGE_CYCLE = (
    [Stage.APPLIED] * 2
    + [Stage.SCREENING] * 2
    + [Stage.INTERVIEWING] * 8
    + [Stage.DEBRIEF] * 5
    + [Stage.DECIDED] * 2
    + [Stage.WITHDRAWN]
)

EVIDENCE = (
    "Walked through {topic} in concrete steps: named the data, the check that failed first, "
    "and what they changed afterwards ({n})."
)
TOPICS = (
    "a failed assay normalisation",
    "the choice between two priors",
    "a refactor of the feature pipeline",
    "how a reviewer's question changed the analysis",
    "a disagreement with a collaborator",
    "the control they added late",
)
CHUNK = 500


@dataclass(frozen=True)
class Seeded:
    """Ids of the rows the benchmark's pages are pointed at."""

    opening_id: int
    application_id: int
    candidate_id: int
    scorecard_id: int
    assignment_id: int
    applications: int


def seed_opening(
    *,
    size: int,
    manager,
    committee: Sequence,
    team,
    level,
    version,
    seed: int = 11,
    progress: Callable[[str], None] | None = None,
) -> Seeded:
    """Create one opening of ``manager`` with ``size`` applications.

    ``committee`` holds five users, one per interview of ``COMMITTEE_PLAN`` (the same user may
    appear more than once: each interview has its own format). Every scorecard is submitted.
    """
    if len(committee) != len(COMMITTEE_PLAN):
        raise ValueError(f"committee needs {len(COMMITTEE_PLAN)} users, got {len(committee)}")
    rng = random.Random(seed)
    formats = {f.key: f for f in InterviewFormat.objects.all()}
    dimensions = {d.key: d for d in Dimension.objects.all()}
    plan = []
    for member, (format_key, dimension_keys) in zip(committee, COMMITTEE_PLAN, strict=True):
        questions = list(
            RubricQuestion.objects.filter(
                rubric__version=version,
                rubric__dimension__key__in=dimension_keys,
                formats=formats[format_key],
            ).order_by("rubric__dimension__order", "order")
        )
        plan.append(
            (member, formats[format_key], [dimensions[k] for k in dimension_keys], questions)
        )

    opening = Opening.objects.create(
        title=f"Benchmark opening, {size:,} applications",
        team=team,
        hiring_manager=manager,
        target_level=level,
        library_version=version,
        description="Seeded by bench/web.py.",
        status=OpeningStatus.OPEN,
    )
    now = timezone.now()
    first: dict[str, int] = {}
    for start in range(0, size, CHUNK):
        stop = min(size, start + CHUNK)
        with transaction.atomic():
            _seed_chunk(opening, version, plan, range(start, stop), rng, now, first)
        if progress:
            progress(f"  {stop:,} of {size:,} applications")
    return Seeded(opening_id=opening.pk, applications=size, **first)


def _seed_chunk(opening, version, plan, indexes, rng, now, first) -> None:
    candidates = Candidate.objects.bulk_create(
        Candidate(
            name=f"Bench Candidate {opening.pk}-{i}",
            email=f"bench.{opening.pk}.{i}@example.org",
            seminar_title="Priors that learn from the assay",
        )
        for i in indexes
    )
    applications = Application.objects.bulk_create(
        Application(
            candidate=c,
            opening=opening,
            stage=STAGE_CYCLE[i % len(STAGE_CYCLE)],
            committee_complete=True,  # every member submits below
        )
        for i, c in zip(indexes, candidates, strict=True)
    )
    assignments = Assignment.objects.bulk_create(
        Assignment(
            application=application,
            member=member,
            interview_format=interview_format,
            scheduled_at=now - timedelta(days=3, hours=slot),
            feedback_due=now - timedelta(days=1, hours=slot),
            assigned_by=opening.hiring_manager,
            submitted=True,  # each gets a submitted scorecard below
        )
        for application in applications
        for slot, (member, interview_format, _, _) in enumerate(plan)
    )
    through = Assignment.dimensions.through
    through.objects.bulk_create(
        through(assignment_id=assignment.pk, dimension_id=dimension.pk)
        for assignment, (_, _, dims, _) in zip(assignments, plan * len(applications), strict=True)
        for dimension in dims
    )
    ability = {a.pk: rng.gauss(0, 0.7) for a in applications}
    values: dict[int, list[int]] = {}
    for assignment, (_, _, _, questions) in zip(assignments, plan * len(applications), strict=True):
        base = 2.6 + ability[assignment.application_id]
        values[assignment.pk] = [min(4, max(1, round(base + rng.gauss(0, 0.8)))) for _ in questions]
    scorecards = Scorecard.objects.bulk_create(
        _scorecard(assignment, version, values[assignment.pk], now) for assignment in assignments
    )
    ratings = Rating.objects.bulk_create(
        Rating(
            scorecard=scorecard,
            question=question,
            value=value,
            evidence=EVIDENCE.format(topic=TOPICS[(scorecard.pk + n) % len(TOPICS)], n=n + 1),
        )
        for scorecard, assignment, (_, _, _, questions) in zip(
            scorecards, assignments, plan * len(applications), strict=True
        )
        for n, (question, value) in enumerate(zip(questions, values[assignment.pk], strict=True))
    )
    first_rating: dict[int, Rating] = {}
    for rating in ratings:
        first_rating.setdefault(rating.scorecard_id, rating)
    Flag.objects.bulk_create(
        Flag(
            scorecard=scorecard,
            severity=Severity.RED if scorecard.pk % 20 == 0 else Severity.ORANGE,
            rating=first_rating[scorecard.pk],
            evidence="Talked over the question twice and did not return to it.",
            possible_cultural_difference=scorecard.pk % 8 == 0,
            cultural_note="May be how seminars run where they trained."
            if scorecard.pk % 8 == 0
            else "",
        )
        for scorecard in scorecards
        if scorecard.pk % 4 == 0
    )
    if not first:
        first.update(
            application_id=applications[0].pk,
            candidate_id=candidates[0].pk,
            scorecard_id=scorecards[0].pk,
            assignment_id=assignments[0].pk,
        )


def _scorecard(assignment, version, values: list[int], now) -> Scorecard:
    mean = sum(values) / len(values) if values else 2.5
    recommendation = (
        Recommendation.STRONG_YES
        if mean >= 3.5
        else Recommendation.YES
        if mean >= 2.5
        else Recommendation.NO
        if mean >= 1.75
        else Recommendation.STRONG_NO
    )
    return Scorecard(
        assignment=assignment,
        library_version=version,
        status=ScorecardStatus.SUBMITTED,
        summary="Clear on method, thinner on limitations.",
        recommendation=recommendation,
        recommendation_reason=""
        if recommendation in GO_RECOMMENDATIONS
        else "Could not say what the controls were for, twice, with prompts.",
        last_editor=assignment.member.get_username(),
        submitted_at=now - timedelta(days=1),
    )
