"""The committee's recommendation and the hiring manager's decision on an application."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from panelist.interviews.models import Recommendation


class CommitteeRecommendation(models.Model):
    """The committee's current recommendation on an application: the latest recording.

    Every recording, this one included, is also kept in ``CommitteeRecommendationRecord``
    with who and when, so re-recording never loses the earlier one."""

    application = models.OneToOneField(
        "hiring.Application", on_delete=models.CASCADE, related_name="committee_recommendation"
    )
    recommendation = models.CharField(max_length=12, choices=Recommendation.choices)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Committee: {self.get_recommendation_display()} on {self.application}"


class CommitteeRecommendationRecord(models.Model):
    """One recording of the committee's recommendation. Append-only: never changed or
    deleted in place; the latest is the current one."""

    application = models.ForeignKey(
        "hiring.Application", on_delete=models.CASCADE, related_name="committee_recommendations"
    )
    recommendation = models.CharField(max_length=12, choices=Recommendation.choices)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["application", "recorded_at", "id"]

    def __str__(self) -> str:
        when = f"{self.recorded_at:%Y-%m-%d}"
        return f"{self.get_recommendation_display()} on {self.application}, {when}"


class Outcome(models.TextChoices):
    HIRE = "hire", "Hire"
    KEEP_SEARCHING = "keep_searching", "Keep searching"
    REJECT = "reject", "Reject"


class Decision(models.Model):
    application = models.OneToOneField(
        "hiring.Application", on_delete=models.CASCADE, related_name="decision"
    )
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    level = models.ForeignKey(
        "library.Level",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The level of the offer; required for a hire.",
    )
    rationale = models.TextField(blank=True)
    supported_level = models.ForeignKey(
        "library.Level",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The level the evidence supported when the manager decided, if any.",
    )
    above_supported_level_confirmed = models.BooleanField(
        default=False,
        help_text="The manager hired above the level the evidence supported, and confirmed it.",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(outcome=Outcome.HIRE) | models.Q(level__isnull=False),
                name="hire_decision_has_level",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()}: {self.application}"


class SkillHolding(models.TextChoices):
    HOLDS = "holds", "Holds"
    CAN_LEARN = "can_learn", "Can learn"
    LACKS = "lacks", "Lacks"


class SkillAssessment(models.Model):
    """The committee's current reading of one skill of the candidate, with the evidence for it.

    Every recording, this one included, is also kept in ``SkillAssessmentRecord`` with who
    and when, so re-entering a reading never loses the earlier one."""

    application = models.ForeignKey(
        "hiring.Application", on_delete=models.CASCADE, related_name="skill_assessments"
    )
    skill = models.ForeignKey("teams.Skill", on_delete=models.PROTECT, related_name="+")
    holding = models.CharField(max_length=10, choices=SkillHolding.choices)
    evidence = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["application", "skill__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "skill"], name="skill_assessment_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(evidence=""), name="skill_assessment_evidence"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.skill}: {self.get_holding_display()}"


class SkillAssessmentRecord(models.Model):
    """One recording of a skill reading. Append-only: never changed or deleted in place;
    the latest for a skill is the current one."""

    application = models.ForeignKey(
        "hiring.Application", on_delete=models.CASCADE, related_name="skill_assessment_records"
    )
    skill = models.ForeignKey("teams.Skill", on_delete=models.PROTECT, related_name="+")
    holding = models.CharField(max_length=10, choices=SkillHolding.choices)
    evidence = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["application", "skill__name", "recorded_at", "id"]

    def __str__(self) -> str:
        return f"{self.skill}: {self.get_holding_display()}, {self.recorded_at:%Y-%m-%d}"


class MemberSkillReading(models.Model):
    """One committee member's reading of one skill of the candidate (holds / can learn /
    lacks), with the evidence from their interview. Append-only: a member re-reading a skill
    adds a row, and the latest of a member's rows on a skill is their current reading.

    The hiring manager's reading (``SkillAssessment``) is the summary shown beside these. The
    blind rule applies as to scorecards: another member's readings are read only by those
    who read the submitted scorecards of the application (``decisions.evaluation``)."""

    application = models.ForeignKey(
        "hiring.Application", on_delete=models.CASCADE, related_name="member_skill_readings"
    )
    skill = models.ForeignKey("teams.Skill", on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    holding = models.CharField(max_length=10, choices=SkillHolding.choices)
    evidence = models.TextField()
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["application", "skill__name", "member", "recorded_at", "id"]
        indexes = [
            models.Index(fields=["application", "member", "skill"], name="member_reading_lookup"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(evidence=""), name="member_skill_reading_evidence"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} on {self.skill}: {self.get_holding_display()}"


class FinalEvaluation(models.Model):
    """The hiring manager's final evaluation of a candidate: four questions weighed before
    the outcome is chosen. Append-only: re-answering adds a row; the latest is the current.

    1. coaching: can the manager and the team coach what the candidate lacks?
    2. complement: do they bring skills that complement the team's?
    3. collaboration: will they work well with teammates and collaborators?
    4. confidence: can they carry their ideas in a group, with a track record of doing so?

    Questions 3 and 4 cite scorecard passages (``EvaluationCitation``); a concern under
    question 3 can be marked as a possible cultural difference, as a flag can."""

    application = models.ForeignKey(
        "hiring.Application", on_delete=models.CASCADE, related_name="final_evaluations"
    )
    coaching = models.TextField()
    complement = models.TextField()
    collaboration = models.TextField(blank=True)
    collaboration_concern = models.TextField(
        blank=True, help_text="A concern about working with others, if any."
    )
    concern_possible_cultural_difference = models.BooleanField(default=False)
    confidence = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["application", "recorded_at", "id"]
        get_latest_by = ["recorded_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(concern_possible_cultural_difference=False)
                | ~models.Q(collaboration_concern=""),
                name="final_evaluation_cultural_mark_needs_concern",
            ),
        ]

    def __str__(self) -> str:
        return f"Final evaluation of {self.application}, {self.recorded_at:%Y-%m-%d}"


class CitationKind(models.TextChoices):
    RATING = "rating", "Rating"
    FLAG = "flag", "Flag"
    SIGNAL = "signal", "Trait signal"


class EvaluationCitation(models.Model):
    """A scorecard passage that a final-evaluation answer rests on (question 3 or 4)."""

    evaluation = models.ForeignKey(
        FinalEvaluation, on_delete=models.CASCADE, related_name="citations"
    )
    question = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=10, choices=CitationKind.choices)
    rating = models.ForeignKey(
        "interviews.Rating", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    flag = models.ForeignKey(
        "interviews.Flag", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    signal = models.ForeignKey(
        "interviews.TraitSignal",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )

    class Meta:
        ordering = ["evaluation", "question", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(question__in=[3, 4]), name="citation_question_3_or_4"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(kind="rating", rating__isnull=False, flag=None, signal=None)
                    | models.Q(kind="flag", flag__isnull=False, rating=None, signal=None)
                    | models.Q(kind="signal", signal__isnull=False, rating=None, flag=None)
                ),
                name="citation_one_passage",
            ),
        ]

    def __str__(self) -> str:
        return f"Q{self.question}: {self.get_kind_display()}"
