"""Calibration runs: read the submitted scorecards, fit each target, store the results.

One observation is one interviewer's score of one application on one target. On a dimension
it is the mean of the interviewer's ratings there (the mean of their scorecards' means, if they
wrote two); on the overall recommendation it is the recommendation coded 1 (strong no) to 4
(strong yes). The statistics are those of ``panelist.calibration.stats``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
from django.db import transaction

from panelist.access import permissions
from panelist.calibration import stats
from panelist.calibration.models import OVERALL, CalibrationRun, CandidateScore, Fit, Leniency
from panelist.core.errors import NotAllowed
from panelist.interviews.models import Rating, Recommendation, Scorecard, ScorecardStatus
from panelist.library.models import Dimension

RECOMMENDATION_SCALE = {
    Recommendation.STRONG_NO: 1,
    Recommendation.NO: 2,
    Recommendation.YES: 3,
    Recommendation.STRONG_YES: 4,
}
KEEP_RUNS = 5  # older runs are deleted; pages read the latest


@dataclass
class Observations:
    """Parallel arrays, one entry per interviewer x application on one target."""

    application: np.ndarray
    interviewer: np.ndarray
    score: np.ndarray

    @classmethod
    def empty(cls) -> Observations:
        return cls(np.array([], dtype=np.int64), np.array([], dtype=np.int64), np.array([]))


def _mean_by(keys: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Unique rows of ``keys`` (n x k integers) and the mean of ``values`` within each."""
    unique, index = np.unique(keys, axis=0, return_inverse=True)
    index = index.reshape(-1)
    return unique, np.bincount(index, values) / np.bincount(index)


def observations() -> tuple[dict[str, Observations], int]:
    """Every target's observations, and the number of scorecards they come from.

    Only applications whose whole committee has submitted enter: nobody is still blind on
    them, so nothing computed from them (leniencies, calibrated scores) can tell a member
    what another wrote before they submitted their own.
    """
    scorecards = Scorecard.objects.filter(
        status=ScorecardStatus.SUBMITTED,
        assignment__application__in=permissions.applications_with_committee_complete(),
    )
    ratings = np.array(
        Rating.objects.filter(scorecard__in=scorecards, value__isnull=False)
        .values_list(
            "scorecard__assignment__application_id",
            "scorecard__assignment__member_id",
            "question__rubric__dimension_id",
            "scorecard_id",
            "value",
        )
        .order_by(),
        dtype=np.int64,
    ).reshape(-1, 5)
    dimension_keys = dict(Dimension.objects.values_list("pk", "key"))
    result: dict[str, Observations] = {}
    if len(ratings):
        per_scorecard, means = _mean_by(ratings[:, :4], ratings[:, 4].astype(float))
        per_member, means = _mean_by(per_scorecard[:, :3], means)
        for dimension_id in np.unique(per_member[:, 2]):
            rows = per_member[:, 2] == dimension_id
            result[dimension_keys[int(dimension_id)]] = Observations(
                per_member[rows, 0], per_member[rows, 1], means[rows]
            )
    recommendations = list(
        scorecards.values_list(
            "assignment__application_id", "assignment__member_id", "recommendation"
        ).order_by()
    )
    if recommendations:
        keys = np.array([(a, m) for a, m, _ in recommendations], dtype=np.int64)
        coded = np.array([RECOMMENDATION_SCALE[r] for _, _, r in recommendations], dtype=float)
        pairs, means = _mean_by(keys, coded)
        result[OVERALL] = Observations(pairs[:, 0], pairs[:, 1], means)
    return result, len(recommendations)


def targets() -> list[tuple[str, str]]:
    """(key, label) of what is calibrated: each assessed dimension, then the recommendation."""
    return [
        *Dimension.objects.filter(assessed=True).order_by("order").values_list("key", "name"),
        (OVERALL, "Overall recommendation"),
    ]


def calibration_run(*, actor=None) -> CalibrationRun:
    """Fit every target on the submitted scorecards and store the results as the latest run.

    ``actor`` None is the command line. A target whose data cannot support a fit is stored
    with the reason instead of numbers. The fits run first; the writes then go in one short
    transaction, so readers see either the previous run or the whole new one.
    """
    if actor is not None and not permissions.can_run_calibration(actor):
        raise NotAllowed("Only administrators start a calibration run.")
    started = time.perf_counter()
    data, scorecards = observations()
    waiting = Scorecard.objects.filter(status=ScorecardStatus.SUBMITTED).count() - scorecards
    outcomes = [
        _fit_target(order, key, label, data.get(key, Observations.empty()), waiting)
        for order, (key, label) in enumerate(targets())
    ]
    with transaction.atomic():
        run = CalibrationRun.objects.create(started_by=actor, scorecards=scorecards, seconds=0)
        for outcome in outcomes:
            outcome.save(run)
        run.seconds = time.perf_counter() - started
        run.save(update_fields=["seconds"])
        stale = CalibrationRun.objects.values_list("pk", flat=True)[KEEP_RUNS:]
        CalibrationRun.objects.filter(pk__in=list(stale)).delete()
    return run


@dataclass
class _Outcome:
    """One target's fit, computed and not yet stored."""

    fit: Fit
    scores: list[CandidateScore]
    leniencies: list[Leniency]

    def save(self, run: CalibrationRun) -> None:
        self.fit.run = run
        self.fit.save()
        for item in (*self.scores, *self.leniencies):
            item.fit = self.fit
        CandidateScore.objects.bulk_create(self.scores, batch_size=2000)
        Leniency.objects.bulk_create(self.leniencies, batch_size=2000)


def _fit_target(order, key, label, obs: Observations, waiting: int = 0) -> _Outcome:
    fit = Fit(
        target=key,
        label=label,
        order=order,
        n_ratings=len(obs.score),
        n_candidates=len(np.unique(obs.application)),
        n_raters=len(np.unique(obs.interviewer)),
    )
    problems = stats.design_problems(obs.application, obs.interviewer)
    if not len(obs.score) and waiting:
        problems = [
            f"no candidate's committee has finished: {waiting} submitted scorecard"
            f"{'s wait' if waiting != 1 else ' waits'} for the rest of the committee (a "
            "candidate counts once every member has submitted, so no one is still blind)"
        ]
    result = None
    if not problems:
        try:
            result = stats.fit_crossed(obs.application, obs.interviewer, obs.score)
        except ValueError as error:  # the design checks should catch these first
            problems = [str(error)]
    if result is None:
        fit.fitted = False
        fit.reason = _sentence(problems)
        return _Outcome(fit, [], [])

    fit.fitted = True
    fit.mean = result.mean
    fit.var_candidate = result.components.candidate
    fit.var_rater = result.components.rater
    fit.var_residual = result.components.residual
    fit.icc_a1 = _finite(result.icc_a1)
    fit.icc_ak = _finite(result.icc_ak())
    fit.icc_c1 = _finite(result.icc_c1)
    fit.mean_ratings_per_candidate = float(np.mean(result.candidate_n))
    fit.pieces = result.pieces
    fit.dropped_ratings = result.dropped_ratings
    try:
        fit.alpha = stats.krippendorff_alpha_long(obs.application, obs.score)
    except ValueError:
        fit.alpha = None
    notes = []
    if result.dropped_ratings:
        notes.append(
            f"{result.dropped_ratings} rating(s) outside the largest of {result.pieces} "
            "unconnected groups of interviewers were left out"
        )
    clipped = set(result.components_clipped)
    if "candidate" in clipped:
        notes.append(
            "the candidates' spread came out as zero (too little data to see it), so no "
            "calibrated scores are given"
        )
    if "rater" in clipped:
        notes.append(
            "the interviewers' spread came out as zero: no leniency is detectable in these "
            "data, so none is given"
        )
    if "residual" in clipped:
        notes.append("the noise variance came out negative and was set to almost zero")
    fit.reason = _sentence(notes)

    scores = []
    if "candidate" not in clipped:
        raw = _raw_means(obs)
        scores = [
            CandidateScore(
                application_id=int(application),
                raw_mean=raw[int(application)],
                score=float(score),
                se=float(se),
                n_ratings=int(n),
            )
            for application, score, se, n in zip(
                result.candidates,
                result.candidate_score,
                result.candidate_se,
                result.candidate_n,
                strict=True,
            )
        ]
    leniencies = []
    if "rater" not in clipped:
        leniencies = [
            Leniency(
                interviewer_id=int(interviewer),
                leniency=float(value),
                se=float(se),
                n_ratings=int(n),
            )
            for interviewer, value, se, n in zip(
                result.raters, result.leniency, result.leniency_se, result.rater_n, strict=True
            )
        ]
    return _Outcome(fit, scores, leniencies)


def _raw_means(obs: Observations) -> dict[int, float]:
    """Each application's uncalibrated score: the mean of its interviewers' scores."""
    applications, index = np.unique(obs.application, return_inverse=True)
    means = np.bincount(index, obs.score) / np.bincount(index)
    return dict(zip(applications.tolist(), means.tolist(), strict=True))


def _finite(value: float) -> float | None:
    return value if np.isfinite(value) else None


def _sentence(parts: list[str]) -> str:
    if not parts:
        return ""
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."
