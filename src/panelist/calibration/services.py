"""Calibration runs: read the submitted scorecards, fit each target, store the results.

One observation is one interviewer's score of one application on one target. On a dimension
it is the mean of the interviewer's ratings there (the mean of their scorecards' means, if they
wrote two); on the overall recommendation it is the recommendation coded 1 (strong no) to 4
(strong yes). The statistics are those of ``panelist.calibration.stats``.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from itertools import islice, repeat
from statistics import median

import numpy as np
from django.db import connection, transaction
from django.db.models import Avg, BooleanField, ExpressionWrapper, F, Q

from panelist.access import permissions
from panelist.calibration import posterior, stats
from panelist.calibration.models import (
    OVERALL,
    Z90,
    CalibrationRun,
    CandidateScore,
    Fit,
    InterviewerSummary,
    Leniency,
    Method,
)
from panelist.core.errors import NotAllowed
from panelist.interviews.models import (
    GO_RECOMMENDATIONS,
    Rating,
    Recommendation,
    Scorecard,
    ScorecardStatus,
)
from panelist.library.models import Dimension

RECOMMENDATION_SCALE = {
    Recommendation.STRONG_NO: 1,
    Recommendation.NO: 2,
    Recommendation.YES: 3,
    Recommendation.STRONG_YES: 4,
}
KEEP_RUNS = 5  # older runs are deleted; pages read the latest
# Below this many ratings on a target, the intervals come from posterior draws: there the
# plug-in standard errors, which take the mean and the variances as known, cover too little
# (bench/coverage.py; README, "Calibrated scores and their intervals"). Above it they cover,
# and the draws would cost seconds per target.
SMALL_DATA = 5_000
BATCH = 2000  # rows per insert statement


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


@dataclass
class Tally:
    """One interviewer's counts over the scorecards a run reads (see ``InterviewerSummary``)."""

    scorecards: int = 0
    compared: int = 0
    agree: int = 0
    with_due: int = 0
    on_time: int = 0
    hours_to_submit: list[float] = field(default_factory=list)

    def summary(self, interviewer_id: int) -> InterviewerSummary:
        return InterviewerSummary(
            interviewer_id=interviewer_id,
            scorecards=self.scorecards,
            compared=self.compared,
            agree=self.agree,
            with_due=self.with_due,
            on_time=self.on_time,
            timed=len(self.hours_to_submit),
            median_hours=median(self.hours_to_submit) if self.hours_to_submit else None,
        )


@dataclass
class RunInput:
    """What a run reads: every target's observations, the number of scorecards they come
    from, and each interviewer's tally over those scorecards."""

    observations: dict[str, Observations]
    scorecards: int
    tallies: dict[int, Tally]


def read_input() -> RunInput:
    """Read the submitted scorecards in two queries, as plain values (no model instances).

    Only applications whose whole committee has submitted enter: nobody is still blind on
    them, so nothing computed from them (leniencies, calibrated scores, agreement) can tell a
    member what another wrote before they submitted their own. The database averages each
    scorecard's ratings per dimension, so what crosses over is one row per scorecard and
    dimension rather than one per rating.
    """
    scorecards = Scorecard.objects.filter(
        status=ScorecardStatus.SUBMITTED,
        assignment__application__in=permissions.applications_with_committee_complete(),
    )
    cards = _plain_rows(
        scorecards.annotate(
            on_time=ExpressionWrapper(
                Q(submitted_at__lte=F("assignment__feedback_due")), output_field=BooleanField()
            )
        )
        .values_list(
            "pk",
            "assignment__application_id",
            "assignment__member_id",
            "recommendation",
            "assignment__application__committee_recommendation__recommendation",
            "on_time",  # None without a due date
            "submitted_at",
            "assignment__scheduled_at",
        )
        .order_by("pk")
    )
    per_dimension = _plain_rows(
        Rating.objects.filter(scorecard__in=scorecards, value__isnull=False)
        .values_list("scorecard_id", "question__rubric__dimension_id")
        .annotate(mean=Avg("value"))
        .order_by()
    )
    return RunInput(
        observations=_observations(cards, per_dimension),
        scorecards=len(cards),
        tallies=_tallies(cards),
    )


def _plain_rows(queryset) -> list[tuple]:
    """The rows of a ``values_list`` queryset as the database driver returns them.

    Django's per-value converters (time zones on datetimes, above all) took a quarter of a
    second per 50,000 scorecards, longer than the query. Callers take the driver's types as
    they come: naive UTC or aware datetimes, 0/1 or booleans, floats or decimals.
    """
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _observations(cards: list[tuple], per_dimension: list[tuple]) -> dict[str, Observations]:
    result: dict[str, Observations] = {}
    if not cards:
        return result
    who = np.array([card[:3] for card in cards], dtype=np.int64).reshape(-1, 3)  # sorted by pk
    if per_dimension:
        scorecard_ids = np.fromiter((row[0] for row in per_dimension), np.int64)
        dimension_ids = np.fromiter((row[1] for row in per_dimension), np.int64)
        means = np.fromiter((row[2] for row in per_dimension), float)
        rows = who[np.searchsorted(who[:, 0], scorecard_ids)]
        keys = np.column_stack([rows[:, 1], rows[:, 2], dimension_ids])
        per_member, means = _mean_by(keys, means)
        dimension_keys = dict(Dimension.objects.values_list("pk", "key"))
        for dimension_id in np.unique(per_member[:, 2]):
            chosen = per_member[:, 2] == dimension_id
            result[dimension_keys[int(dimension_id)]] = Observations(
                per_member[chosen, 0], per_member[chosen, 1], means[chosen]
            )
    coded = np.array([RECOMMENDATION_SCALE[card[3]] for card in cards], dtype=float)
    pairs, means = _mean_by(who[:, 1:], coded)
    result[OVERALL] = Observations(pairs[:, 0], pairs[:, 1], means)
    return result


def _tallies(cards: list[tuple]) -> dict[int, Tally]:
    tallies: dict[int, Tally] = defaultdict(Tally)
    for _, _, member, recommendation, committee, on_time, submitted, scheduled in cards:
        tally = tallies[member]
        tally.scorecards += 1
        if committee:
            tally.compared += 1
            tally.agree += (recommendation in GO_RECOMMENDATIONS) == (
                committee in GO_RECOMMENDATIONS
            )
        if on_time is not None:
            tally.with_due += 1
            tally.on_time += on_time
        if scheduled and submitted >= scheduled:
            tally.hours_to_submit.append((submitted - scheduled).total_seconds() / 3600)
    return tallies


def observations() -> tuple[dict[str, Observations], int]:
    """Every target's observations, and the number of scorecards they come from."""
    data = read_input()
    return data.observations, data.scorecards


def targets() -> list[tuple[str, str]]:
    """(key, label) of what is calibrated: each assessed dimension, then the recommendation."""
    return [
        *Dimension.objects.filter(assessed=True).order_by("order").values_list("key", "name"),
        (OVERALL, "Overall recommendation"),
    ]


def calibration_run(*, actor=None, progress: Callable[[str], None] | None = None) -> CalibrationRun:
    """Fit every target on the submitted scorecards and store the results as the latest run,
    with each interviewer's counts, agreement and timeliness over the same scorecards.

    ``actor`` None is the command line. A target whose data cannot support a fit is stored
    with the reason instead of numbers. The fits run first; the writes then go in one short
    transaction, so readers see either the previous run or the whole new one. ``progress``,
    if given, is told what the run is doing as it goes (the command shows it on a terminal).
    """
    if actor is not None and not permissions.can_run_calibration(actor):
        raise NotAllowed("Only administrators start a calibration run.")
    say = progress or (lambda message: None)
    started = time.perf_counter()
    say("Reading the submitted scorecards")
    data = read_input()
    waiting = Scorecard.objects.filter(status=ScorecardStatus.SUBMITTED).count() - data.scorecards
    chosen = targets()
    outcomes = []
    for order, (key, label) in enumerate(chosen):
        say(f"Fitting {label} ({order + 1} of {len(chosen)})")
        obs = data.observations.get(key, Observations.empty())
        outcomes.append(_fit_target(order, key, label, obs, waiting))
    say(f"Storing {sum(o.n_scores for o in outcomes):,} calibrated scores")
    with transaction.atomic():
        run = CalibrationRun.objects.create(started_by=actor, scorecards=data.scorecards, seconds=0)
        for outcome in outcomes:
            outcome.fit.run = run
        Fit.objects.bulk_create([outcome.fit for outcome in outcomes])  # sets their pks
        _insert_rows(
            CandidateScore,
            ("fit_id", "application_id", "raw_mean", "score", "se", "low", "high", "n_ratings"),
            (row for outcome in outcomes for row in outcome.score_rows()),
        )
        _insert_rows(
            Leniency,
            ("fit_id", "interviewer_id", "leniency", "se", "low", "high", "n_ratings"),
            (row for outcome in outcomes for row in outcome.leniency_rows()),
        )
        summaries = [tally.summary(member) for member, tally in data.tallies.items()]
        for summary in summaries:
            summary.run = run
        InterviewerSummary.objects.bulk_create(summaries, batch_size=BATCH)
        run.seconds = time.perf_counter() - started
        run.save(update_fields=["seconds"])
        stale = CalibrationRun.objects.values_list("pk", flat=True)[KEEP_RUNS:]
        CalibrationRun.objects.filter(pk__in=list(stale)).delete()
    return run


def _insert_rows(model, columns: tuple[str, ...], rows: Iterable[tuple]) -> None:
    """Insert plain tuples, ``BATCH`` at a time, in one prepared statement.

    ``bulk_create`` builds a model instance per row and prepares every value through its
    field; on 30,000 calibrated scores that took longer than the whole fit. These columns are
    numbers only, so the database driver's own parameter passing is all they need.
    """
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(map(quote, columns))}) "
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    rows = iter(rows)
    with connection.cursor() as cursor:
        while batch := list(islice(rows, BATCH)):
            cursor.executemany(sql, batch)


@dataclass
class _Outcome:
    """One target's fit, computed and not yet stored: the fit row, and the calibrated scores
    and leniencies as arrays (no model instance per row)."""

    fit: Fit
    scores: dict[str, np.ndarray] = field(default_factory=dict)
    leniencies: dict[str, np.ndarray] = field(default_factory=dict)

    @property
    def n_scores(self) -> int:
        return len(self.scores.get("application", ()))

    def score_rows(self) -> Iterable[tuple]:
        if not self.scores:
            return ()
        columns = ("application", "raw_mean", "score", "se", "low", "high", "n")
        return zip(
            repeat(self.fit.pk), *(self.scores[name].tolist() for name in columns), strict=False
        )

    def leniency_rows(self) -> Iterable[tuple]:
        if not self.leniencies:
            return ()
        columns = ("interviewer", "leniency", "se", "low", "high", "n")
        return zip(
            repeat(self.fit.pk),
            *(self.leniencies[name].tolist() for name in columns),
            strict=False,
        )


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
        return _Outcome(fit)

    fit.fitted = True
    fit.mean = result.mean
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
    spreads = {"candidate": "the candidates'", "rater": "the interviewers'"}
    unseparated = [spreads[name] for name in ("candidate", "rater") if name in clipped]
    if unseparated:
        notes.append(
            f"these data cannot separate {' or '.join(unseparated)} spread from the noise (its "
            "estimate came out at zero or below); the intervals carry that uncertainty"
        )
    if "residual" in clipped:
        notes.append("the noise variance came out negative and was set to almost zero")

    applications = np.asarray(result.candidates, dtype=np.int64)
    interviewers = np.asarray(result.raters, dtype=np.int64)
    if len(obs.score) < SMALL_DATA or clipped:
        figures = _posterior_figures(obs, result, seed=(order, len(obs.score)))
        fit.method = Method.POSTERIOR
        # The reliability figures from the posterior medians of the variances, which are
        # never zero, rather than from moment estimates that may be.
        result = replace(result, components=stats.VarianceComponents(*figures["components"]))
    else:
        figures = _plug_in_figures(result)
        fit.method = Method.PLUG_IN
    fit.var_candidate = result.components.candidate
    fit.var_rater = result.components.rater
    fit.var_residual = result.components.residual
    fit.icc_a1 = _finite(result.icc_a1)
    fit.icc_ak = _finite(result.icc_ak())
    fit.icc_c1 = _finite(result.icc_c1)
    fit.reason = _sentence(notes)

    outcome = _Outcome(fit)
    outcome.scores = {
        "application": applications,
        "raw_mean": _raw_means(obs, applications),
        **figures["scores"],
        "n": np.asarray(result.candidate_n, dtype=np.int64),
    }
    outcome.leniencies = {
        "interviewer": interviewers,
        **figures["leniencies"],
        "n": np.asarray(result.rater_n, dtype=np.int64),
    }
    return outcome


def _plug_in_figures(result) -> dict:
    """Estimates of what the README defines (a score as the average interviewer in the fit
    would give it; a leniency as the offset from that interviewer) with symmetric intervals
    from the plug-in standard errors."""
    average = float(np.mean(result.leniency))
    score = np.asarray(result.candidate_score, dtype=float) + average
    leniency = np.asarray(result.leniency, dtype=float) - average
    score_se = np.asarray(result.score_se, dtype=float)
    leniency_se = np.asarray(result.contrast_se, dtype=float)
    return {
        "scores": {
            "score": score,
            "se": score_se,
            "low": score - Z90 * score_se,
            "high": score + Z90 * score_se,
        },
        "leniencies": {
            "leniency": leniency,
            "se": leniency_se,
            "low": leniency - Z90 * leniency_se,
            "high": leniency + Z90 * leniency_se,
        },
    }


def _posterior_figures(obs: Observations, result, seed) -> dict:
    """Posterior means, standard deviations and 90 % intervals from the Gibbs sampler, on the
    same ratings the moment fit used (its largest connected piece). Seeded by the target, so
    the same data give the same run."""
    keep = np.isin(obs.application, result.candidates) & np.isin(obs.interviewer, result.raters)
    draws = posterior.sample_crossed(
        np.searchsorted(result.candidates, obs.application[keep]),
        np.searchsorted(result.raters, obs.interviewer[keep]),
        obs.score[keep],
        n_candidates=len(result.candidates),
        n_raters=len(result.raters),
        seed=np.random.default_rng(list(seed)),
    )
    return {
        "components": tuple(float(v) for v in draws.components[0]),
        "scores": {
            "score": draws.score[0],
            "se": draws.score_sd[0],
            "low": draws.score_low[0],
            "high": draws.score_high[0],
        },
        "leniencies": {
            "leniency": draws.leniency[0],
            "se": draws.leniency_sd[0],
            "low": draws.leniency_low[0],
            "high": draws.leniency_high[0],
        },
    }


def _raw_means(obs: Observations, applications: np.ndarray) -> np.ndarray:
    """Each of ``applications``' uncalibrated score: the mean of its interviewers' scores."""
    known, index = np.unique(obs.application, return_inverse=True)
    means = np.bincount(index, obs.score) / np.bincount(index)
    return means[np.searchsorted(known, applications)]


def _finite(value: float) -> float | None:
    return value if np.isfinite(value) else None


def _sentence(parts: list[str]) -> str:
    if not parts:
        return ""
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."
