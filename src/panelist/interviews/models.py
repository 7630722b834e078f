"""Committee assignments and the scorecards members write against the rubric."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from panelist.library.models import RATING_MAX, RATING_MIN


class Mode(models.TextChoices):
    REMOTE = "remote", "Remote"
    IN_PERSON = "in_person", "In person"


class Assignment(models.Model):
    """A committee member's part in one application: what they assess, how, and when."""

    application = models.ForeignKey(
        "hiring.Application", on_delete=models.CASCADE, related_name="assignments"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignments"
    )
    dimensions = models.ManyToManyField("library.Dimension", related_name="assignments")
    interview_format = models.ForeignKey(
        "library.InterviewFormat", on_delete=models.PROTECT, related_name="assignments"
    )
    scheduled_at = models.DateTimeField(null=True, blank=True)
    mode = models.CharField(max_length=10, choices=Mode.choices, default=Mode.IN_PERSON)
    location = models.CharField(
        max_length=500, blank=True, help_text="Meeting link when remote, room when in person."
    )
    feedback_due = models.DateTimeField(null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Whether the member's scorecard is submitted, kept beside the scorecard's own status by
    # ``services.scorecard_submit`` (and the Greenhouse import). Lists of what is still to
    # write read it through a partial index of the few rows still open, instead of joining
    # every scorecard of an opening to find them.
    submitted = models.BooleanField(default=False, editable=False)
    # Raised by each reschedule, so that a form opened before someone else's change is refused.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["scheduled_at", "id"]
        indexes = [
            models.Index(
                fields=["application"],
                condition=models.Q(submitted=False),
                name="assignment_open_by_application",
            ),
            models.Index(
                fields=["member", "feedback_due"],
                condition=models.Q(submitted=False),
                name="assignment_open_by_member",
            ),
            models.Index(fields=["member", "submitted", "id"], name="assignment_member_written"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "member", "interview_format"],
                name="assignment_unique_member_format",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.interview_format} · {self.application}"


class ScorecardStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"


class Recommendation(models.TextChoices):
    STRONG_NO = "strong_no", "Strong no"
    NO = "no", "No"
    YES = "yes", "Yes"
    STRONG_YES = "strong_yes", "Strong yes"


GO_RECOMMENDATIONS = (Recommendation.YES, Recommendation.STRONG_YES)
NO_GO_RECOMMENDATIONS = (Recommendation.NO, Recommendation.STRONG_NO)


class Scorecard(models.Model):
    """One member's independent assessment for one assignment.

    ``version`` rises by one on every save; a save that names an older version is a conflict
    (the same scorecard edited in two places) and is refused, never merged silently. Each
    rendering of the form is an editor with its own identity, issued by the server (see
    ``services.editor_token``); a save from the editor that made the latest version is never a
    conflict with itself, because a page sends its saves one at a time.
    """

    assignment = models.OneToOneField(
        Assignment, on_delete=models.CASCADE, related_name="scorecard"
    )
    library_version = models.ForeignKey(
        "library.LibraryVersion", on_delete=models.PROTECT, related_name="scorecards"
    )
    status = models.CharField(
        max_length=10, choices=ScorecardStatus.choices, default=ScorecardStatus.DRAFT
    )
    summary = models.TextField(blank=True, help_text="Answer to the rubric's summary prompt.")
    recommendation = models.CharField(
        max_length=12, choices=Recommendation.choices, blank=True, default=""
    )
    recommendation_reason = models.TextField(
        blank=True, help_text="Why, tied to the evidence or a flag; required on a no-go."
    )
    reason_question = models.ForeignKey(
        "library.RubricQuestion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The question whose evidence the reason rests on, if one.",
    )
    reason_cites_flags = models.BooleanField(
        default=False, help_text="The reason rests on the flags this scorecard raises."
    )
    version = models.PositiveIntegerField(default=1)
    last_editor = models.CharField(
        max_length=32, blank=True, help_text="The editor (one page load) that saved last."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(status=ScorecardStatus.DRAFT)
                    | (models.Q(submitted_at__isnull=False) & ~models.Q(recommendation=""))
                ),
                name="submitted_scorecard_has_time_and_recommendation",
            ),
        ]
        indexes = [
            # The API's scorecard list: newest first within a status (the page without a sort),
            # and a submission window within a status (the window, its count, and calibration's
            # check for scorecards submitted after a run).
            models.Index(fields=["status", "id"], name="scorecard_status_id"),
            models.Index(fields=["status", "submitted_at"], name="scorecard_status_submitted"),
        ]

    def __str__(self) -> str:
        return f"Scorecard of {self.assignment.member} on {self.assignment.application}"

    @property
    def is_submitted(self) -> bool:
        return self.status == ScorecardStatus.SUBMITTED

    @property
    def is_go(self) -> bool:
        return self.recommendation in GO_RECOMMENDATIONS

    @property
    def is_no_go(self) -> bool:
        return self.recommendation in NO_GO_RECOMMENDATIONS


class Rating(models.Model):
    """A rating of one rubric question, with the evidence behind it.

    ``value`` 1-4 is a rating; ``not_observed`` says the interview gave no chance to see it;
    neither (only in a draft) is evidence noted before the rating is chosen.
    """

    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="ratings")
    question = models.ForeignKey(
        "library.RubricQuestion", on_delete=models.PROTECT, related_name="ratings"
    )
    value = models.PositiveSmallIntegerField(null=True, blank=True)
    not_observed = models.BooleanField(default=False)
    evidence = models.TextField(blank=True)

    class Meta:
        ordering = ["scorecard", "question__rubric__dimension__order", "question__order"]
        constraints = [
            models.UniqueConstraint(fields=["scorecard", "question"], name="rating_unique"),
            models.CheckConstraint(
                condition=models.Q(value__isnull=True)
                | models.Q(value__gte=RATING_MIN, value__lte=RATING_MAX),
                name="rating_value_on_scale",
            ),
            models.CheckConstraint(
                condition=models.Q(value__isnull=True) | models.Q(not_observed=False),
                name="rating_not_both_rated_and_not_observed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question.key}: {self.display_value}"

    @property
    def is_thin(self) -> bool:
        """A rating whose evidence is too short to carry it (history may hold such ratings)."""
        return self.value is not None and (
            len(self.evidence.strip()) < settings.PANELIST_THIN_EVIDENCE_CHARS
        )

    @property
    def display_value(self) -> str:
        if self.value is not None:
            return str(self.value)
        return "not observed" if self.not_observed else "not rated yet"


# The trait whose "shown" signal must cite the answer to a learning-speed prompt, when the
# interview's format offers such prompts: learning speed is the trait generic questions
# assess worst, so the signal says which concrete answer it rests on.
LEARNS_QUICKLY = "learns-quickly"


class SignalDirection(models.TextChoices):
    SHOWN = "shown", "Shown"
    CONTRARY = "contrary", "Contrary evidence"


class TraitSignal(models.Model):
    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="signals")
    trait = models.ForeignKey("library.Trait", on_delete=models.PROTECT, related_name="signals")
    direction = models.CharField(max_length=10, choices=SignalDirection.choices)
    evidence = models.TextField()
    learning_prompt = models.ForeignKey(
        "library.LearningPrompt",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="For a learns-quickly signal: the learning-speed prompt whose answer it "
        "rests on.",
    )

    class Meta:
        ordering = ["scorecard", "trait__order"]
        constraints = [
            models.UniqueConstraint(fields=["scorecard", "trait"], name="signal_unique_trait"),
        ]

    def __str__(self) -> str:
        return f"{self.trait}: {self.get_direction_display()}"


class Severity(models.TextChoices):
    ORANGE = "orange", "Orange"
    RED = "red", "Red"


class Flag(models.Model):
    """A concern, tied to the detail that raised it.

    A flag marked as a possible cultural difference is for the committee to weigh openly,
    not to act on silently.
    """

    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="flags")
    severity = models.CharField(max_length=6, choices=Severity.choices)
    rating = models.ForeignKey(
        Rating,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="flags",
        help_text="The rated question whose evidence raised the flag, if any.",
    )
    evidence = models.TextField(help_text="The detail that raised the flag.")
    possible_cultural_difference = models.BooleanField(default=False)
    cultural_note = models.TextField(blank=True)

    class Meta:
        ordering = ["scorecard", "-severity", "id"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(evidence=""), name="flag_has_evidence"),
        ]

    def __str__(self) -> str:
        return f"{self.get_severity_display()} flag: {self.evidence[:60]}"


class Amendment(models.Model):
    """A dated correction appended to a submitted scorecard, which itself stays unchanged."""

    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="amendments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["scorecard", "created_at"]

    def __str__(self) -> str:
        return f"Amendment to {self.scorecard_id} on {self.created_at:%Y-%m-%d}"
