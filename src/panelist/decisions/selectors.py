"""The debrief: what the committee wrote, as the reader is allowed to see it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from statistics import mean

from panelist.access.permissions import recommendations_visible_to, scorecards_visible_to
from panelist.decisions import rules
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


# --- decision support: the rules of decisions.rules fed from the database ----------------

BAND_TEXT = {
    rules.Band.MAJORITY_PLUS_POTENTIAL: "Majority plus potential: holds most must-haves and "
    "can learn the rest. This is the profile to hire for.",
    rules.Band.WITHIN_BUT_LACKING: "Holds most must-haves, but lacks one the committee does "
    "not expect them to learn.",
    rules.Band.BELOW: "Holds fewer must-haves than the band asks for.",
    rules.Band.ABOVE: "Holds nearly every must-have: little room to grow into the role.",
    rules.Band.NO_HEADROOM: "Holds every must-have: no growth headroom. Not a bonus; a new "
    "hire who has nothing to learn tends to stay less long.",
    rules.Band.INCOMPLETE: "Not every must-have skill has been read by the committee yet.",
    rules.Band.NO_MUST_HAVES: "The opening lists no must-have skill.",
}


@dataclass
class Support:
    fit: rules.LevelFit
    match: rules.SkillMatch
    gaps: list[rules.CoachingGap]
    coverage: rules.TeamCoverage
    complement: rules.Complement
    dimension_names: dict[str, str]
    skill_rows: list[dict]  # required skills with importance and the committee's reading
    evidence: dict[str, rules.DimensionEvidence]
    scorecards_read: int
    level_rows: list[dict]  # the ladder with the candidate's mean against each expectation

    @property
    def band_text(self) -> str:
        return BAND_TEXT[self.match.band]

    def name(self, key: str) -> str:
        return self.dimension_names.get(key, key)

    @property
    def target_shortfall_rows(self) -> list[tuple[str, rules.Shortfall]]:
        return [(self.name(s.dimension), s) for s in self.fit.target_shortfalls]

    @property
    def next_shortfall_rows(self) -> list[tuple[str, rules.Shortfall]]:
        return [(self.name(s.dimension), s) for s in self.fit.next_shortfalls]

    @property
    def gap_rows(self) -> list[tuple[str, rules.CoachingGap]]:
        return [(self.name(g.shortfall.dimension), g) for g in self.gaps]

    @property
    def unassessed_names(self) -> list[str]:
        return [self.name(k) for k in self.fit.unassessed]

    @property
    def thin_names(self) -> list[str]:
        return [self.name(k) for k in self.fit.thin]


def decision_support(user, application) -> Support:
    """Level fit, skill match, coaching gaps and complementarity for one application, from
    the scorecards the blind rule lets ``user`` read."""
    from django.conf import settings

    from panelist.decisions.models import SkillAssessment
    from panelist.hiring.models import Importance
    from panelist.library.models import Level, LevelExpectation
    from panelist.teams.models import CoachingPreference, MemberSkill, Skill

    opening = application.opening
    dimensions = list(Dimension.objects.filter(assessed=True))
    names = {d.key: d.name for d in dimensions}
    ratings = Rating.objects.filter(
        scorecard__in=scorecards_visible_to(user).filter(
            assignment__application=application, status="submitted"
        ),
        value__isnull=False,
    ).values_list("question__rubric__dimension__key", "value")
    values: dict[str, list[int]] = {}
    for key, value in ratings:
        values.setdefault(key, []).append(value)
    evidence = {k: rules.DimensionEvidence(mean(v), len(v)) for k, v in values.items()}
    scorecards_read = (
        scorecards_visible_to(user)
        .filter(assignment__application=application, status="submitted")
        .count()
    )

    expectations = LevelExpectation.objects.filter(
        version=opening.library_version_id, dimension__assessed=True
    ).select_related("dimension")
    expected: dict[int, dict[str, float]] = {}
    for e in expectations:
        expected.setdefault(e.level_id, {})[e.dimension.key] = float(e.expected_rating)
    levels = list(Level.objects.filter(pk__in=expected).order_by("seniority"))
    ladder = [rules.LadderLevel(lv.key, lv.name, expected[lv.pk]) for lv in levels]
    fit = rules.level_fit(evidence, ladder, opening.target_level.key)
    level_rows = [
        {
            "level": level,
            "cells": [(names[key], evidence.get(key), level.expected.get(key)) for key in names],
            "supported": fit.supported is not None and level.key == fit.supported.key,
            "target": level.key == fit.target.key,
        }
        for level in ladder
    ]

    required = list(opening.required_skills.select_related("skill"))
    assessments = {
        a.skill_id: a
        for a in SkillAssessment.objects.filter(application=application).select_related("skill")
    }
    holdings = {a.skill.name: rules.Holding(a.holding) for a in assessments.values()}
    low, high = settings.PANELIST_SKILL_BAND
    match = rules.skill_match(
        [r.skill.name for r in required if r.importance == Importance.MUST],
        [r.skill.name for r in required if r.importance == Importance.NICE],
        holdings,
        low=low,
        high=high,
    )
    skill_rows = [
        {
            "skill": r.skill,
            "importance": r.get_importance_display(),
            "assessment": assessments.get(r.skill_id),
        }
        for r in required
    ]
    required_ids = {r.skill_id for r in required}
    all_skills = list(Skill.objects.order_by("name"))
    skill_rows += [
        {"skill": skill, "importance": "", "assessment": assessments.get(skill.pk)}
        for skill in all_skills
        if skill.pk not in required_ids
    ]

    willingness = {
        p.dimension.key: rules.Coaching(p.willingness)
        for p in CoachingPreference.objects.filter(
            manager=opening.hiring_manager_id
        ).select_related("dimension")
    }
    gaps = rules.coaching_gaps(fit.target_shortfalls, willingness)

    inventory: dict[str, dict[str, int]] = {}
    for held in MemberSkill.objects.filter(membership__team=opening.team_id).select_related(
        "membership__user", "skill"
    ):
        inventory.setdefault(str(held.membership.user), {})[held.skill.name] = held.level
    coverage = rules.team_coverage(inventory, [skill.name for skill in all_skills])
    complement = rules.complementarity(
        coverage, [name for name, h in holdings.items() if h == rules.Holding.HOLDS]
    )
    return Support(
        fit,
        match,
        gaps,
        coverage,
        complement,
        names,
        skill_rows,
        evidence,
        scorecards_read,
        level_rows,
    )
