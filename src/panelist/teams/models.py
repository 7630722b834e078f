"""Teams, the skills they need and hold, and what each manager is willing to coach."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Team(models.Model):
    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    description = models.TextField(blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="TeamMembership", related_name="teams", blank=True
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TeamMembership(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    joined_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["team", "user"]
        constraints = [
            models.UniqueConstraint(fields=["team", "user"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.team}"


class Skill(models.Model):
    """A capability an opening can require and a member can hold (probabilistic modeling)."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    description = models.TextField(blank=True)
    dimension = models.ForeignKey(
        "library.Dimension",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="skills",
        help_text="The assessed dimension whose interviews give evidence of this skill.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SkillLevel(models.IntegerChoices):
    NONE = 0, "None"
    WORKING = 1, "Working knowledge"
    PROFICIENT = 2, "Proficient"
    EXPERT = 3, "Expert: can teach it"


class MemberSkill(models.Model):
    """How well one team member holds one skill (0-3): the team's skill inventory."""

    membership = models.ForeignKey(TeamMembership, on_delete=models.CASCADE, related_name="skills")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="holders")
    level = models.PositiveSmallIntegerField(choices=SkillLevel.choices)

    class Meta:
        ordering = ["membership", "skill"]
        constraints = [
            models.UniqueConstraint(fields=["membership", "skill"], name="member_skill_unique"),
            models.CheckConstraint(
                condition=models.Q(level__gte=0, level__lte=3), name="member_skill_level_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.membership.user}: {self.skill} ({self.get_level_display()})"


class SkillReading(models.Model):
    """One reading of a member's level in a skill, kept forever: the inventory
    (``MemberSkill``) holds the latest, and this table how it came to be."""

    membership = models.ForeignKey(
        TeamMembership, on_delete=models.CASCADE, related_name="skill_readings"
    )
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="readings")
    level = models.PositiveSmallIntegerField(choices=SkillLevel.choices)
    previous_level = models.PositiveSmallIntegerField(choices=SkillLevel.choices, null=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    read_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-read_at", "-id"]

    def __str__(self) -> str:
        return f"{self.membership.user}: {self.skill} read {self.level} on {self.read_at:%Y-%m-%d}"


class Willingness(models.TextChoices):
    WILL_COACH = "will", "Will coach"
    SOME = "some", "Some coaching"
    WILL_NOT = "will_not", "Will not coach"


class CoachingPreference(models.Model):
    """How willing a hiring manager is to coach a gap in one dimension."""

    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coaching_preferences"
    )
    dimension = models.ForeignKey(
        "library.Dimension", on_delete=models.PROTECT, related_name="coaching_preferences"
    )
    willingness = models.CharField(max_length=10, choices=Willingness.choices)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["manager", "dimension__order"]
        constraints = [
            models.UniqueConstraint(fields=["manager", "dimension"], name="coaching_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.manager} · {self.dimension}: {self.get_willingness_display()}"
