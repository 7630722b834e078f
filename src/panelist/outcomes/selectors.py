"""Reads for the Hires page, the review form, the home's "reviews due" and the validity page.

Every read starts from ``permissions.hires_visible_to``: admins see every hire, hiring
managers the hires of their own openings, nobody else any.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.core.paginator import Page, Paginator
from django.db.models import Avg, Prefetch
from django.utils import timezone

from panelist.access import permissions
from panelist.calibration import validity as stats
from panelist.calibration.models import OVERALL, CalibrationRun, CandidateScore
from panelist.decisions.models import Decision
from panelist.interviews.models import Rating, ScorecardStatus
from panelist.library.models import Dimension, LevelExpectation
from panelist.outcomes.models import DimensionReview, HireStart, Period, Review
from panelist.outcomes.services import add_months, review_due_on

HIRES_PER_PAGE = 25
DUE_ON_HOME = 10
MIN_PER_INTERVIEWER = 10  # an interviewer's own link is shown from this many reviewed hires
INTERVIEWER_ROWS_PER_PAGE = 25


@dataclass
class PeriodState:
    period: int
    due: date | None  # None without a start date
    review: Review | None

    @property
    def label(self) -> str:
        return Period(self.period).label

    def is_open(self, today: date) -> bool:
        return self.review is None and self.due is not None and self.due <= today


@dataclass
class HireRow:
    decision: Decision
    start: HireStart | None
    periods: list[PeriodState]

    @property
    def application(self):
        return self.decision.application


def _hire_rows(decisions) -> list[HireRow]:
    rows = []
    for decision in decisions:
        start = getattr(decision, "hire_start", None)
        reviews = {review.period: review for review in start.reviews.all()} if start else {}
        rows.append(
            HireRow(
                decision,
                start,
                [
                    PeriodState(
                        period,
                        review_due_on(start.start_date, period) if start else None,
                        reviews.get(period),
                    )
                    for period in Period.values
                ],
            )
        )
    return rows


def _hires(user):
    return (
        permissions.hires_visible_to(user)
        .select_related(
            "level",
            "application__candidate",
            "application__opening__hiring_manager",
            "hire_start",
        )
        .prefetch_related(Prefetch("hire_start__reviews", Review.objects.order_by("period")))
    )


def hires_page(user, page: str | int | None) -> tuple[Page, list[HireRow]]:
    """The hires ``user`` may read, latest decision first, a page at a time."""
    hires = _hires(user).order_by("-decided_at", "-pk")
    current = Paginator(hires, HIRES_PER_PAGE).get_page(page)
    return current, _hire_rows(current.object_list)


def hire_or_404(user, decision_id: int) -> HireRow:
    decision = permissions.get_visible_or_404(_hires(user), pk=decision_id)
    return _hire_rows([decision])[0]


def reviews_due(user, *, today: date | None = None) -> list[tuple[HireRow, PeriodState]]:
    """The reviews waiting on ``user`` (a hiring manager): due and not written, oldest due
    first, at most ``DUE_ON_HOME``."""
    if not permissions.is_hiring_manager(user):
        return []
    today = today or timezone.localdate()
    # A review falls due no earlier than 6 months after the start: hires that started since
    # cannot be due, and hires with both reviews written are done.
    six_months_ago = add_months(today, -Period.SIX_MONTHS)
    candidates = (
        _hires(user)
        .filter(
            application__opening__hiring_manager=user,
            hire_start__start_date__lte=six_months_ago,
        )
        .exclude(hire_start__reviews__period=Period.TWELVE_MONTHS)
        .order_by("hire_start__start_date", "pk")
    )
    due = []
    for row in _hire_rows(candidates[: DUE_ON_HOME * 2]):
        due.extend((row, state) for state in row.periods if state.is_open(today))
    due.sort(key=lambda item: (item[1].due, item[0].decision.pk))
    return due[:DUE_ON_HOME]


@dataclass
class FormDimension:
    dimension: Dimension
    expectation: LevelExpectation | None


def review_form_dimensions(row: HireRow) -> list[FormDimension]:
    """The assessed dimensions, each with what the hire's level expects on it (from the
    opening's library version), for the review form."""
    dimensions = list(Dimension.objects.filter(assessed=True).order_by("order", "pk"))
    expectations = {
        expectation.dimension_id: expectation
        for expectation in LevelExpectation.objects.filter(
            version_id=row.application.opening.library_version_id, level=row.decision.level
        )
    }
    return [FormDimension(d, expectations.get(d.pk)) for d in dimensions]


# --- predictive validity ------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    """Where r and its interval fall on a -1..1 line drawn 100 units wide."""

    low: float
    r: float
    high: float


def _bar(result: stats.Validity) -> Bar | None:
    if not result.computed or not result.has_interval:
        return None

    def x(value: float) -> float:
        return round(50 + 50 * max(-1.0, min(1.0, value)), 1)

    return Bar(x(result.low), x(result.r), x(result.high))


@dataclass
class ValidityRow:
    target: str
    label: str
    score_kind: str  # "raw" or "calibrated"
    result: stats.Validity
    reading: str

    @property
    def shown(self) -> bool:
        return self.result.computed

    @property
    def bar(self) -> Bar | None:
        return _bar(self.result)


@dataclass
class InterviewerValidity:
    name: str
    dimension: str
    result: stats.Validity
    reading: str

    @property
    def bar(self) -> Bar | None:
        return _bar(self.result)


@dataclass
class ValidityReport:
    hires: int  # reviewed hires in scope
    pool: int  # interviewed candidates (every committee member submitted) in scope
    rows: list[ValidityRow] = field(default_factory=list)
    interviewers: Page | None = None
    run: CalibrationRun | None = None
    twelve_month: int = 0  # of the hires, how many were read from a 12-month review
    organisation_wide: bool = False
    min_hires: int = stats.MIN_HIRES
    min_per_interviewer: int = MIN_PER_INTERVIEWER
    level: float = stats.LEVEL

    @property
    def percent(self) -> int:
        return round(self.level * 100)


def _mean(values) -> float:
    return sum(values) / len(values) if values else math.nan


def validity_report(user, *, interviewer_page: str | int | None = None) -> ValidityReport:
    """How well the interview scores of the hires ``user`` may read went with their later
    reviews: per assessed dimension and overall (the mean of the dimensions), on raw and on
    calibrated scores, with the correction for range restriction, and per interviewer from
    ``MIN_PER_INTERVIEWER`` reviewed hires.

    Each hire's criterion is their latest review (12-month where written, else 6-month).
    The applicant pool for the correction is every candidate of the same openings whose whole
    committee submitted. Six queries whatever the number of hires; the statistics run in
    numpy. Only aggregates leave this function: no hire's review or scores are shown."""
    hires = permissions.hires_visible_to(user)
    dimensions = list(Dimension.objects.filter(assessed=True).order_by("order", "pk"))
    # 1. The criterion: each reviewed hire's latest review, per dimension.
    criterion: dict[int, dict[str, float]] = defaultdict(dict)
    latest_period: dict[int, int] = {}
    reviewed = DimensionReview.objects.filter(review__hire__decision__in=hires).values_list(
        "review__hire__decision__application_id", "review__period", "dimension__key", "rating"
    )
    by_period: dict[int, dict[int, dict[str, float]]] = defaultdict(lambda: defaultdict(dict))
    for application_id, period, key, rating in reviewed:
        by_period[application_id][period][key] = float(rating)
    for application_id, periods in by_period.items():
        latest_period[application_id] = max(periods)
        criterion[application_id] = dict(periods[latest_period[application_id]])
        criterion[application_id][OVERALL] = _mean(list(criterion[application_id].values()))
    report = ValidityReport(
        hires=len(criterion),
        pool=0,
        twelve_month=sum(1 for period in latest_period.values() if period == 12),
        organisation_wide=permissions.is_admin(user),
    )
    openings = hires.values("application__opening")
    pool = permissions.applications_with_committee_complete().filter(opening__in=openings)
    # 2. Raw interview scores of everyone in the pool, per dimension.
    raw: dict[int, dict[str, float]] = defaultdict(dict)
    for application_id, key, mean in (
        Rating.objects.filter(
            scorecard__status=ScorecardStatus.SUBMITTED,
            value__isnull=False,
            scorecard__assignment__application__in=pool,
        )
        .values_list("scorecard__assignment__application", "question__rubric__dimension__key")
        .annotate(mean=Avg("value"))
        .order_by()
    ):
        raw[application_id][key] = float(mean)
    for scores in raw.values():
        scores[OVERALL] = _mean([scores[d.key] for d in dimensions if d.key in scores])
    report.pool = len(raw)
    # 3. Calibrated scores of the latest run.
    report.run = CalibrationRun.objects.first()
    calibrated: dict[int, dict[str, float]] = defaultdict(dict)
    if report.run is not None:
        for application_id, target, score in CandidateScore.objects.filter(
            fit__run=report.run, fit__fitted=True, application__in=pool
        ).values_list("application_id", "fit__target", "score"):
            calibrated[application_id][target] = score
        for scores in calibrated.values():
            scores[OVERALL] = _mean([scores[d.key] for d in dimensions if d.key in scores])
    targets = [(d.key, d.name) for d in dimensions] + [(OVERALL, "Overall")]
    for key, label in targets:
        for kind, scores in (("raw", raw), ("calibrated", calibrated)):
            report.rows.append(_validity_row(key, label, kind, scores, criterion))
    report.interviewers = _interviewer_rows(pool, dimensions, criterion, interviewer_page)
    return report


def _pairs(scores: dict[int, dict[str, float]], criterion, key: str):
    hired = [
        (scores[pk][key], criterion[pk][key])
        for pk in sorted(criterion)
        if key in scores.get(pk, {}) and key in criterion[pk]
    ]
    hired = [(x, y) for x, y in hired if not (math.isnan(x) or math.isnan(y))]
    pool = [s[key] for s in scores.values() if key in s and not math.isnan(s[key])]
    return hired, pool


def _names(key: str, label: str) -> tuple[str, str]:
    if key == OVERALL:
        return "the overall interview score", "later performance overall"
    return f"the {label.lower()} interview", f"later {label.lower()} performance"


def _validity_row(key, label, kind, scores, criterion) -> ValidityRow:
    hired, pool = _pairs(scores, criterion, key)
    result = stats.validity(
        [x for x, _ in hired], [y for _, y in hired], pool_scores=pool if pool else None
    )
    predictor, outcome = _names(key, label)
    if kind == "calibrated":
        predictor = predictor.replace("the ", "the calibrated ", 1)
    return ValidityRow(
        key, label, kind, result, stats.reading(result, predictor=predictor, criterion=outcome)
    )


def _interviewer_rows(pool, dimensions, criterion, page) -> Page:
    """Each interviewer's own link, per dimension they rated at least
    ``MIN_PER_INTERVIEWER`` reviewed hires on (raw ratings, not corrected: the pool an
    interviewer saw is too small for a spread of its own)."""
    names = {d.key: d.name for d in dimensions}
    ratings = (
        Rating.objects.filter(
            scorecard__status=ScorecardStatus.SUBMITTED,
            value__isnull=False,
            scorecard__assignment__application__in=list(criterion),
        )
        .filter(scorecard__assignment__application__in=pool)
        .values_list(
            "scorecard__assignment__member",
            "scorecard__assignment__member__first_name",
            "scorecard__assignment__member__last_name",
            "scorecard__assignment__member__username",
            "scorecard__assignment__application",
            "question__rubric__dimension__key",
        )
        .annotate(mean=Avg("value"))
        .order_by()
    )
    pairs: dict[tuple[int, str], list[tuple[float, float]]] = defaultdict(list)
    display: dict[int, str] = {}
    for member, first, last, username, application_id, key, mean in ratings:
        display[member] = f"{first} {last}".strip() or username
        if key in criterion[application_id]:
            pairs[(member, key)].append((float(mean), criterion[application_id][key]))
    readable = sorted(
        (
            (display[member].lower(), names.get(key, key), member, key)
            for (member, key), values in pairs.items()
            if len(values) >= MIN_PER_INTERVIEWER
        ),
    )
    current = Paginator(readable, INTERVIEWER_ROWS_PER_PAGE).get_page(page)
    # Only the page's rows are bootstrapped: each takes a few milliseconds.
    rows = []
    for _, label, member, key in current.object_list:
        values = pairs[(member, key)]
        result = stats.validity([x for x, _ in values], [y for _, y in values])
        _, outcome = _names(key, label)
        reading = stats.reading(
            result, predictor=f"{display[member]}'s {label.lower()} interviews", criterion=outcome
        )
        rows.append(InterviewerValidity(display[member], label, result, reading))
    current.object_list = rows
    return current
