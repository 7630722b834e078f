"""Stored calibration fits: what the interviewer page, the debrief and the comparison read.

A run fits every target (each assessed dimension, and the overall recommendation) on the
submitted scorecards of the moment; pages read the latest run, and say how old it is.
"""

from __future__ import annotations

import math

from django.conf import settings
from django.db import models

OVERALL = "overall"
MIN_RATINGS_TO_READ = 3  # below this, a leniency or an agreement share is not shown
Z90 = 1.6449  # half-width of a 90 % normal interval, in standard errors


class Method(models.TextChoices):
    """How a fit's intervals were made (see README, "Calibrated scores and their intervals")."""

    POSTERIOR = "posterior", "Posterior draws (small data)"
    PLUG_IN = "plug-in", "Plug-in standard errors (large data)"


class Interval:
    """A stored 90 % interval (``low`` to ``high``) around ``estimate``. From the posterior
    draws it need not be symmetric; ``half_width`` is half its length."""

    estimate: float
    low: float
    high: float

    @property
    def half_width(self) -> float:
        return (self.high - self.low) / 2


class CalibrationRun(models.Model):
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    scorecards = models.PositiveIntegerField(help_text="Submitted scorecards read.")
    seconds = models.FloatField(help_text="Wall time of the whole run.")

    class Meta:
        ordering = ["-created_at", "-id"]
        get_latest_by = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Calibration of {self.created_at:%Y-%m-%d %H:%M} on {self.scorecards} scorecards"

    @property
    def fitted_count(self) -> int:
        return sum(1 for fit in self.fits.all() if fit.fitted)


class Fit(models.Model):
    """One target's fit in a run, or the reason it could not be fitted."""

    run = models.ForeignKey(CalibrationRun, on_delete=models.CASCADE, related_name="fits")
    target = models.CharField(max_length=40, help_text=f"A dimension key, or '{OVERALL}'.")
    label = models.CharField(max_length=100)
    order = models.PositiveSmallIntegerField(default=0)
    fitted = models.BooleanField()
    reason = models.TextField(
        blank=True, help_text="Why there is no fit; with a fit, what was left out of it."
    )
    n_ratings = models.PositiveIntegerField()
    n_candidates = models.PositiveIntegerField()
    n_raters = models.PositiveIntegerField()
    mean = models.FloatField(null=True)
    var_candidate = models.FloatField(null=True)
    var_rater = models.FloatField(null=True)
    var_residual = models.FloatField(null=True)
    icc_a1 = models.FloatField(null=True)
    icc_ak = models.FloatField(null=True)
    icc_c1 = models.FloatField(null=True)
    mean_ratings_per_candidate = models.FloatField(null=True)
    alpha = models.FloatField(null=True, help_text="Krippendorff's alpha, interval level.")
    pieces = models.PositiveIntegerField(default=1)
    dropped_ratings = models.PositiveIntegerField(default=0)
    method = models.CharField(max_length=20, choices=Method.choices, default=Method.PLUG_IN)

    class Meta:
        ordering = ["run", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["run", "target"], name="fit_unique_target"),
        ]

    def __str__(self) -> str:
        return f"{self.label}: {'fitted' if self.fitted else 'not fitted'}"

    def interviewers_for(self, reliability: float = 0.8) -> int | None:
        """How many interviewers per candidate would make the mean of their ratings agree
        with the candidate's level at ``reliability`` (ICC(A,k), by the Spearman-Brown
        formula on this fit's components); None without a fit or a candidate spread."""
        if not self.fitted or not self.icc_a1 or self.icc_a1 <= 0:
            return None
        k = reliability / (1 - reliability) * (1 - self.icc_a1) / self.icc_a1
        return max(1, math.ceil(k - 1e-9))

    @property
    def variance_shares(self) -> str:
        """Candidate, interviewer and residual shares of the total variance, in percent."""
        parts = (self.var_candidate, self.var_rater, self.var_residual)
        if not self.fitted or None in parts or sum(parts) <= 0:
            return "—"
        total = sum(parts)
        return " · ".join(f"{100 * part / total:.0f}\u00a0%" for part in parts)


class CandidateScore(Interval, models.Model):
    """An application's calibrated score on one target: the interviewers' leniency removed."""

    fit = models.ForeignKey(Fit, on_delete=models.CASCADE, related_name="candidate_scores")
    application = models.ForeignKey(
        "hiring.Application", on_delete=models.CASCADE, related_name="calibrated_scores"
    )
    raw_mean = models.FloatField()
    score = models.FloatField()
    se = models.FloatField()
    low = models.FloatField(help_text="Lower end of the 90 % interval.")
    high = models.FloatField(help_text="Upper end of the 90 % interval.")
    n_ratings = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["fit", "application"], name="score_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.score:.2f} ± {self.half_width:.2f} (raw {self.raw_mean:.2f})"

    @property
    def estimate(self) -> float:
        return self.score


class Leniency(Interval, models.Model):
    """An interviewer's leniency on one target: how far above the average interviewer they
    rate the same candidate (negative: severe)."""

    fit = models.ForeignKey(Fit, on_delete=models.CASCADE, related_name="leniencies")
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="leniencies"
    )
    leniency = models.FloatField()
    se = models.FloatField()
    low = models.FloatField(help_text="Lower end of the 90 % interval.")
    high = models.FloatField(help_text="Upper end of the 90 % interval.")
    n_ratings = models.PositiveIntegerField()

    class Meta:
        verbose_name_plural = "leniencies"
        constraints = [
            models.UniqueConstraint(fields=["fit", "interviewer"], name="leniency_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.leniency:+.2f} ± {self.half_width:.2f}"

    @property
    def estimate(self) -> float:
        return self.leniency

    @property
    def plain_reading(self) -> str:
        """The leniency in words, for one line on the Interviewers page."""
        candidates = "candidate" if self.n_ratings == 1 else "candidates"
        give_or_take = f"give or take {self.half_width:.1f}, over {self.n_ratings} {candidates}"
        size = abs(self.leniency)
        if size < 0.05:
            return f"rates about the same as the average interviewer ({give_or_take})"
        side = "above" if self.leniency > 0 else "below"
        points = "point" if f"{size:.1f}" == "1.0" else "points"
        return f"rates about {size:.1f} {points} {side} the average interviewer, {give_or_take}"

    @property
    def reading(self) -> str:
        """ "lenient" or "severe" when the whole interval lies on one side of 0."""
        if self.low > 0:
            return "lenient"
        if self.high < 0:
            return "severe"
        return "not distinguishable from average"


class InterviewerSummary(models.Model):
    """An interviewer's record in a run: counts, agreement with the committee's go/no-go and
    timeliness, over the same scorecards the fits read (candidates whose whole committee had
    submitted). Stored with the run so that the Interviewers page reads one row per
    interviewer instead of every scorecard they ever wrote."""

    run = models.ForeignKey(CalibrationRun, on_delete=models.CASCADE, related_name="interviewers")
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    scorecards = models.PositiveIntegerField(help_text="Submitted scorecards read.")
    compared = models.PositiveIntegerField(
        help_text="Of those, scorecards on candidates with a committee recommendation."
    )
    agree = models.PositiveIntegerField(
        help_text="Of those compared, scorecards whose go/no-go matched the committee's."
    )
    with_due = models.PositiveIntegerField(help_text="Scorecards with a feedback due date.")
    on_time = models.PositiveIntegerField(help_text="Of those, submitted by the due date.")
    timed = models.PositiveIntegerField(
        help_text="Scorecards submitted after a scheduled interview time."
    )
    median_hours = models.FloatField(
        null=True, help_text="Median hours from the scheduled interview to submission."
    )

    class Meta:
        verbose_name_plural = "interviewer summaries"
        constraints = [
            models.UniqueConstraint(fields=["run", "interviewer"], name="summary_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.interviewer} in {self.run}"

    @property
    def agreement(self) -> float | None:
        """Shown from ``MIN_RATINGS_TO_READ`` compared scorecards: below that, a share would
        all but tell one member's go/no-go."""
        return self.agree / self.compared if self.compared >= MIN_RATINGS_TO_READ else None

    @property
    def timeliness(self) -> float | None:
        return self.on_time / self.with_due if self.with_due else None
