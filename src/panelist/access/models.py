"""Users, their role, and the organisation-wide visibility setting."""

from __future__ import annotations

import copy
import zoneinfo
from contextvars import ContextVar

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models

# Set to a dict for the length of one request (access.middleware.settings_once_per_request):
# the permission layer reads the organisation settings many times a page, the database once.
request_cache: ContextVar[dict | None] = ContextVar("panelist_request_cache", default=None)


def validate_time_zone(value: str) -> None:
    if value and value not in zoneinfo.available_timezones():
        raise ValidationError(f"{value!r} is not a time zone name; use one such as Europe/Paris.")


class Role(models.TextChoices):
    ADMIN = "admin", "Admin"
    RECRUITER = "recruiter", "Recruiter"
    HIRING_MANAGER = "hiring_manager", "Hiring manager"
    INTERVIEWER = "interviewer", "Interviewer"


class MailDelivery(models.TextChoices):
    IMMEDIATE = "immediate", "As it happens"
    DAILY = "daily", "In one daily digest"


class User(AbstractUser):
    """A person who signs in. The role says what they may do across the organisation.

    Being on a committee is not a role: a hiring manager or an admin can also be assigned to
    interview, and the rules for interviewers then apply to them on that candidate.
    """

    role = models.CharField(max_length=20, choices=Role.choices, default=Role.INTERVIEWER)
    time_zone = models.CharField(
        max_length=64,
        blank=True,
        validators=[validate_time_zone],
        help_text="IANA name such as Europe/Paris; times in mail to this person read in it. "
        "Empty: the organisation's time zone.",
    )
    mail_delivery = models.CharField(
        max_length=10,
        choices=MailDelivery.choices,
        default=MailDelivery.IMMEDIATE,
        help_text="When news mail (ready for debrief, decisions) arrives; mail about the "
        "person's own interviews always comes at once.",
    )

    class Meta:
        ordering = ["first_name", "last_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def display_name(self) -> str:
        return str(self)


class BlindMode(models.TextChoices):
    NEVER = "never", "Never: members see only their own scorecards"
    AFTER_OWN = "after_own", "After submitting their own scorecard"
    ALWAYS = "always", "Always (not recommended: anchors members on each other)"


class RecruiterAccess(models.TextChoices):
    NONE = "none", "No: recruiters see who has submitted, not what"
    RECOMMENDATIONS = "recommendations", "Recommendations only: each member's go/no-go"
    EVERYTHING = "everything", "Everything: submitted scorecards (ratings, evidence, flags)"


class OrganisationSettings(models.Model):
    """Settings an admin changes at run time. One row; use ``OrganisationSettings.current()``."""

    blind_mode = models.CharField(
        max_length=20,
        choices=BlindMode.choices,
        default=BlindMode.AFTER_OWN,
        help_text="When a committee member may read the other members' scorecards on a candidate.",
    )
    recruiter_access = models.CharField(
        "recruiters read submitted scorecards",
        max_length=20,
        choices=RecruiterAccess.choices,
        default=RecruiterAccess.NONE,
        help_text="What recruiters read of the committee's submitted scorecards. Drafts stay "
        "with their authors whatever this says.",
    )
    move_to_debrief_when_complete = models.BooleanField(
        "move to debrief when the committee is complete",
        default=False,
        help_text="When the last committee member submits, move the application to the "
        "debrief stage (with a timeline entry). Otherwise it is only marked ready for debrief.",
    )
    two_factor_for_everyone = models.BooleanField(
        "two-factor sign-in for everyone",
        default=False,
        help_text="Everyone must set up an authenticator app (TOTP) before using Panelist. "
        "Admins must whatever this says.",
    )

    class Meta:
        verbose_name = "organisation settings"
        verbose_name_plural = "organisation settings"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(id=1), name="organisation_settings_single_row"
            ),
        ]

    def __str__(self) -> str:
        return "Organisation settings"

    def save(self, *args, **kwargs) -> None:
        self.pk = 1
        super().save(*args, **kwargs)
        cache = request_cache.get()
        if cache is not None:
            cache.pop(OrganisationSettings, None)

    @classmethod
    def remember(cls, settings: OrganisationSettings) -> None:
        """Hold ``settings`` as this request's, read by a query the request made anyway (see
        ``panelist.access.backends``); outside a request, nothing is held."""
        cache = request_cache.get()
        if cache is not None:
            cache[cls] = copy.copy(settings)

    @classmethod
    def current(cls) -> OrganisationSettings:
        """The settings row; read once per request, and handed out as a copy so that a form
        changing one (and failing validation) cannot change what the rest of the request reads."""
        cache = request_cache.get()
        if cache is not None and cls in cache:
            return copy.copy(cache[cls])
        settings, _ = cls.objects.get_or_create(pk=1)
        if cache is not None:
            cache[cls] = copy.copy(settings)
        return settings
