"""The adverse-impact report: counts per self-identified group at each step of the process.

Read in a fixed number of queries whatever the scope's size: the scope's applications with
four yes/no facts each (passed screening, interviewed, recommended, hired), the answers of
their candidates, the latest calibration's overall scores, and the interviewers' mean rating
per candidate. Everything else is counting in Python and ``calibration.impact``.

Each application counts once (a candidate on two openings of the scope counts twice, as two
selection decisions). Only groups ever reach the page: no row names or points at a candidate,
and a scope with fewer than ``MIN_ANSWERED`` answering candidates shows no figures at all,
since in a handful of people a group's count says who is in it.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Avg, Exists, OuterRef
from django.utils import timezone

from panelist.access.models import User
from panelist.access.permissions import applications_with_committee_complete
from panelist.calibration import impact
from panelist.calibration.models import OVERALL, CalibrationRun, CandidateScore
from panelist.decisions.models import CommitteeRecommendation, Decision, Outcome
from panelist.fairness.models import Answer, Question
from panelist.hiring.models import Application, Stage
from panelist.interviews.models import GO_RECOMMENDATIONS, Assignment, Rating, ScorecardStatus

MIN_ANSWERED = 10  # answering applications in scope before any figure is shown
UNKNOWN = "Not answered or preferred not to say"
RATER_QUESTIONS_SHOWN = 40  # the CSV holds every one

# (key, label, rate of what): each step's rate among those who reached the step before it,
# and the whole process's rate among all applicants.
STEPS = [
    ("screening", "Passed screening", "applicants"),
    ("interviewed", "Interviewed", "those who passed screening"),
    ("recommended", "Recommended by the committee", "those interviewed"),
    ("hired", "Hired", "those recommended"),
    ("overall", "Hired, of all applicants", "applicants"),
]


@dataclass(frozen=True)
class Scope:
    """An opening, a team or the whole organisation, over an optional period of application
    dates (both ends included)."""

    opening: object = None
    team: object = None
    start: date | None = None
    end: date | None = None

    @property
    def label(self) -> str:
        if self.opening is not None:
            what = f"Opening “{self.opening.title}”"
        elif self.team is not None:
            what = f"Team {self.team.name}"
        else:
            what = "The whole organisation"
        if self.start and self.end:
            return f"{what}, applications from {self.start:%d %b %Y} to {self.end:%d %b %Y}"
        if self.start:
            return f"{what}, applications from {self.start:%d %b %Y}"
        if self.end:
            return f"{what}, applications up to {self.end:%d %b %Y}"
        return f"{what}, all applications"

    def applications(self):
        applications = Application.objects.all()
        if self.opening is not None:
            applications = applications.filter(opening=self.opening)
        elif self.team is not None:
            applications = applications.filter(opening__team=self.team)
        if self.start:
            applications = applications.filter(created_at__gte=_day_start(self.start))
        if self.end:
            applications = applications.filter(
                created_at__lt=_day_start(self.end + timedelta(days=1))
            )
        return applications


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


@dataclass(frozen=True)
class Grouping:
    """One way to split the candidates: a question, or an intersection of questions."""

    key: str
    label: str
    intersection: bool = False


@dataclass
class GroupingTable:
    grouping: Grouping
    table: impact.SelectionTable
    unknown: int  # candidates of the step's base whose group is unknown (not in the table)


@dataclass
class StepSection:
    key: str
    label: str
    of_what: str
    tables: list[GroupingTable]


@dataclass
class ScoringSection:
    grouping: Grouping
    raw_median: float | None
    raw: impact.SelectionTable
    calibrated_median: float | None
    calibrated: impact.SelectionTable
    unknown: int

    @property
    def pairs(self) -> list[tuple[impact.GroupRate, impact.GroupRate]]:
        """Each group's raw and calibrated rows, side by side (both tables hold the same
        groups in the same order)."""
        return list(zip(self.raw.rows, self.calibrated.rows, strict=True))


@dataclass
class RaterQuestion:
    interviewer: str
    grouping: Grouping
    reading: impact.RaterDifference

    @property
    def text(self) -> str:
        return self.reading.question(self.interviewer)


@dataclass
class Report:
    scope: Scope
    applications: int
    answered: int
    groupings: list[Grouping] = field(default_factory=list)
    steps: list[StepSection] = field(default_factory=list)
    scoring: list[ScoringSection] = field(default_factory=list)
    calibration_run: CalibrationRun | None = None
    scored: int = 0
    rater_questions: list[RaterQuestion] = field(default_factory=list)
    raters_below_minimum: int = 0
    flagged: int = 0  # ratios below four fifths in groups large enough to read
    flagged_small: int = 0  # the same in groups too small to read

    @property
    def enough(self) -> bool:
        return self.answered >= MIN_ANSWERED

    @property
    def min_answered(self) -> int:
        return MIN_ANSWERED

    @property
    def rater_questions_shown(self) -> list[RaterQuestion]:
        return self.rater_questions[:RATER_QUESTIONS_SHOWN]

    @property
    def rater_questions_hidden(self) -> int:
        return max(0, len(self.rater_questions) - RATER_QUESTIONS_SHOWN)

    @property
    def clear_rater_questions(self) -> list[RaterQuestion]:
        return [q for q in self.rater_questions if q.reading.clear]


def adverse_impact_report(scope: Scope) -> Report:
    """The whole report for ``scope``. The caller has checked ``reads_fairness_report``."""
    facts = _application_facts(scope)
    groups_of = _groups_by_candidate({row["candidate_id"] for row in facts})
    answered = sum(1 for row in facts if row["candidate_id"] in groups_of)
    report = Report(scope=scope, applications=len(facts), answered=answered)
    if not report.enough:
        return report

    questions = list(Question.objects.order_by("order", "id"))
    groupings = [Grouping(q.key, q.label) for q in questions]
    crossing = [q for q in questions if q.intersect]
    if len(crossing) >= 2:
        groupings.append(
            Grouping(
                "+".join(q.key for q in crossing),
                impact.intersection_label(*(q.label for q in crossing)),
                intersection=True,
            )
        )
    report.groupings = groupings
    crossing_keys = [q.key for q in crossing]

    def group_of(candidate_id: int, grouping: Grouping) -> str | None:
        answers = groups_of.get(candidate_id, {})
        if grouping.intersection:
            parts = [answers.get(key) for key in crossing_keys]
            return None if None in parts else impact.intersection_label(*parts)
        return answers.get(grouping.key)

    for key, label, of_what in STEPS:
        base, reached = _step(key)
        tables = []
        for grouping in groupings:
            counts: dict[str, list[int]] = {}
            unknown = 0
            for row in facts:
                if not base(row):
                    continue
                group = group_of(row["candidate_id"], grouping)
                if group is None:
                    unknown += 1
                    continue
                cell = counts.setdefault(group, [0, 0])
                cell[1] += 1
                cell[0] += bool(reached(row))
            table = impact.selection_table(
                {group: (s, t) for group, (s, t) in sorted(counts.items())}
            )
            report.flagged += sum(1 for row in table.flagged if not row.small)
            report.flagged_small += sum(1 for row in table.flagged if row.small)
            tables.append(GroupingTable(grouping, table, unknown))
        report.steps.append(StepSection(key, label, of_what, tables))

    _add_scoring(report, facts, groupings, group_of)
    _add_rater_questions(report, scope, groupings, group_of)
    return report


def _step(key: str):
    """(who is counted, who passed) for one step, as functions of an application's facts."""

    def screened(row):
        return row["screened"] or row["interviewed"]

    steps = {
        "screening": (lambda row: True, screened),
        "interviewed": (screened, lambda row: row["interviewed"]),
        "recommended": (lambda row: row["interviewed"], lambda row: row["recommended"]),
        "hired": (lambda row: row["recommended"], lambda row: row["hired"]),
        "overall": (lambda row: True, lambda row: row["hired"]),
    }
    return steps[key]


def _application_facts(scope: Scope) -> list[dict]:
    """One query: per application in scope, its candidate and the four facts."""
    this = OuterRef("pk")
    rows = (
        scope.applications()
        .annotate(
            assigned=Exists(Assignment.objects.filter(application=this)),
            interviewed=Exists(Assignment.objects.filter(application=this, submitted=True)),
            recommended=Exists(
                CommitteeRecommendation.objects.filter(
                    application=this, recommendation__in=GO_RECOMMENDATIONS
                )
            ),
            hired=Exists(Decision.objects.filter(application=this, outcome=Outcome.HIRE)),
        )
        .values("pk", "candidate_id", "stage", "assigned", "interviewed", "recommended", "hired")
        .order_by()
    )
    # Passed screening: given a committee, or moved past screening. A candidate decided or
    # withdrawn before any committee was assigned did not pass.
    return [
        {**row, "screened": row["assigned"] or row["stage"] in (Stage.INTERVIEWING, Stage.DEBRIEF)}
        for row in rows
    ]


def _groups_by_candidate(candidate_ids: set[int]) -> dict[int, dict[str, str | None]]:
    """One query: per candidate who answered anything, question key -> option label, or None
    for "Prefer not to say". Read only to be counted."""
    groups: dict[int, dict[str, str | None]] = defaultdict(dict)
    rows = (
        Answer.objects.filter(response__candidate__in=candidate_ids)
        .values_list("response__candidate_id", "question__key", "option__label")
        .order_by()
    )
    for candidate_id, key, label in rows:
        groups[candidate_id][key] = label
    return {
        candidate: answers
        for candidate, answers in groups.items()
        if any(label is not None for label in answers.values())
    }


def _add_scoring(report: Report, facts, groupings, group_of) -> None:
    """LL144's scoring rate on the latest calibration's overall scores: raw mean rating and
    calibrated score side by side (one query)."""
    run = CalibrationRun.objects.order_by("-created_at", "-id").first()
    report.calibration_run = run
    if run is None:
        return
    candidate_of = {row["pk"]: row["candidate_id"] for row in facts}
    scores = list(
        CandidateScore.objects.filter(
            fit__run=run, fit__target=OVERALL, application__in=list(candidate_of)
        )
        .values_list("application_id", "raw_mean", "score")
        .order_by()
    )
    report.scored = len(scores)
    for grouping in groupings:
        raw: dict[str, list[float]] = defaultdict(list)
        calibrated: dict[str, list[float]] = defaultdict(list)
        unknown = 0
        for application_id, raw_mean, score in scores:
            group = group_of(candidate_of[application_id], grouping)
            if group is None:
                unknown += 1
                continue
            raw[group].append(raw_mean)
            calibrated[group].append(score)
        raw_median, raw_table = impact.scoring_rates(
            dict(sorted(raw.items())), median=_median([row[1] for row in scores])
        )
        cal_median, cal_table = impact.scoring_rates(
            dict(sorted(calibrated.items())), median=_median([row[2] for row in scores])
        )
        report.scoring.append(
            ScoringSection(grouping, raw_median, raw_table, cal_median, cal_table, unknown)
        )


def _add_rater_questions(report: Report, scope: Scope, groupings, group_of) -> None:
    """Per interviewer and group, their departure from the rest of the committee on the same
    candidates (one query for every mean rating, one for the interviewers' names).

    Only candidates whose whole committee has submitted are read, as calibration does, so
    nothing here moves while a member is still writing. Intersections are left out: their
    groups are too small per interviewer to say anything."""
    rows = (
        Rating.objects.filter(
            value__isnull=False,
            scorecard__status=ScorecardStatus.SUBMITTED,
            scorecard__assignment__application__in=scope.applications().filter(
                pk__in=applications_with_committee_complete()
            ),
        )
        .values(
            "scorecard__assignment__application_id",
            "scorecard__assignment__application__candidate_id",
            "scorecard__assignment__member_id",
        )
        .annotate(mean=Avg("value"))
        .order_by()
    )
    by_application: dict[int, dict[int, float]] = defaultdict(dict)
    candidate_of: dict[int, int] = {}
    for row in rows:
        application = row["scorecard__assignment__application_id"]
        candidate_of[application] = row["scorecard__assignment__application__candidate_id"]
        by_application[application][row["scorecard__assignment__member_id"]] = row["mean"]
    # member -> departures from the other members' mean, one per candidate
    departures: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for application, means in by_application.items():
        if len(means) < 2:
            continue
        total = sum(means.values())
        for member, mean in means.items():
            others = (total - mean) / (len(means) - 1)
            departures[member].append((application, mean - others))
    names = {user.pk: user.display_name for user in User.objects.filter(pk__in=list(departures))}
    samples = []  # (interviewer, grouping, group, in group, rest)
    for grouping in (g for g in groupings if not g.intersection):
        for member, values in departures.items():
            by_group: dict[str, list[float]] = defaultdict(list)
            for application, value in values:
                group = group_of(candidate_of[application], grouping)
                if group is not None:
                    by_group[group].append(value)
            for group, in_group in sorted(by_group.items()):
                rest = [v for other, vs in by_group.items() if other != group for v in vs]
                if min(len(in_group), len(rest)) < impact.MIN_RATER_SAMPLE:
                    report.raters_below_minimum += 1
                    continue
                samples.append((names.get(member, "?"), grouping, group, in_group, rest))
    # The intervals hold together over every pair read (see ``rater_group_difference``).
    questions = [
        RaterQuestion(
            name,
            grouping,
            impact.rater_group_difference(group, in_group, rest, comparisons=len(samples)),
        )
        for name, grouping, group, in_group, rest in samples
    ]
    questions.sort(key=lambda q: (not q.reading.clear, -abs(q.reading.difference), q.interviewer))
    report.rater_questions = questions


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


# --- the CSV -------------------------------------------------------------------------------

CSV_HEADER = [
    "section",
    "step_or_score",
    "grouping",
    "group",
    "selected",
    "total",
    "rate",
    "impact_ratio",
    "ratio_ci_low",
    "ratio_ci_high",
    "fisher_p",
    "below_four_fifths",
    "reference_group",
    "small_group",
    "excluded_under_2_percent",
]


def report_csv_rows(report: Report):
    """The report as rows for ``csv.writer``: every table, one group a row, then the
    interviewer questions. Numbers unrounded (six significant digits), so an auditor can
    recompute them."""
    yield ["scope", report.scope.label]
    yield ["applications", report.applications, "answering", report.answered]
    if not report.enough:
        yield ["note", f"Fewer than {MIN_ANSWERED} answering applications: no figures."]
        return
    yield CSV_HEADER

    def table_rows(section, what, grouping, table, unknown):
        for row in table.rows:
            yield [
                section,
                what,
                grouping.label,
                row.group,
                row.selected,
                row.total,
                _num(row.rate),
                _num(row.ratio),
                _num(row.low),
                _num(row.high),
                _num(row.p_value),
                "yes" if row.flagged else "no",
                "yes" if row.reference else "no",
                "yes" if row.small else "no",
                "yes" if row.excluded else "no",
            ]
        yield [section, what, grouping.label, UNKNOWN, "", unknown, *[""] * 9]

    for step in report.steps:
        for item in step.tables:
            yield from table_rows("selection", step.label, item.grouping, item.table, item.unknown)
    for section in report.scoring:
        for what, table in (("raw mean rating", section.raw), ("calibrated", section.calibrated)):
            yield from table_rows("scoring_rate", what, section.grouping, table, section.unknown)
    yield []
    yield [
        "interviewer",
        "grouping",
        "group",
        "candidates_in_group",
        "candidates_other",
        "difference",
        "interval_low",
        "interval_high",
        "confidence",
        "question",
    ]
    for question in report.rater_questions:
        reading = question.reading
        yield [
            question.interviewer,
            question.grouping.label,
            reading.group,
            reading.n_group,
            reading.n_rest,
            _num(reading.difference),
            _num(reading.low),
            _num(reading.high),
            reading.confidence,
            question.text,
        ]


def _num(value) -> float | str:
    """Six significant digits, as a number (a negative difference must not read as text)."""
    return "" if value is None else float(f"{value:.6g}")
