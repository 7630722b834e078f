"""How hires turned out: a start date, then the hiring manager's 6- and 12-month reviews.

The reviews are the criterion the validity page correlates interview scores with. They are
written once and kept as written (a later view of the same person is the next period's
review), and only the opening's hiring manager and admins read them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from panelist.library.models import RATING_MAX, RATING_MIN


class Period(models.IntegerChoices):
    SIX_MONTHS = 6, "6-month review"
    TWELVE_MONTHS = 12, "12-month review"


class HireStart(models.Model):
    """The day a hire started in the role: the clock the reviews run on."""

    decision = models.OneToOneField(
        "decisions.Decision", on_delete=models.CASCADE, related_name="hire_start"
    )
    start_date = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["start_date"], name="hire_start_date_idx")]

    def __str__(self) -> str:
        return f"Started {self.start_date:%Y-%m-%d}: {self.decision.application}"


class Review(models.Model):
    """The hiring manager's review of a hire after ``period`` months."""

    hire = models.ForeignKey(HireStart, on_delete=models.CASCADE, related_name="reviews")
    period = models.PositiveSmallIntegerField(choices=Period.choices)
    would_hire_again = models.BooleanField()
    still_in_role = models.BooleanField()
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["hire", "period"]
        constraints = [
            models.UniqueConstraint(fields=["hire", "period"], name="review_once_per_period"),
            models.CheckConstraint(condition=models.Q(period__in=[6, 12]), name="review_period"),
        ]

    def __str__(self) -> str:
        return f"{self.get_period_display()} of {self.hire.decision.application}"


class DimensionReview(models.Model):
    """Performance on one dimension against what the hire's level expects, 1 (well below)
    to 4 (well above), with the line of evidence behind it."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="dimensions")
    dimension = models.ForeignKey("library.Dimension", on_delete=models.PROTECT, related_name="+")
    rating = models.PositiveSmallIntegerField()
    evidence = models.CharField(max_length=500)

    class Meta:
        ordering = ["review", "dimension__order"]
        constraints = [
            models.UniqueConstraint(fields=["review", "dimension"], name="dimension_review_unique"),
            models.CheckConstraint(
                condition=models.Q(rating__gte=RATING_MIN, rating__lte=RATING_MAX),
                name="dimension_review_on_scale",
            ),
            models.CheckConstraint(
                condition=~models.Q(evidence=""), name="dimension_review_evidence"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dimension}: {self.rating}"
