"""The ladder, dimensions, formats, traits and the versioned rubric library.

Two kinds of rows live here. Identities that other records point at for good (a dimension, a
format, a trait, a track, a level) are keyed by a stable ``key`` and updated in place when a
library is loaded. Everything that interprets a rating (rubric questions with their anchors,
the expectations of each level) belongs to a ``LibraryVersion``: loading a library adds a
version and never rewrites an older one, so a scorecard keeps the questions it was written
against and an opening keeps the expectations it was opened with.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

RATING_MIN = 1
RATING_MAX = 4


class Dimension(models.Model):
    key = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    assessed = models.BooleanField(
        default=True,
        help_text="Assessed dimensions have a rubric; the others are read from the level table.",
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "key"]

    def __str__(self) -> str:
        return self.name


class InterviewFormat(models.Model):
    key = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    duration_minutes = models.PositiveSmallIntegerField(default=45)
    dimensions = models.ManyToManyField(Dimension, related_name="formats", blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "key"]
        verbose_name = "interview format"

    def __str__(self) -> str:
        return self.name


class Trait(models.Model):
    """A quality the team looks for, noted on a scorecard as a signal with evidence."""

    key = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "key"]

    def __str__(self) -> str:
        return self.name


class Track(models.Model):
    key = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "key"]

    def __str__(self) -> str:
        return self.name


class Level(models.Model):
    """One rung of the ladder: a rank within a track (Senior Data Scientist)."""

    key = models.SlugField(max_length=40, unique=True)
    track = models.ForeignKey(Track, on_delete=models.PROTECT, related_name="levels")
    name = models.CharField(max_length=100)
    rank = models.PositiveSmallIntegerField(help_text="1 is the first rank of the track.")
    seniority = models.PositiveSmallIntegerField(
        help_text="Position on the whole ladder, lowest first; orders levels across tracks."
    )

    class Meta:
        ordering = ["seniority"]
        constraints = [
            models.UniqueConstraint(fields=["track", "rank"], name="level_unique_rank_in_track"),
        ]

    def __str__(self) -> str:
        return self.name


class LibraryVersion(models.Model):
    """One loaded library file. Numbers increase by one with each load."""

    number = models.PositiveIntegerField(unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    source_name = models.CharField(max_length=255, help_text="The file it was loaded from.")
    source_sha256 = models.CharField(max_length=64)
    source_text = models.TextField(help_text="The file as loaded, kept for export and audit.")
    loaded_at = models.DateTimeField(auto_now_add=True)
    loaded_by = models.ForeignKey(
        "access.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-number"]
        get_latest_by = "number"

    def __str__(self) -> str:
        return f"v{self.number} · {self.name}"


class LevelExpectation(models.Model):
    """What a level expects on one dimension, in words and as a rating on the rubric scale."""

    version = models.ForeignKey(
        LibraryVersion, on_delete=models.CASCADE, related_name="expectations"
    )
    level = models.ForeignKey(Level, on_delete=models.PROTECT, related_name="expectations")
    dimension = models.ForeignKey(Dimension, on_delete=models.PROTECT, related_name="expectations")
    summary = models.CharField(max_length=200)
    text = models.TextField(blank=True)
    expected_rating = models.DecimalField(
        max_digits=3,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(RATING_MIN)), MaxValueValidator(Decimal(RATING_MAX))],
    )

    class Meta:
        ordering = ["level__seniority", "dimension__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "level", "dimension"], name="expectation_unique_per_version"
            ),
            models.CheckConstraint(
                condition=models.Q(
                    expected_rating__gte=RATING_MIN, expected_rating__lte=RATING_MAX
                ),
                name="expectation_rating_on_scale",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.level} · {self.dimension}: {self.summary}"


class Rubric(models.Model):
    version = models.ForeignKey(LibraryVersion, on_delete=models.CASCADE, related_name="rubrics")
    dimension = models.ForeignKey(Dimension, on_delete=models.PROTECT, related_name="rubrics")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    summary_prompt = models.TextField(
        blank=True, help_text="A free-text field the interviewer fills, such as a 3-bullet summary."
    )

    class Meta:
        ordering = ["version", "dimension__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "dimension"], name="rubric_unique_dimension_per_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version.number})"


class RubricQuestion(models.Model):
    """A question rated 1-4 against behavioural anchors, or marked "not observed"."""

    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="questions")
    key = models.SlugField(max_length=60)
    order = models.PositiveSmallIntegerField(default=0)
    prompt = models.TextField()
    guidance = models.TextField(blank=True)
    strong_signal = models.TextField(blank=True, help_text="What a strong answer shows.")
    flag_signal = models.TextField(blank=True, help_text="What should raise a flag.")
    formats = models.ManyToManyField(InterviewFormat, related_name="questions", blank=True)
    anchor_1 = models.TextField()
    anchor_2 = models.TextField()
    anchor_3 = models.TextField()
    anchor_4 = models.TextField()

    class Meta:
        ordering = ["rubric", "order"]
        constraints = [
            models.UniqueConstraint(fields=["rubric", "key"], name="question_unique_key_in_rubric"),
        ]

    def __str__(self) -> str:
        return self.prompt[:80]

    @property
    def anchors(self) -> list[tuple[int, str]]:
        return [(1, self.anchor_1), (2, self.anchor_2), (3, self.anchor_3), (4, self.anchor_4)]


class LearningPrompt(models.Model):
    """A sharper prompt for learning speed, which generic questions assess poorly."""

    version = models.ForeignKey(
        LibraryVersion, on_delete=models.CASCADE, related_name="learning_prompts"
    )
    key = models.SlugField(max_length=60)
    order = models.PositiveSmallIntegerField(default=0)
    prompt = models.TextField()
    follow_ups = models.JSONField(default=list, blank=True)
    listen_for = models.TextField(blank=True)
    formats = models.ManyToManyField(
        InterviewFormat,
        related_name="learning_prompts",
        blank=True,
        help_text="The formats whose interviews can probe learning with this prompt: their "
        "kits show it. None: the prompt is on the library page only.",
    )

    class Meta:
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="learning_prompt_unique_key"),
        ]

    def __str__(self) -> str:
        return self.prompt[:80]
