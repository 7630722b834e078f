"""What the pages read from the latest calibration run, as the reader may see it."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Case, Prefetch, Q, Subquery, Value, When
from django.db.models.functions import Concat, Lower, Trim

from panelist.access import permissions
from panelist.access.models import User
from panelist.calibration.models import (
    MIN_RATINGS_TO_READ,
    OVERALL,
    CalibrationRun,
    CandidateScore,
    Fit,
    InterviewerSummary,
    Leniency,
)
from panelist.interviews.models import Scorecard, ScorecardStatus

INTERVIEWERS_PER_PAGE = 25


def latest_run() -> CalibrationRun | None:
    return (
        CalibrationRun.objects.prefetch_related(Prefetch("fits", Fit.objects.order_by("order")))
        .select_related("started_by")
        .first()
    )


@dataclass
class Calibrated:
    """Calibrated scores of some applications: ``scores[application_id][target]``."""

    run: CalibrationRun | None
    scores: dict[int, dict[str, CandidateScore]] = field(default_factory=dict)
    readable: set[int] = field(default_factory=set)
    stale: set[int] = field(default_factory=set)  # scorecards submitted since the run

    def of(self, application_id: int) -> dict[str, CandidateScore]:
        return self.scores.get(application_id, {})

    def is_stale(self, application_id: int) -> bool:
        return application_id in self.stale


def calibrated_scores(
    user, application_ids, *, readable: set[int] | None = None, submitted_at=None
) -> Calibrated:
    """The latest run's scores for the applications ``user`` may read them on (those where
    they read every submitted scorecard; see ``permissions.calibrated_applications``).

    A caller that has already read these (the debrief) passes ``readable`` (from
    ``permissions.scorecard_reach``) and ``submitted_at`` (application id -> the submission
    times of its submitted scorecards), so that neither is read twice."""
    if readable is None:
        readable = permissions.calibrated_applications(user, application_ids)
    if not readable:
        return Calibrated(run=CalibrationRun.objects.first(), readable=readable)
    # The latest run's scores, with the run read from them: one query where they exist (the
    # run alone is read only when it holds none of these applications).
    latest = CalibrationRun.objects.values("pk")[:1]
    scores = list(
        CandidateScore.objects.filter(
            fit__run=Subquery(latest), fit__fitted=True, application__in=readable
        ).select_related("fit__run")
    )
    run = scores[0].fit.run if scores else CalibrationRun.objects.first()
    result = Calibrated(run=run, readable=readable)
    if run is None:
        return result
    for score in scores:
        result.scores.setdefault(score.application_id, {})[score.fit.target] = score
    if submitted_at is not None:
        result.stale = {
            pk
            for pk in readable
            if any(when and when > run.created_at for when in submitted_at.get(pk, ()))
        }
        return result
    result.stale = set(
        submitted_since(run)
        .filter(assignment__application__in=readable)
        .values_list("assignment__application_id", flat=True)
    )
    return result


def submitted_since(run: CalibrationRun):
    """Scorecards submitted after ``run``: not in its figures, which are then out of date."""
    return Scorecard.objects.filter(
        status=ScorecardStatus.SUBMITTED, submitted_at__gt=run.created_at
    )


@dataclass
class LeniencyCell:
    fit: Fit
    leniency: Leniency | None

    @property
    def readable(self) -> bool:
        """Enough ratings on the target for the estimate to be worth reading."""
        return self.leniency is not None and self.leniency.n_ratings >= MIN_RATINGS_TO_READ


@dataclass
class InterviewerRow:
    """One interviewer's stored figures in the run, with their leniency cells."""

    summary: InterviewerSummary
    leniency: dict[str, Leniency] = field(default_factory=dict)
    overall_cell: LeniencyCell | None = None
    dimension_cells: list[LeniencyCell] = field(default_factory=list)  # per fitted dimension

    @property
    def interviewer(self) -> User:
        return self.summary.interviewer


@dataclass
class InterviewerReport:
    run: CalibrationRun | None
    fits: list[Fit]
    rows: list[InterviewerRow]
    page: Page | None = None  # the page of interviewers in ``rows``, when paginated
    submitted_since: int = 0  # scorecards submitted after the run, not in its figures

    @property
    def dimension_fits(self) -> list[Fit]:
        return [fit for fit in self.fits if fit.fitted and fit.target != OVERALL]

    @property
    def overall(self) -> Fit | None:
        return next((fit for fit in self.fits if fit.target == OVERALL), None)

    @property
    def predates_summaries(self) -> bool:
        """A run stored before runs kept interviewers' figures: it read scorecards but has no
        interviewer row."""
        page = self.page
        return bool(self.run and self.run.scorecards and page is not None) and (
            page.paginator.count == 0
        )


def _summaries(run: CalibrationRun):
    """The run's interviewer rows in name order (as ``User.display_name`` reads)."""
    full_name = Trim(Concat("interviewer__first_name", Value(" "), "interviewer__last_name"))
    return (
        InterviewerSummary.objects.filter(run=run)
        .select_related("interviewer")
        .annotate(
            sort_name=Lower(
                Case(
                    When(
                        Q(interviewer__first_name="", interviewer__last_name=""),
                        then="interviewer__username",
                    ),
                    default=full_name,
                )
            )
        )
        .order_by("sort_name", "interviewer_id")
    )


def interviewer_report(*, page: int | str | None = None) -> InterviewerReport:
    """Every interviewer's leniency, agreement with the committee and timeliness, as the
    latest calibration run stored them; ``page`` gives that page of ``INTERVIEWERS_PER_PAGE``
    interviewers (None: all of them, for the API).

    Nothing here reads the scorecards themselves: the figures are the run's, and the page
    says how many scorecards were submitted since. Callers check
    ``permissions.reads_calibration`` first. Every figure is an aggregate over candidates
    whose whole committee had submitted (nobody was blind on them), and small counts are not
    shown, so no single scorecard can be read back from the page.
    """
    run = latest_run()
    report = InterviewerReport(run=run, fits=list(run.fits.all()) if run else [], rows=[])
    if run is None:
        return report
    summaries = _summaries(run)
    if page is not None:
        report.page = Paginator(summaries, INTERVIEWERS_PER_PAGE).get_page(page)
        summaries = report.page.object_list
    rows = {summary.interviewer_id: InterviewerRow(summary) for summary in summaries}
    leniencies = Leniency.objects.filter(fit__run=run).select_related("fit")
    if page is not None:
        leniencies = leniencies.filter(interviewer__in=list(rows))
    for leniency in leniencies:
        if leniency.interviewer_id in rows:
            rows[leniency.interviewer_id].leniency[leniency.fit.target] = leniency
    overall = report.overall
    for row in rows.values():
        if overall is not None and overall.fitted:
            row.overall_cell = LeniencyCell(overall, row.leniency.get(OVERALL))
        row.dimension_cells = [
            LeniencyCell(fit, row.leniency.get(fit.target)) for fit in report.dimension_fits
        ]
    report.rows = list(rows.values())
    report.submitted_since = submitted_since(run).count()
    return report


CHART_ROWS = 60  # interviewers drawn on the leniency chart; the table pages through the rest


@dataclass
class ChartRow:
    name: str
    leniency: Leniency
    y: float  # centre of the row, in the chart's units
    x: float  # the estimate
    x_low: float
    x_high: float


@dataclass
class LeniencyChart:
    """Each interviewer's leniency on the overall recommendation with its 90 % interval,
    sorted from most severe to most lenient, laid out for an SVG drawn by the template:
    ``x`` runs from 0 to ``width`` over ``low``..``high`` on the rating scale."""

    rows: list[ChartRow]
    low: float
    high: float
    ticks: list[tuple[float, str]]
    zero: float
    more: int  # interviewers left off the chart
    width: int = 350
    left: int = 140  # room for the names
    row_height: int = 30

    @property
    def height(self) -> int:
        return self.row_height * (len(self.rows) + 1) + 10

    @property
    def total_width(self) -> int:
        return self.left + self.width + 20


def leniency_chart(run: CalibrationRun | None) -> LeniencyChart | None:
    """The overall recommendation's leniencies of the run, read in one query; None without
    any to draw. Interviewers with fewer than ``MIN_RATINGS_TO_READ`` ratings are left out, as
    in the table."""
    if run is None:
        return None
    readable = Leniency.objects.filter(
        fit__run=run, fit__target=OVERALL, n_ratings__gte=MIN_RATINGS_TO_READ
    )
    items = list(readable.select_related("interviewer", "fit").order_by("leniency", "pk"))
    if not items:
        return None
    drawn = items[:CHART_ROWS] if len(items) <= CHART_ROWS else _ends(items)
    bound = max(0.5, *(max(abs(i.low), abs(i.high)) for i in drawn))
    bound = math.ceil(bound * 2) / 2  # to the next half point
    chart = LeniencyChart(rows=[], low=-bound, high=bound, ticks=[], zero=0, more=0)
    chart.more = len(items) - len(drawn)

    def x(value: float) -> float:
        return chart.left + (value + bound) / (2 * bound) * chart.width

    step = 0.5 if bound <= 2 else 1.0
    tick = -bound
    while tick <= bound + 1e-9:
        chart.ticks.append((x(tick), f"{tick:+.1f}".replace("-", "\u2212") if tick else "0"))
        tick += step
    chart.zero = x(0)
    for number, item in enumerate(drawn):
        chart.rows.append(
            ChartRow(
                name=item.interviewer.display_name,
                leniency=item,
                y=chart.row_height * (number + 0.5) + 5,
                x=x(item.leniency),
                x_low=x(item.low),
                x_high=x(item.high),
            )
        )
    return chart


def _ends(items: list[Leniency]) -> list[Leniency]:
    """The most severe and the most lenient halves of the chart's rows."""
    half = CHART_ROWS // 2
    return items[:half] + items[-half:]
