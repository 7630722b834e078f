"""The candidate's side: their private link to one application, and what they send through it.

A link is a random secret of which only a SHA-256 is kept; it works until it expires or a
recruiter revokes it. What the candidate sends (code links, seminar, files) belongs to the
application the link opens.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class CandidateLink(models.Model):
    application = models.ForeignKey(
        "hiring.Application", on_delete=models.CASCADE, related_name="candidate_links"
    )
    digest = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Candidate link {self.pk} to application {self.application_id}"

    def is_open(self, now=None) -> bool:
        return self.revoked_at is None and (now or timezone.now()) < self.expires_at


class CodeLink(models.Model):
    """A piece of code the candidate chose for the code review."""

    application = models.ForeignKey(
        "hiring.Application", on_delete=models.CASCADE, related_name="code_links"
    )
    url = models.URLField(max_length=500)
    note = models.CharField(max_length=200, blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["submitted_at", "id"]

    def __str__(self) -> str:
        return self.url


class FileKind(models.TextChoices):
    SLIDES = "slides", "Seminar slides"
    PAPER = "paper", "Paper"
    CV = "cv", "CV"
    OTHER = "other", "Other document"


# Who on the committee needs which files: seminar members read the slides and papers; the CV
# and other documents go to every member of the candidate's committee.
SEMINAR_FILE_KINDS = (FileKind.SLIDES, FileKind.PAPER)


def _stored_name(instance, filename: str) -> str:
    """A random name: the candidate's file name never reaches the storage's paths."""
    return f"candidate-files/{uuid.uuid4().hex}.pdf"


class CandidateFile(models.Model):
    application = models.ForeignKey(
        "hiring.Application", on_delete=models.CASCADE, related_name="candidate_files"
    )
    kind = models.CharField(max_length=10, choices=FileKind.choices)
    file = models.FileField(upload_to=_stored_name, max_length=300)
    original_name = models.CharField(max_length=200)
    size = models.PositiveIntegerField()
    content_type = models.CharField(max_length=60)
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.original_name}"
