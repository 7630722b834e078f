"""Links between Greenhouse ids and the Panelist records made from them."""

from django.db import models


class LinkKind(models.TextChoices):
    CANDIDATE = "candidate", "Candidate"
    APPLICATION = "application", "Application"
    USER = "user", "Interviewer"
    SCORECARD = "scorecard", "Scorecard"


class GreenhouseLink(models.Model):
    """``greenhouse_id`` of a ``kind`` is the Panelist record ``object_id``: a second import
    finds it here and creates nothing new."""

    kind = models.CharField(max_length=12, choices=LinkKind.choices)
    greenhouse_id = models.BigIntegerField()
    object_id = models.BigIntegerField()
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "greenhouse_id"], name="greenhouse_link_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"Greenhouse {self.kind} {self.greenhouse_id} → {self.object_id}"
