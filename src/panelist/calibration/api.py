"""API: calibration results. Runs and leniencies are for admins and hiring managers; a
candidate's calibrated scores for whoever may read every submitted scorecard on them."""

from datetime import datetime

from django.http import Http404
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from panelist.access import permissions
from panelist.api.schemas import PersonOut, Problem, RecordId
from panelist.calibration import selectors
from panelist.hiring.selectors import application_detail

router = Router()


class FitOut(Schema):
    target: str
    label: str
    fitted: bool
    reason: str
    n_ratings: int
    n_candidates: int
    n_raters: int
    mean: float | None
    var_candidate: float | None
    var_rater: float | None
    var_residual: float | None
    icc_a1: float | None
    icc_ak: float | None
    mean_ratings_per_candidate: float | None
    icc_c1: float | None
    alpha: float | None
    pieces: int
    dropped_ratings: int
    method: str = Field(
        description='How the intervals were made: "posterior" (draws, below 5,000 ratings or '
        'when a variance came out at zero) or "plug-in" (standard errors, larger data).'
    )


class RunOut(Schema):
    id: int
    created_at: datetime
    scorecards: int
    seconds: float
    fits: list[FitOut]

    @staticmethod
    def resolve_fits(obj):
        return list(obj.fits.all())


class IntervalOut(Schema):
    target: str
    estimate: float
    se: float
    low: float
    high: float
    n_ratings: int


class LeniencyOut(IntervalOut):
    reading: str


class InterviewerOut(Schema):
    interviewer: PersonOut
    scorecards: int
    leniency: list[LeniencyOut]
    agreement_with_committee: float | None
    on_time: float | None
    median_hours_to_submit: float | None


class CalibratedOut(IntervalOut):
    raw_mean: float


def _interval(item, **extra) -> dict:
    return {
        "target": item.fit.target,
        "estimate": item.estimate,
        "se": item.se,
        "low": item.low,
        "high": item.high,
        "n_ratings": item.n_ratings,
        **extra,
    }


def _require_reader(user) -> None:
    if not permissions.reads_calibration(user):
        raise Http404


@router.get(
    "/calibration/latest",
    response={200: RunOut, 404: Problem},
    summary="The latest calibration run (admins and hiring managers)",
)
def latest(request):
    _require_reader(request.user)
    run = selectors.latest_run()
    if run is None:
        raise Http404
    return run


@router.get(
    "/calibration/interviewers",
    response={200: list[InterviewerOut], 404: Problem},
    summary="Each interviewer's leniency, agreement and timeliness (admins and managers)",
)
@paginate
def interviewers(request):
    _require_reader(request.user)
    report = selectors.interviewer_report()
    return [
        {
            "interviewer": row.interviewer,
            "scorecards": row.summary.scorecards,
            "leniency": [
                _interval(item, reading=item.reading)
                for item in sorted(row.leniency.values(), key=lambda i: i.fit.order)
            ],
            "agreement_with_committee": row.summary.agreement,
            "on_time": row.summary.timeliness,
            "median_hours_to_submit": row.summary.median_hours,
        }
        for row in report.rows
    ]


@router.get(
    "/applications/{application_id}/calibrated-scores",
    response={200: list[CalibratedOut], 404: Problem},
    summary="An application's calibrated scores from the latest run",
    description="404 unless you may read every submitted scorecard on the application.",
)
def calibrated(request, application_id: RecordId):
    application = application_detail(request.user, application_id)
    result = selectors.calibrated_scores(request.user, [application.pk])
    if application.pk not in result.readable:
        raise Http404
    scores = sorted(result.of(application.pk).values(), key=lambda s: s.fit.order)
    return [_interval(score, raw_mean=score.raw_mean) for score in scores]
