"""Candidates' voluntary self-identification, kept apart from everything the committee reads.

The answers sit in their own tables, reached from the candidate's side only by this app (the
foreign key has no reverse accessor on ``Candidate``), so no page, serializer, export or e-mail
that walks a candidate can stumble on them. Nobody reads one candidate's answers: the
adverse-impact report counts them per group, for users holding the compliance capability
(``access.permissions.reads_fairness_report``).
"""

from __future__ import annotations

from django.db import models

READ_REPORT_PERMISSION = "fairness.read_fairness_report"


class Question(models.Model):
    """A self-identification question: sex or gender, race or ethnicity (both shipped), and
    any category the organisation adds. "Prefer not to say" is always offered besides the
    options, and is not one of them."""

    key = models.SlugField(max_length=40, unique=True)
    label = models.CharField(max_length=200)
    help_text = models.CharField(max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(
        default=True,
        help_text="Asked of candidates. An inactive question keeps its answers for the report.",
    )
    intersect = models.BooleanField(
        default=False,
        help_text="Cross this question's groups with the other intersecting questions' groups "
        "in the report (sex or gender with race or ethnicity, as LL144 audits do).",
    )

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.label


class AnswerOption(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    label = models.CharField(max_length=120)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["question", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["question", "label"], name="answer_option_unique"),
        ]

    def __str__(self) -> str:
        return self.label


class SelfIdentification(models.Model):
    """One candidate's answers (the latest they gave); erased with the candidate."""

    candidate = models.OneToOneField("hiring.Candidate", on_delete=models.CASCADE, related_name="+")
    answered_at = models.DateTimeField(auto_now=True)

    class Meta:
        permissions = [
            (
                "read_fairness_report",
                "Compliance: read the adverse-impact report (aggregates only)",
            )
        ]

    def __str__(self) -> str:
        # Never the answers: this may end up in a log line or an admin breadcrumb.
        return f"Self-identification #{self.pk}"


class Answer(models.Model):
    """The answer to one question; no option means "Prefer not to say"."""

    response = models.ForeignKey(
        SelfIdentification, on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    option = models.ForeignKey(
        AnswerOption, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="answer_unique"),
        ]

    def __str__(self) -> str:
        return f"Answer #{self.pk}"
