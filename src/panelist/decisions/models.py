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
