"""The debrief: what the committee wrote, as the reader is allowed to see it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from statistics import mean

from panelist.access.permissions import recommendations_visible_to, scorecards_visible_to
from panelist.interviews.models import GO_RECOMMENDATIONS, Flag, Rating, Scorecard, Severity
from panelist.interviews.services import is_thin
from panelist.library.models import Dimension


@dataclass
class Cell:
    """One member's ratings on one dimension."""

    ratings: list[Rating] = field(default_factory=list)

    @property
    def values(self) -> list[int]:
        return [r.value for r in self.ratings if r.value is not None]

    @property
    def mean(self) -> float | None:
        return mean(self.values) if self.values else None

    @property
    def thin(self) -> int:
        return sum(1 for r in self.ratings if r.value is not None and is_thin(r.evidence))


@dataclass
class Row:
    scorecard: Scorecard
    cells: list[Cell]


@dataclass
class Aggregate:
    dimension: Dimension
    mean: float | None
    members: int


@dataclass
class Debrief:
    dimensions: list[Dimension]
    rows: list[Row]
    aggregates: list[Aggregate]
    flags: list[Flag]  # red first
    go: int
    no_go: int
    recommendations: list[Scorecard]  # for readers who see recommendations only
    reads_content: bool


def debrief(user, application) -> Debrief:
    """The grid of members by dimensions from the scorecards the blind rule lets ``user`` read.

    The mechanical aggregate of a dimension is the mean of the members' means on it, so each
    member weighs the same whatever the number of questions they rated.
    """
    dimensions = list(Dimension.objects.filter(assessed=True))
    scorecards = list(
        scorecards_visible_to(user)
        .filter(assignment__application=application, status="submitted")
        .select_related("assignment__member", "assignment__interview_format")
        .prefetch_related("ratings__question__rubric", "flags__rating__question")
        .order_by("submitted_at", "id")
    )
    position = {d.pk: i for i, d in enumerate(dimensions)}
    rows = []
    for scorecard in scorecards:
        cells = [Cell() for _ in dimensions]
        for rating in scorecard.ratings.all():
            index = position.get(rating.question.rubric.dimension_id)
            if index is not None:
                cells[index].ratings.append(rating)
        rows.append(Row(scorecard, cells))
    aggregates = []
    for index, dimension in enumerate(dimensions):
        means = [row.cells[index].mean for row in rows if row.cells[index].mean is not None]
        aggregates.append(Aggregate(dimension, mean(means) if means else None, len(means)))
    flags = sorted(
        (flag for scorecard in scorecards for flag in scorecard.flags.all()),
        key=lambda flag: (flag.severity != Severity.RED, flag.pk),
    )
    if scorecards:
        recommendations = scorecards
        reads_content = True
    else:
        recommendations = list(
            recommendations_visible_to(user)
            .filter(assignment__application=application)
            .select_related("assignment__member")
            .only("recommendation", "submitted_at", "assignment__member")
        )
        reads_content = False
    votes = Counter(s.recommendation in GO_RECOMMENDATIONS for s in recommendations)
    return Debrief(
        dimensions=dimensions,
        rows=rows,
        aggregates=aggregates,
        flags=flags,
        go=votes[True],
        no_go=votes[False],
        recommendations=recommendations,
        reads_content=reads_content,
    )
