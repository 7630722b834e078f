"""The debrief: what the committee wrote, as the reader is allowed to see it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from statistics import mean

from django.db.models import Q

from panelist.access.permissions import (
    Reach,
    recommendations_read_in_full,
    scorecard_reach,
    scorecards_read_in_full,
    scorecards_visible_to,
)
from panelist.decisions import rules
from panelist.interviews.models import (
    GO_RECOMMENDATIONS,
    Assignment,
    Flag,
    Rating,
    Scorecard,
    ScorecardStatus,
    Severity,
)
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
    """The committee's scorecards on one application as one reader may see them.

    A count the reader may not see is ``None``, never 0, with ``hidden`` saying why; a grid
    is drawn only from every submitted scorecard, never from part of them.
    """

    dimensions: list[Dimension]
    rows: list[Row]
    aggregates: list[Aggregate]
    flags: list[Flag]  # red first
    go: int | None
    no_go: int | None
    flag_count: int | None
    recommendations: list[Scorecard]  # each member's go/no-go, when the reader may see them
    reads_content: bool
    assigned: int
    submitted: int
    hidden: str | None  # why some of it is hidden from this reader

    @property
    def recommendations_hidden(self) -> bool:
        return self.go is None

    @property
    def flags_hidden(self) -> bool:
        return self.flag_count is None

    def evidence(self) -> dict[str, rules.DimensionEvidence]:
        """What ``evidence_by_application`` reads, from the rows already loaded: per assessed
        dimension, the mean of the members' means and the number of questions rated."""
        evidence = {}
        for index, aggregate in enumerate(self.aggregates):
            if aggregate.mean is not None:
                rated = sum(len(row.cells[index].values) for row in self.rows)
                evidence[aggregate.dimension.key] = rules.DimensionEvidence(aggregate.mean, rated)
        return evidence


def debrief(user, application) -> Debrief:
    """The grid of members by dimensions from the scorecards the blind rule lets ``user`` read.

    The mechanical aggregate of a dimension is the mean of the members' means on it, so each
    member weighs the same whatever the number of questions they rated.
    """
    return debriefs(user, [application.pk])[application.pk]


def assessed_dimensions(*, manager_id: int | None = None) -> list[Dimension]:
    """The assessed dimensions in order; with ``manager_id``, each annotated with
    ``willingness``, that hiring manager's stated willingness to coach it (or None)."""
    dimensions = Dimension.objects.filter(assessed=True)
    if manager_id is not None:
        dimensions = _with_willingness(dimensions, manager_id)
    return list(dimensions)


def _with_willingness(dimensions, manager_id: int):
    from django.db.models import OuterRef, Subquery

    from panelist.teams.models import CoachingPreference

    return dimensions.annotate(
        willingness=Subquery(
            CoachingPreference.objects.filter(manager=manager_id, dimension=OuterRef("pk")).values(
                "willingness"
            )[:1]
        )
    )


def dimensions_with_expectations(*, manager_id: int, version_id: int) -> tuple[list, list]:
    """``assessed_dimensions(manager_id=…)`` and the level expectations of library version
    ``version_id`` on them and on leadership (what ``opening_context`` reads the ladder from),
    in one query: each dimension joined to its expectations in that version, a dimension
    without any still read once."""
    from django.db.models import FilteredRelation

    rows = (
        _with_willingness(
            Dimension.objects.filter(Q(assessed=True) | Q(key=rules.LEADERSHIP)), manager_id
        )
        .annotate(
            expectation=FilteredRelation(
                "expectations", condition=Q(expectations__version=version_id)
            )
        )
        .select_related("expectation__level")
        .order_by("order", "key", "pk", "expectation__level__seniority", "expectation__pk")
    )
    dimensions: dict[int, Dimension] = {}
    expectations = []
    for row in rows:
        dimension = dimensions.setdefault(row.pk, row)
        expectation = getattr(row, "expectation", None)  # (left unset where none joined)
        if expectation is not None:
            expectation.dimension = dimension
            expectations.append(expectation)
    return [d for d in dimensions.values() if d.assessed], expectations


def debriefs(
    user, application_ids: list[int], *, reach=None, dimensions=None
) -> dict[int, Debrief]:
    """``debrief`` for several applications in a fixed number of queries (the packet).

    Submission is checked in Python, not in the query: with ``status = 'submitted'`` beside
    the applications, SQLite's planner (without statistics) walks every submitted scorecard
    of the organisation through the status index instead of the few on these applications.
    Ratings and flags come with their question (and the flag's rating) joined in the same
    query, never prefetched through a foreign key: Django prefetches a forward foreign key as
    ``id = 1 OR id = 2 OR …``, which SQLite refuses past about a thousand terms ("Expression
    tree is too large"). ``reach`` and ``dimensions``: when the caller already has them."""
    from django.db.models import Prefetch

    if dimensions is None:
        dimensions = assessed_dimensions()
    position = {d.pk: i for i, d in enumerate(dimensions)}
    if reach is None:
        reach = scorecard_reach(user, application_ids)
    full = [pk for pk in application_ids if reach[pk].content]
    votes_only = [pk for pk in application_ids if reach[pk].recommendations and pk not in full]
    by_application: dict[int, list[Scorecard]] = {pk: [] for pk in application_ids}
    if full:
        for scorecard in (
            scorecards_read_in_full({pk: reach[pk] for pk in full})
            .select_related("assignment__member", "assignment__interview_format")
            .prefetch_related(
                Prefetch("ratings", Rating.objects.select_related("question__rubric")),
                Prefetch(
                    "flags",
                    Flag.objects.select_related("rating__question__rubric").annotate(
                        assignment_dimension_keys=_assignment_dimension_keys()
                    ),
                ),
            )
            .order_by("submitted_at", "id")
        ):
            if scorecard.status == ScorecardStatus.SUBMITTED:  # not the reader's own draft
                by_application[scorecard.assignment.application_id].append(scorecard)
    recommendations_only: dict[int, list[Scorecard]] = {pk: [] for pk in votes_only}
    if votes_only:
        for scorecard in (
            recommendations_read_in_full({pk: reach[pk] for pk in votes_only})
            .select_related("assignment__member")
            .only("recommendation", "submitted_at", "assignment__member", "assignment__application")
            .order_by("submitted_at", "id")
        ):
            recommendations_only[scorecard.assignment.application_id].append(scorecard)
    return {
        pk: _debrief_of(dimensions, position, cards, recommendations_only.get(pk, []), reach[pk])
        for pk, cards in by_application.items()
    }


def _assignment_dimension_keys():
    """A flag tied to no rating counts on its assignment's dimensions: their keys, joined with
    commas, beside the flag's row (none for a flag tied to a rating)."""
    from django.db.models import Case, OuterRef, Subquery, When

    from panelist.core.aggregates import Joined

    keys = (
        Assignment.dimensions.through.objects.filter(
            assignment_id=OuterRef("scorecard__assignment_id")
        )
        .order_by()
        .values("assignment_id")
        .annotate(keys=Joined("dimension__key"))
        .values("keys")
    )
    return Case(When(rating__isnull=True, then=Subquery(keys)), default=None)


def _debrief_of(dimensions, position, scorecards, recommendations_only, reach: Reach) -> Debrief:
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
    recommendations = scorecards if reach.content else recommendations_only
    votes = Counter(s.recommendation in GO_RECOMMENDATIONS for s in recommendations)
    return Debrief(
        dimensions=dimensions,
        rows=rows,
        aggregates=aggregates,
        flags=flags,
        go=votes[True] if reach.recommendations else None,
        no_go=votes[False] if reach.recommendations else None,
        flag_count=len(flags) if reach.content else None,
        recommendations=recommendations,
        reads_content=reach.content,
        assigned=reach.assigned,
        submitted=reach.submitted,
        hidden=reach.hidden,
    )


# --- decision support: the rules of decisions.rules fed from the database ----------------

SHORT_BAND = {
    rules.Band.MAJORITY_PLUS_POTENTIAL: "majority plus potential",
    rules.Band.WITHIN_BUT_LACKING: "in the band, one not learnable",
    rules.Band.BELOW: "below the band",
    rules.Band.ABOVE: "above the band",
    rules.Band.NO_HEADROOM: "no growth headroom",
    rules.Band.INCOMPLETE: "not all read yet",
    rules.Band.NO_MUST_HAVES: "no must-haves listed",
}

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
    readings_hidden: bool  # the viewer is still blind: no skill readings, no recommendation
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
    reach: Reach | None = None  # how many submitted, and why the reader reads none of them
    ctx: OpeningContext | None = None  # what it was read against (the leadership rows too)

    @property
    def band_text(self) -> str:
        return BAND_TEXT[self.match.band]

    @property
    def weighted_gap(self) -> float:
        """The gap to the target level with coachable gaps weighed less (rules.weighted_gap)."""
        weight = self.ctx.coachable_weight if self.ctx else rules.DEFAULT_COACHABLE_GAP_WEIGHT
        return rules.weighted_gap(self.gaps, coachable_weight=weight)

    @property
    def coachable_weight(self) -> float:
        return self.ctx.coachable_weight if self.ctx else rules.DEFAULT_COACHABLE_GAP_WEIGHT

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
    def gap_coach_rows(self) -> list[tuple[str, rules.CoachingGap, list[str]]]:
        """Each gap with its name and who will coach it (empty: nobody)."""
        return [(self.name(g.shortfall.dimension), g, coaches_of(g)) for g in self.gaps]

    @property
    def unassessed_names(self) -> list[str]:
        return [self.name(k) for k in self.fit.unassessed]

    @property
    def thin_names(self) -> list[str]:
        return [self.name(k) for k in self.fit.thin]


@dataclass
class OpeningContext:
    """What every candidate of one opening is read against, loaded once."""

    names: dict[str, str]  # assessed dimension key -> name
    ladder: list[rules.LadderLevel]
    target_key: str
    required: list  # RequiredSkill rows with their skill
    must: list[str]
    nice: list[str]
    willingness: dict[str, rules.Coaching]
    coverage: rules.TeamCoverage
    all_skills: list  # with ``holding`` when read for one application (see opening_context)
    band: tuple[float, float]
    leadership: list = field(default_factory=list)  # the leadership LevelExpectation rows
    teammates: dict[str, list[str]] = field(default_factory=dict)  # dimension -> who coaches
    coachable_weight: float = rules.DEFAULT_COACHABLE_GAP_WEIGHT


def opening_context(
    opening, *, dimensions=None, expectations=None, application=None
) -> OpeningContext:
    """Read in three queries (four with ``dimensions`` given without ``expectations``).
    ``dimensions`` and ``expectations``: ``dimensions_with_expectations`` for the opening's
    hiring manager and library version, when the caller already has them. With ``application``,
    each skill of ``all_skills`` carries ``holding``, the committee's current reading of it on
    that application (None when not recorded), read in the same query."""
    from django.conf import settings
    from django.db.models import OuterRef, Q, Subquery

    from panelist.decisions.models import SkillAssessment
    from panelist.hiring.models import Importance, RequiredSkill
    from panelist.library.models import LevelExpectation
    from panelist.teams.models import Skill

    if dimensions is None:
        dimensions, expectations = dimensions_with_expectations(
            manager_id=opening.hiring_manager_id, version_id=opening.library_version_id
        )
    if expectations is None:
        expectations = (
            LevelExpectation.objects.filter(version=opening.library_version_id)
            .filter(Q(dimension__assessed=True) | Q(dimension__key=rules.LEADERSHIP))
            .select_related("dimension", "level")
        )
    names = {d.key: d.name for d in dimensions}
    expected: dict[int, dict[str, float]] = {}
    levels = {}
    leadership = []
    for e in expectations:
        if e.dimension.key == rules.LEADERSHIP:
            leadership.append(e)
        if not e.dimension.assessed:
            continue
        expected.setdefault(e.level_id, {})[e.dimension.key] = float(e.expected_rating)
        levels[e.level_id] = e.level
    ladder = [
        rules.LadderLevel(lv.key, lv.name, expected[lv.pk])
        for lv in sorted(levels.values(), key=lambda lv: (lv.seniority, lv.pk))
    ]
    skills = Skill.objects.order_by("name").annotate(
        importance=Subquery(
            RequiredSkill.objects.filter(opening=opening, skill=OuterRef("pk")).values(
                "importance"
            )[:1]
        )
    )
    if application is not None:
        skills = skills.annotate(
            holding=Subquery(
                SkillAssessment.objects.filter(
                    application=application, skill=OuterRef("pk")
                ).values("holding")[:1]
            )
        )
    all_skills = list(skills)
    required = sorted(
        (
            RequiredSkill(opening=opening, skill=skill, importance=skill.importance)
            for skill in all_skills
            if skill.importance
        ),
        key=lambda r: (r.importance, r.skill.name),
    )
    willingness = {
        d.key: rules.Coaching(d.willingness)
        for d in dimensions
        if getattr(d, "willingness", None) is not None
    }
    inventory: dict[int, dict[str, int]] = {}
    skill_names = {skill.pk: skill.name for skill in all_skills}
    teammates: dict[str, list[str]] = {}
    for kind, user_id, skill_id, level, dimension_key, coach in _team_inventory_and_coaches(
        opening
    ):
        if kind == "skill":
            inventory.setdefault(user_id, {})[skill_names[skill_id]] = level
        else:
            teammates.setdefault(dimension_key, []).append(coach)
    return OpeningContext(
        names=names,
        ladder=ladder,
        target_key=opening.target_level.key,
        required=required,
        must=[r.skill.name for r in required if r.importance == Importance.MUST],
        nice=[r.skill.name for r in required if r.importance == Importance.NICE],
        willingness=willingness,
        coverage=rules.team_coverage(inventory, [skill.name for skill in all_skills]),
        all_skills=all_skills,
        band=settings.PANELIST_SKILL_BAND,
        leadership=leadership,
        teammates={key: sorted(names) for key, names in teammates.items()},
        coachable_weight=settings.PANELIST_COACHABLE_GAP_WEIGHT,
    )


def _team_inventory_and_coaches(opening):
    """In one query: the team's skill inventory (``("skill", user id, skill id, level, "",
    "")``) and, per dimension, the team members other than the opening's hiring manager who
    will coach it or give it some coaching (``("coach", user id, 0, 0, dimension key,
    name)``). One query rather than two keeps the debrief within its query budget."""
    from django.db.models import CharField, IntegerField, Value
    from django.db.models.functions import Coalesce, Concat, NullIf, Trim

    from panelist.teams.models import CoachingPreference, MemberSkill, Willingness

    text, number = CharField(), IntegerField()
    skills = MemberSkill.objects.filter(membership__team=opening.team_id).values_list(
        Value("skill", output_field=text),
        "membership__user_id",
        "skill_id",
        "level",
        Value("", output_field=text),
        Value("", output_field=text),
    )
    full_name = Trim(Concat("manager__first_name", Value(" "), "manager__last_name"))
    coaches = (
        CoachingPreference.objects.filter(
            manager__memberships__team=opening.team_id,
            willingness__in=[Willingness.WILL_COACH, Willingness.SOME],
        )
        .exclude(manager=opening.hiring_manager_id)
        .values_list(
            Value("coach", output_field=text),
            "manager_id",
            Value(0, output_field=number),
            Value(0, output_field=number),
            "dimension__key",
            Coalesce(NullIf(full_name, Value("")), "manager__username", output_field=text),
        )
    )
    return skills.order_by().union(coaches.order_by(), all=True)


@dataclass
class Reading:
    """One candidate read by every rule."""

    fit: rules.LevelFit
    match: rules.SkillMatch
    gaps: list[rules.CoachingGap]
    complement: rules.Complement
    weighted_gap: float = 0.0  # rules.weighted_gap: coachable gaps count for less


def read_candidate(
    ctx: OpeningContext,
    evidence: dict[str, rules.DimensionEvidence],
    holdings: dict[str, rules.Holding],
) -> Reading:
    fit = rules.level_fit(evidence, ctx.ladder, ctx.target_key)
    low, high = ctx.band
    gaps = rules.coaching_gaps(fit.target_shortfalls, ctx.willingness, teammates=ctx.teammates)
    return Reading(
        fit=fit,
        match=rules.skill_match(ctx.must, ctx.nice, holdings, low=low, high=high),
        gaps=gaps,
        weighted_gap=rules.weighted_gap(gaps, coachable_weight=ctx.coachable_weight),
        complement=rules.complementarity(
            ctx.coverage, [name for name, h in holdings.items() if h == rules.Holding.HOLDS]
        ),
    )


def evidence_by_application(
    user,
    applications,
    *,
    reach: dict[int, Reach] | None = None,
    submitted_at: dict[int, list] | None = None,
) -> dict[int, dict[str, rules.DimensionEvidence]]:
    """Per application and dimension, from the visible submitted scorecards: the mean of the
    members' means (as in the debrief's aggregate, so each member weighs the same) and the
    number of questions rated (one rated question is thin evidence).

    ``reach``: ``scorecard_reach`` of these applications when the caller has it; then only
    those the reader reads in full are read, without asking the rule again per scorecard.
    ``submitted_at``, when given, is filled with each application's submission times of the
    scorecards read (what ``calibrated_scores`` needs to tell stale scores), from the same
    rows."""
    if reach is not None:
        scorecards = scorecards_read_in_full({pk: reach[pk] for pk in applications})
    else:
        scorecards = scorecards_visible_to(user).filter(assignment__application__in=applications)
    rows = Rating.objects.filter(scorecard__in=scorecards, value__isnull=False).values_list(
        "scorecard__assignment__application_id",
        "scorecard_id",
        "question__rubric__dimension__key",
        "value",
        "scorecard__submitted_at",
        "scorecard__status",
    )
    values: dict[int, dict[str, dict[int, list[int]]]] = {}
    seen: set[int] = set()
    for application_id, scorecard_id, key, value, when, status in rows:
        if status != ScorecardStatus.SUBMITTED:  # the reader's own draft
            continue
        per_member = values.setdefault(application_id, {}).setdefault(key, {})
        per_member.setdefault(scorecard_id, []).append(value)
        if submitted_at is not None and scorecard_id not in seen:
            seen.add(scorecard_id)
            submitted_at.setdefault(application_id, []).append(when)
    return {
        application_id: {
            key: rules.DimensionEvidence(
                mean(mean(v) for v in members.values()),
                sum(len(v) for v in members.values()),
            )
            for key, members in by_key.items()
        }
        for application_id, by_key in values.items()
    }


def decision_support(
    user, application, *, grid: Debrief | None = None, reach=None, ctx=None
) -> Support:
    """Level fit, skill match, coaching gaps and complementarity for one application, from
    the scorecards the blind rule lets ``user`` read.

    The debrief passes what it has already read: its ``grid`` (the evidence is its
    aggregates), the ``reach`` and a ``ctx`` read with the application (so that the skill
    readings come with the skills). Support built that way has no ``skill_rows``: the
    decision-support page, which shows them, reads them itself."""
    from panelist.decisions.models import SkillAssessment

    if grid is not None:
        reach = reach or scorecard_reach(user, [application.pk])[application.pk]
        ctx = ctx or opening_context(application.opening, application=application)
        evidence = grid.evidence() if reach.content else {}
        scorecards_read = grid.submitted if reach.content else len(grid.rows)
        readings_hidden = reach.blind
        holdings = (
            {}
            if readings_hidden
            else {
                skill.name: rules.Holding(skill.holding)
                for skill in ctx.all_skills
                if skill.holding is not None
            }
        )
        assessments = None
    else:
        ctx = opening_context(application.opening)
        reach = scorecard_reach(user, [application.pk])[application.pk]
        evidence = (  # part of the committee's scorecards would read as a weaker candidate
            evidence_by_application(user, [application.pk]).get(application.pk, {})
            if reach.content
            else {}
        )
        scorecards_read = (  # reading them all, the reader reads every one submitted
            reach.submitted
            if reach.content
            else scorecards_visible_to(user)
            .filter(assignment__application=application, status="submitted")
            .count()
        )
        readings_hidden = reach.blind
        assessments = (
            {}
            if readings_hidden
            else {
                a.skill_id: a
                for a in SkillAssessment.objects.filter(application=application).select_related(
                    "skill"
                )
            }
        )
        holdings = {a.skill.name: rules.Holding(a.holding) for a in assessments.values()}
    reading = read_candidate(ctx, evidence, holdings)
    fit = reading.fit
    level_rows = [
        {
            "level": level,
            "cells": [
                (ctx.names[key], evidence.get(key), level.expected.get(key)) for key in ctx.names
            ],
            "supported": fit.supported is not None and level.key == fit.supported.key,
            "target": level.key == fit.target.key,
        }
        for level in ctx.ladder
    ]
    skill_rows = [] if assessments is None else _skill_rows(ctx, assessments)
    support = Support(
        readings_hidden,
        fit,
        reading.match,
        reading.gaps,
        ctx.coverage,
        reading.complement,
        ctx.names,
        skill_rows,
        evidence,
        scorecards_read,
        level_rows,
        reach,
    )
    support.ctx = ctx
    return support


def _skill_rows(ctx: OpeningContext, assessments: dict) -> list[dict]:
    required_ids = {r.skill_id for r in ctx.required}
    return [
        {
            "skill": r.skill,
            "importance": r.get_importance_display(),
            "assessment": assessments.get(r.skill_id),
        }
        for r in ctx.required
    ] + [
        {"skill": skill, "importance": "", "assessment": assessments.get(skill.pk)}
        for skill in ctx.all_skills
        if skill.pk not in required_ids
    ]


@dataclass
class ComparisonRow:
    application: object
    reading: Reading
    evidence: dict[str, rules.DimensionEvidence]
    submitted: int
    assigned: int
    red_flags: int
    orange_flags: int
    rank: str = ""  # "1", "=2" for a tie
    names: dict[str, str] = field(default_factory=dict)
    committee: object = None  # the committee's recommendation, unless the reader is blind
    calibrated: dict = field(default_factory=dict)  # target -> CandidateScore, when readable
    hidden: str | None = None  # why the reader reads no scores or flags here (never zeros)
    committee_hidden: bool = False  # the reader is still blind on this candidate

    @property
    def band_label(self) -> str:
        return SHORT_BAND[self.reading.match.band]

    @property
    def uncoachable(self) -> list[str]:
        return self._gaps(rules.Coaching.WILL_NOT)

    @property
    def unstated(self) -> list[str]:
        return self._gaps(rules.Coaching.NOT_STATED)

    def _gaps(self, willingness) -> list[str]:
        return [
            self.names.get(g.shortfall.dimension, g.shortfall.dimension)
            for g in self.reading.gaps
            if g.willingness == willingness and not g.coachable
        ]

    @property
    def coachable(self) -> list[str]:
        """The coachable gaps, each with who coaches it ("Coding: the manager, Rita")."""
        return [
            f"{self.names.get(g.shortfall.dimension, g.shortfall.dimension)}: "
            + ", ".join(coaches_of(g))
            for g in self.reading.gaps
            if g.coachable
        ]

    @property
    def missing_scorecards(self) -> int:
        return self.assigned - self.submitted


def coaches_of(gap: rules.CoachingGap) -> list[str]:
    """Who will coach a gap, as a page names them: the manager first, then teammates."""
    return (["the manager"] if gap.manager_coaches else []) + list(gap.teammates)


@dataclass
class Comparison:
    ctx: OpeningContext
    rows: list[ComparisonRow]
    sort: str
    sort_options: list[tuple[str, str]]
    calibration: object = None  # calibration.selectors.Calibrated


SORTS = {
    "fit": "Level the evidence supports",
    "skills": "Skill match against the band",
    "go": "Committee recommendation",
    "name": "Name",
}


def _committee_of(application):
    from panelist.decisions.models import CommitteeRecommendation

    try:
        return application.committee_recommendation
    except CommitteeRecommendation.DoesNotExist:
        return None


def comparison(
    user,
    opening,
    applications: list,
    *,
    reach: dict[int, Reach],
    sort: str = "fit",
    dimensions: list[Dimension] | None = None,
    expectations: list | None = None,
    grids: dict[int, Debrief] | None = None,
    with_flags: bool = True,
    with_calibration: bool = True,
) -> Comparison:
    """``applications`` (see ``comparison_candidates``) read by the same rules, side by side.

    Every read is bounded to the applications given, so the cost does not grow with the
    opening. ``reach`` is ``scorecard_reach`` of (at least) those applications: it gives the
    counts of scorecards and who is still blind. With the packet's ``grids`` (``debriefs`` of
    the same applications) the evidence and the flags are taken from them instead of read
    again. Ranks are shared when the sort key ties ("=2"), and candidates with scorecards
    still missing say so instead of looking weaker.
    """
    from panelist.calibration.selectors import calibrated_scores
    from panelist.decisions.models import SkillAssessment

    if sort not in SORTS:
        sort = "fit"
    ctx = opening_context(opening, dimensions=dimensions, expectations=expectations)
    ids = [a.pk for a in applications]
    readable = [pk for pk in ids if reach[pk].content]
    submitted_at: dict[int, list] = {}
    if grids is not None:
        evidence = {pk: grids[pk].evidence() for pk in readable}
    else:
        evidence = evidence_by_application(user, readable, reach=reach, submitted_at=submitted_at)
    calibration = (
        calibrated_scores(
            user,
            ids,
            readable={pk for pk in readable if reach[pk].submitted},
            submitted_at=submitted_at,
        )
        if with_calibration
        else None
    )
    holdings: dict[int, dict[str, rules.Holding]] = {}
    sighted = [pk for pk in ids if not reach[pk].blind]
    for a in SkillAssessment.objects.filter(application__in=sighted).select_related("skill"):
        holdings.setdefault(a.application_id, {})[a.skill.name] = rules.Holding(a.holding)
    flags: Counter[tuple[int, str]] = Counter()
    if grids is not None:
        for pk in readable:
            flags.update((pk, flag.severity) for flag in grids[pk].flags)
    elif with_flags and readable:
        flags.update(
            (application_id, severity)
            for application_id, severity, status in Flag.objects.filter(
                scorecard__in=scorecards_read_in_full({pk: reach[pk] for pk in readable})
            ).values_list("scorecard__assignment__application_id", "severity", "scorecard__status")
            if status == ScorecardStatus.SUBMITTED  # (see debriefs: not in the query)
        )
    rows = [
        ComparisonRow(
            application=a,
            reading=read_candidate(ctx, evidence.get(a.pk, {}), holdings.get(a.pk, {})),
            evidence=evidence.get(a.pk, {}),
            submitted=reach[a.pk].submitted,
            assigned=reach[a.pk].assigned,
            red_flags=flags[(a.pk, Severity.RED)] if reach[a.pk].content else None,
            orange_flags=flags[(a.pk, Severity.ORANGE)] if reach[a.pk].content else None,
            names=ctx.names,
            committee=None if reach[a.pk].blind else _committee_of(a),
            calibrated=calibration.of(a.pk) if calibration else {},
            hidden=None if reach[a.pk].content else reach[a.pk].hidden,
            committee_hidden=reach[a.pk].blind,
        )
        for a in applications
    ]
    seniority = {level.key: i for i, level in enumerate(ctx.ladder)}
    recommendation_order = {"strong_yes": 4, "yes": 3, "no": 2, "strong_no": 1}

    def key(row: ComparisonRow):
        if sort == "fit":
            if not row.evidence:
                return (1, 0)  # nothing assessed yet: after everyone read, never tied with them
            fit = row.reading.fit
            confirmed = seniority[fit.supported.key] + 1 if fit.supported else 0
            consistent = seniority[fit.consistent_with.key] + 1 if fit.consistent_with else 0
            # then the weighted gap to the target: a gap someone will coach weighs less
            return (0, -confirmed, -consistent, round(row.reading.weighted_gap, 6))
        if sort == "skills":
            return rules.band_sort_key(row.reading.match)
        if sort == "go":
            committee = row.committee
            return -recommendation_order.get(committee.recommendation if committee else "", 0)
        return row.application.candidate.name.lower()

    rows.sort(key=lambda row: (key(row), row.application.candidate.name.lower()))
    previous, position = object(), 0
    for index, row in enumerate(rows, start=1):
        current = key(row)
        if current != previous:
            position = index
        previous = current
        row.rank = str(position)
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.rank] = counts.get(row.rank, 0) + 1
    for row in rows:
        if counts[row.rank] > 1 and sort != "name":
            row.rank = f"={row.rank}"
    return Comparison(ctx, rows, sort, list(SORTS.items()), calibration)


@dataclass
class Candidates:
    """The candidates a comparison or packet may show, read in one query (see
    ``comparison_candidates``)."""

    picked: list  # the picked applications the reader may see, in the order picked
    others: list  # the newest other applications (matching the search), at most the size asked
    others_total: int  # how many other applications match, listed or not

    @property
    def listed(self) -> list:
        return self.picked + self.others


def compared_by_default(applications: list, reach: dict[int, Reach]) -> list:
    """Of ``applications``, those a comparison or packet shows when nothing is picked: still
    in play (not decided; withdrawn ones are never listed) and with submitted scorecards
    the reader reads, every one of them (a part would pass for a weaker candidate)."""
    from panelist.hiring.models import Stage

    return [
        a
        for a in applications
        if a.stage != Stage.DECIDED and reach[a.pk].content and reach[a.pk].submitted
    ]


def comparison_candidates(
    user, opening, *, picked: list[int] = (), search: str = "", others: int = 0
) -> Candidates:
    """The opening's visible applications not withdrawn, with their candidate, committee
    recommendation and decision, in one query: those of ``picked``, and the ``others`` newest
    of the rest (whose names or e-mails contain ``search``, when given), with the number of
    those matching in all.

    The newest and the count are read in subqueries on the applications alone (no join to
    candidates' details, scorecards or decisions), and the rows shown are then read by id,
    so the cost stays flat as the opening grows; the caller reads what it shows of the
    listed applications only (``scorecard_reach``)."""
    from django.db.models import Func, IntegerField, Subquery

    from panelist.access.permissions import applications_visible_to
    from panelist.hiring.models import Stage

    picked = list(picked)
    visible = applications_visible_to(user).filter(opening=opening).exclude(stage=Stage.WITHDRAWN)
    shown = visible.select_related("candidate", "committee_recommendation", "decision")
    if not others:
        rows = list(shown.filter(pk__in=picked)) if picked else []
        rows.sort(key=lambda a: picked.index(a.pk))
        return Candidates(rows, [], 0)
    rest = visible.exclude(pk__in=picked) if picked else visible
    if search:
        rest = rest.filter(
            Q(candidate__name__icontains=search) | Q(candidate__email__icontains=search)
        )
    # Newest by id, the order they were added in: the opening's index holds its applications
    # in id order, so the newest are read from its end, where sorting by ``created_at`` (no
    # index with the opening) sorted every application of the opening (26 ms at 10,000).
    newest = rest.order_by("-pk").values("pk")[:others]
    total = rest.order_by().annotate(n=Func("pk", function="COUNT")).values("n")
    listed = Q(pk__in=newest) | Q(pk__in=picked) if picked else Q(pk__in=newest)
    rows = list(
        shown.filter(listed)
        .annotate(others_total=Subquery(total, output_field=IntegerField()))
        .order_by("-pk")
    )
    chosen = sorted((a for a in rows if a.pk in picked), key=lambda a: picked.index(a.pk))
    newest_rows = [a for a in rows if a.pk not in picked]
    return Candidates(chosen, newest_rows, (rows[0].others_total or 0) if rows else 0)


# --- leadership, derived (rules.leadership_reading) fed from the database -----------------


@dataclass
class Leadership:
    """The derived leadership reading with the names a page shows it with."""

    reading: rules.LeadershipReading
    label: str  # "Leadership (derived from people skills and communication)"
    sources: list[tuple[str, float | None]]  # each source's name and mean rating
    unassessed_names: list[str]
    red_flag_names: list[str]


def red_flagged_dimensions(user, application, *, grid: Debrief | None = None) -> set[str]:
    """Dimension keys with a red flag on the submitted scorecards ``user`` may read.

    A flag tied to a rating counts on that rating's dimension; a flag tied to no rating, on
    every dimension of its scorecard's assignment. A red flag marked as a possible cultural
    difference is left for the committee to weigh, not applied by a rule. With the
    debrief's ``grid`` (every submitted scorecard, read in full), the flags are those already
    loaded, with their assignment's dimensions (``debriefs``), and no query is sent."""
    red = Q(severity=Severity.RED, possible_cultural_difference=False)
    if grid is not None:
        keys = {d.pk: d.key for d in grid.dimensions}
        rated, elsewhere = set(), set()
        for flag in grid.flags:
            if flag.severity != Severity.RED or flag.possible_cultural_difference:
                continue
            if flag.rating_id is None:
                rated.update(filter(None, (flag.assignment_dimension_keys or "").split(",")))
            elif (dimension_id := flag.rating.question.rubric.dimension_id) in keys:
                rated.add(keys[dimension_id])
            else:
                elsewhere.add(dimension_id)
        if elsewhere:  # a rubric on a dimension no longer assessed
            rated |= set(Dimension.objects.filter(pk__in=elsewhere).values_list("key", flat=True))
        return rated
    rows = Flag.objects.filter(
        red,
        scorecard__in=scorecards_visible_to(user).filter(
            assignment__application=application, status="submitted"
        ),
    ).values_list(
        "rating__question__rubric__dimension__key", "scorecard__assignment__dimensions__key"
    )
    return {rated or assigned for rated, assigned in rows if rated or assigned}


def with_leadership(
    user, application, support: Support, *, grid: Debrief | None = None
) -> Leadership | None:
    """Add the derived leadership reading to ``support.fit`` and return it with its names;
    None when the library's level table has no leadership expectation. ``grid``: the
    debrief, whose flags are then not read again."""
    from dataclasses import replace

    rows = support.ctx.leadership
    if not rows:
        return None
    expected = {e.level.key: float(e.expected_rating) for e in rows}
    ladder = [row["level"] for row in support.level_rows]
    reading = rules.leadership_reading(
        support.evidence,
        ladder,
        support.fit.target.key,
        expected,
        red_flagged=red_flagged_dimensions(user, application, grid=grid)
        if support.evidence
        else (),
    )
    support.fit = replace(support.fit, leadership=reading)
    source_names = [support.name(key) for key in reading.sources]
    return Leadership(
        reading=reading,
        label=f"{rows[0].dimension.name} (derived from "
        f"{' and '.join(n[:1].lower() + n[1:] for n in source_names)})",
        sources=[(support.name(k), reading.source_means.get(k)) for k in reading.sources],
        unassessed_names=[support.name(k) for k in reading.unassessed_sources],
        red_flag_names=[support.name(k) for k in reading.red_flagged],
    )


def with_skill_history(application, support: Support) -> Support:
    """Give each skill row of ``support`` its latest recording (``row["latest"]``: who and
    when) and the earlier ones (``row["earlier"]``, newest first), as hidden as the current
    reading from a reader still blind."""
    from panelist.decisions.models import SkillAssessmentRecord

    earlier: dict[int, list] = {}
    if not support.readings_hidden:  # recordings newest first, per skill
        for record in (
            SkillAssessmentRecord.objects.filter(application=application)
            .select_related("recorded_by")
            .order_by("-recorded_at", "-id")
        ):
            earlier.setdefault(record.skill_id, []).append(record)
    for row in support.skill_rows:
        records = earlier.get(row["skill"].pk, [])
        row["latest"] = records[0] if records else None  # the newest is the current reading
        row["earlier"] = records[1:]
    return support
