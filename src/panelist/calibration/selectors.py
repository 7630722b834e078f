"""What the pages read from the latest calibration run, as the reader may see it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from statistics import median

from django.db.models import Prefetch

from panelist.access import permissions
from panelist.access.models import User
from panelist.calibration.models import OVERALL, CalibrationRun, CandidateScore, Fit, Leniency
from panelist.interviews.models import GO_RECOMMENDATIONS, Scorecard, ScorecardStatus

MIN_RATINGS_TO_READ = 3  # below this, an interviewer's leniency is shown as "too few"


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
    run = CalibrationRun.objects.first()  # the scores' page needs no fits nor who started it
    if readable is None:
        readable = permissions.calibrated_applications(user, application_ids)
    result = Calibrated(run=run, readable=readable)
    if run is None or not readable:
        return result
    for score in CandidateScore.objects.filter(
        fit__run=run, fit__fitted=True, application__in=readable
    ).select_related("fit"):
        result.scores.setdefault(score.application_id, {})[score.fit.target] = score
    if submitted_at is not None:
        result.stale = {
            pk
            for pk in readable
            if any(when and when > run.created_at for when in submitted_at.get(pk, ()))
        }
        return result
    result.stale = set(
        Scorecard.objects.filter(
            assignment__application__in=readable,
            status=ScorecardStatus.SUBMITTED,
            submitted_at__gt=run.created_at,
        ).values_list("assignment__application_id", flat=True)
    )
    return result


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
    interviewer: User | None = None
    scorecards: int = 0
    leniency: dict[str, Leniency] = field(default_factory=dict)
    agree: int = 0
    compared: int = 0  # scorecards on applications with a committee recommendation
    on_time: int = 0
    with_due: int = 0
    hours_to_submit: list[float] = field(default_factory=list)
    overall_cell: LeniencyCell | None = None
    dimension_cells: list[LeniencyCell] = field(default_factory=list)  # per fitted dimension

    @property
    def agreement(self) -> float | None:
        """Shown from ``MIN_RATINGS_TO_READ`` compared scorecards: below that, a share would
        all but tell one member's go/no-go."""
        return self.agree / self.compared if self.compared >= MIN_RATINGS_TO_READ else None

    @property
    def timeliness(self) -> float | None:
        return self.on_time / self.with_due if self.with_due else None

    @property
    def median_hours(self) -> float | None:
        return median(self.hours_to_submit) if self.hours_to_submit else None


@dataclass
class InterviewerReport:
    run: CalibrationRun | None
    fits: list[Fit]
    rows: list[InterviewerRow]

    @property
    def dimension_fits(self) -> list[Fit]:
        return [fit for fit in self.fits if fit.fitted and fit.target != OVERALL]

    @property
    def overall(self) -> Fit | None:
        return next((fit for fit in self.fits if fit.target == OVERALL), None)


def interviewer_report() -> InterviewerReport:
    """Every interviewer's leniency, agreement with the committee and timeliness.

    Callers check ``permissions.reads_calibration`` first. Every figure is an aggregate over
    candidates whose whole committee has submitted (nobody is blind on them), and small counts
    are not shown, so no single scorecard can be read back from the page.
    """
    run = latest_run()
    fits = list(run.fits.all()) if run else []
    rows: dict[int, InterviewerRow] = defaultdict(InterviewerRow)
    submitted = (
        Scorecard.objects.filter(
            status=ScorecardStatus.SUBMITTED,
            assignment__application__in=permissions.applications_with_committee_complete(),
        )
        .values_list(
            "assignment__member_id",
            "recommendation",
            "submitted_at",
            "assignment__scheduled_at",
            "assignment__feedback_due",
            "assignment__application__committee_recommendation__recommendation",
        )
        .order_by()
    )
    for member_id, recommendation, submitted_at, scheduled_at, due, committee in submitted:
        entry = rows[member_id]
        entry.scorecards += 1
        if committee:
            entry.compared += 1
            entry.agree += (recommendation in GO_RECOMMENDATIONS) == (
                committee in GO_RECOMMENDATIONS
            )
        if due:
            entry.with_due += 1
            entry.on_time += submitted_at <= due
        if scheduled_at and submitted_at >= scheduled_at:
            entry.hours_to_submit.append((submitted_at - scheduled_at).total_seconds() / 3600)
    if run is not None:
        for leniency in Leniency.objects.filter(fit__run=run).select_related("fit"):
            rows[leniency.interviewer_id].leniency[leniency.fit.target] = leniency
    people = User.objects.in_bulk(list(rows))
    report = InterviewerReport(run=run, fits=fits, rows=[])
    for member_id, entry in rows.items():
        entry.interviewer = people[member_id]
        overall = report.overall
        if overall is not None and overall.fitted:
            entry.overall_cell = LeniencyCell(overall, entry.leniency.get(OVERALL))
        entry.dimension_cells = [
            LeniencyCell(fit, entry.leniency.get(fit.target)) for fit in report.dimension_fits
        ]
    ordered = sorted(
        rows.values(), key=lambda r: (r.interviewer.display_name.lower(), r.interviewer.pk)
    )
    report.rows = ordered
    return report
