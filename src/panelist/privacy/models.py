"""What the organisation keeps about candidates, for how long, and what stops the clock."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


class RetentionPolicy(models.Model):
    """How long candidates who were not hired are kept. One row: ``RetentionPolicy.current()``."""

    months_after_decision = models.PositiveSmallIntegerField(
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text="Months after a rejection or withdrawal before the candidate is anonymised.",
    )
    talent_pool_months = models.PositiveSmallIntegerField(
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text="Months kept instead when the candidate agreed to stay in the talent pool.",
    )

    class Meta:
        verbose_name = "retention policy"
        verbose_name_plural = "retention policy"
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="retention_policy_single_row"),
        ]

    def __str__(self) -> str:
        return "Retention policy"

    def save(self, *args, **kwargs) -> None:
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def current(cls) -> RetentionPolicy:
        policy, _ = cls.objects.get_or_create(pk=1)
        return policy


class CandidatePrivacy(models.Model):
    """A candidate's consent, legal hold and anonymisation state."""

    candidate = models.OneToOneField(
        "hiring.Candidate", on_delete=models.CASCADE, related_name="privacy"
    )
    talent_pool_consent_at = models.DateTimeField(null=True, blank=True)
    legal_hold = models.BooleanField(
        default=False, help_text="While set, retention never anonymises this candidate."
    )
    legal_hold_reason = models.CharField(max_length=200, blank=True)
    erased_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "candidate privacy"
        verbose_name_plural = "candidates' privacy"

    def __str__(self) -> str:
        return f"Privacy of candidate {self.candidate_id}"
