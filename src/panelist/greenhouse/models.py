"""Links between Greenhouse ids and the Panelist records made from them."""

from django.db import models


class LinkKind(models.TextChoices):
    CANDIDATE = "candidate", "Candidate"
    APPLICATION = "application", "Application"
    USER = "user", "Interviewer"
    SCORECARD = "scorecard", "Scorecard"
    JOB = "job", "Job"


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


class ErasedInPanelist(models.Model):
    """A Greenhouse record of a candidate erased in Panelist (``panelist.privacy``): the sync
    and the file import never write it, nor anything that refers to it, again. Only the kind
    and the Greenhouse id are kept, which name nobody; the link to the Panelist record is
    gone."""

    kind = models.CharField(max_length=12, choices=LinkKind.choices)
    greenhouse_id = models.BigIntegerField()

    class Meta:
        verbose_name = "record erased in Panelist"
        verbose_name_plural = "records erased in Panelist"
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "greenhouse_id"], name="greenhouse_erased_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"Greenhouse {self.kind} {self.greenhouse_id}, erased in Panelist"


class HarvestRecord(models.Model):
    """A Harvest v3 record as last pulled, kept so that a scorecard can be joined with its
    attribute ratings and answers when only one of them changed, and so that a record that
    failed to apply is tried again by the next sync. ``applied`` is false until it has been
    written into Panelist (or deliberately skipped)."""

    resource = models.CharField(max_length=40)
    greenhouse_id = models.BigIntegerField()
    parent_id = models.BigIntegerField(null=True, blank=True)  # the scorecard or job it joins
    data = models.JSONField()
    updated_at = models.DateTimeField(null=True, blank=True)
    applied = models.BooleanField(default=False)
    problem = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["resource", "greenhouse_id"], name="harvest_record_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["resource", "applied"], name="harvest_record_pending"),
            models.Index(fields=["resource", "parent_id"], name="harvest_record_parent"),
        ]

    def __str__(self) -> str:
        return f"Harvest {self.resource} {self.greenhouse_id}"


class HarvestCursor(models.Model):
    """Where the pull of one resource stands: ``next_url`` is the page to read next in a pull
    that has not finished (a failed sync resumes there); ``since`` is the high-water mark the
    next pull filters ``updated_at`` from: the latest ``updated_at`` Greenhouse reported, so
    that the two clocks never need to agree."""

    resource = models.CharField(max_length=40, unique=True)
    next_url = models.TextField(blank=True)
    since = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Harvest {self.resource} cursor"


class SyncStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Finished"
    PARTIAL = "partial", "Finished with problems"
    FAILED = "failed", "Stopped"


class HarvestSync(models.Model):
    """One run of the sync, for the admin page and the command's summary."""

    status = models.CharField(max_length=10, choices=SyncStatus.choices, default=SyncStatus.QUEUED)
    requested_by = models.ForeignKey(
        "access.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    queued_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    pulled = models.JSONField(default=dict)  # resource -> records read
    created = models.JSONField(default=dict)  # kind -> Panelist records made
    updated = models.JSONField(default=dict)
    problems = models.JSONField(default=list)  # "scorecard 123, field candidate_rating: ..."
    skipped = models.JSONField(default=list)  # drafts, undecided cards: by id, with the reason
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-queued_at", "-pk"]

    def __str__(self) -> str:
        return f"Greenhouse sync {self.pk} ({self.status})"
