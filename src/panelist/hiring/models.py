"""Openings, candidates and the applications that join them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from panelist.hiring.names import DerivedNameField, name_key, reversed_key, words_key


class OpeningStatus(models.TextChoices):
    OPEN = "open", "Open"
    ON_HOLD = "on_hold", "On hold"
    CLOSED = "closed", "Closed"


class Opening(models.Model):
    title = models.CharField(max_length=200)
    team = models.ForeignKey("teams.Team", on_delete=models.PROTECT, related_name="openings")
    hiring_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="managed_openings"
    )
    target_level = models.ForeignKey(
        "library.Level", on_delete=models.PROTECT, related_name="openings"
    )
    library_version = models.ForeignKey(
        "library.LibraryVersion",
        on_delete=models.PROTECT,
        related_name="openings",
        help_text="The rubrics and level expectations this opening is assessed against.",
    )
    description = models.TextField(blank=True)
    status = models.CharField(
        max_length=10, choices=OpeningStatus.choices, default=OpeningStatus.OPEN
    )
    skills = models.ManyToManyField("teams.Skill", through="RequiredSkill", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, help_text="Raised on each edit.")

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status"], name="opening_status_idx"),
            # Search by title prefix on any database (see hiring.search).
            models.Index(Lower("title"), name="opening_title_lower_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.target_level})"


class Importance(models.TextChoices):
    MUST = "must", "Must have"
    NICE = "nice", "Nice to have"


class RequiredSkill(models.Model):
    opening = models.ForeignKey(Opening, on_delete=models.CASCADE, related_name="required_skills")
    skill = models.ForeignKey("teams.Skill", on_delete=models.PROTECT, related_name="+")
    importance = models.CharField(max_length=4, choices=Importance.choices)

    class Meta:
        ordering = ["opening", "importance", "skill__name"]
        constraints = [
            models.UniqueConstraint(fields=["opening", "skill"], name="required_skill_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.skill} ({self.get_importance_display()})"


class Candidate(models.Model):
    name = models.CharField(max_length=200)
    email = models.EmailField()
    phone = models.CharField(max_length=40, blank=True)
    code_sample_url = models.URLField(
        blank=True, max_length=500, help_text="Code the candidate is proud of, for the code review."
    )
    seminar_title = models.CharField(max_length=300, blank=True)
    seminar_abstract = models.TextField(blank=True)
    seminar_url = models.URLField(blank=True, max_length=500)
    notes = models.TextField(
        blank=True, help_text="For those who run the candidate's pipeline; not shown to members."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, help_text="Raised on each edit.")
    unmerged_duplicate = models.BooleanField(
        default=False,
        editable=False,
        help_text="Shares its e-mail with an earlier candidate added before e-mails were "
        "unique; merge the two to clear it.",
    )
    # The name as people compare it, forwards, backwards and with its words sorted: the
    # indexes on these find look-alike names without reading every candidate (see names.py).
    compare_key = DerivedNameField(derive=name_key)
    compare_key_reversed = DerivedNameField(derive=reversed_key)
    compare_words = DerivedNameField(derive=words_key)

    class Meta:
        ordering = ["name"]
        constraints = [
            # One candidate per e-mail, whatever its case. Candidates imported without an
            # e-mail are exempt, and so are duplicates that predate the rule (marked by the
            # migration that added it) until they are merged.
            models.UniqueConstraint(
                Lower("email"),
                condition=Q(unmerged_duplicate=False) & ~Q(email=""),
                name="candidate_email_unique_ci",
            ),
        ]
        indexes = [
            # Search by name and e-mail prefix on any database (see hiring.search).
            models.Index(Lower("name"), name="candidate_name_lower_idx"),
            models.Index(Lower("email"), name="candidate_email_lower_idx"),
            models.Index(fields=["compare_key"], name="candidate_compare_key_idx"),
            models.Index(fields=["compare_key_reversed"], name="candidate_compare_reversed_idx"),
            models.Index(fields=["compare_words"], name="candidate_compare_words_idx"),
            # The API's candidate list, newest first: a page walks this index and stops.
            models.Index(fields=["created_at", "id"], name="candidate_created_idx"),
        ]

    def __str__(self) -> str:
        return self.name


class Stage(models.TextChoices):
    APPLIED = "applied", "Applied"
    SCREENING = "screening", "Screening"
    INTERVIEWING = "interviewing", "Interviewing"
    DEBRIEF = "debrief", "Debrief"
    DECIDED = "decided", "Decided"
    WITHDRAWN = "withdrawn", "Withdrawn"


CLOSED_STAGES = (Stage.DECIDED, Stage.WITHDRAWN)
OPEN_STAGES = tuple(stage for stage in Stage if stage not in CLOSED_STAGES)


PRE_DEBRIEF_STAGES = (Stage.APPLIED, Stage.SCREENING, Stage.INTERVIEWING)

# An application whose whole committee has submitted while it still waits before the debrief.
READY_FOR_DEBRIEF = models.Q(
    committee_complete=True, stage__in=[stage.value for stage in PRE_DEBRIEF_STAGES]
)


class Application(models.Model):
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="applications")
    opening = models.ForeignKey(Opening, on_delete=models.PROTECT, related_name="applications")
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.APPLIED)
    created_at = models.DateTimeField(auto_now_add=True)
    stage_changed_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, help_text="Raised on each stage change.")
    # Whether the application has a committee and every member has submitted, kept by
    # ``interviews.services.refresh_committee_complete`` wherever an assignment is added,
    # removed or submitted. The lists and counts of what is ready for debrief read it through
    # a partial index of the few such rows; asked of the assignments instead, PostgreSQL
    # hashed every assignment of the organisation to find them. The blind rule does not read
    # it: ``permissions`` asks the scorecards themselves.
    committee_complete = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["candidate", "opening"], name="application_unique"),
        ]
        # The lists sort by when an application was added, filter by stage, and the opening's
        # page reads each stage in the order its candidates reached it.
        indexes = [
            models.Index(fields=["created_at", "id"], name="application_created_idx"),
            models.Index(fields=["stage", "created_at"], name="application_stage_created_idx"),
            # The home's sections: the longest waiting of each stage first.
            models.Index(
                fields=["stage", "stage_changed_at", "id"], name="application_stage_waiting_idx"
            ),
            models.Index(
                fields=["opening", "stage", "stage_changed_at"], name="application_by_stage_idx"
            ),
            # Ready for debrief: the committee complete, the stage still before the debrief.
            models.Index(
                fields=["stage_changed_at", "id"],
                condition=READY_FOR_DEBRIEF,
                name="application_ready_idx",
            ),
            models.Index(
                fields=["opening", "stage_changed_at"],
                condition=READY_FOR_DEBRIEF,
                name="application_ready_by_opening",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.candidate} for {self.opening.title}"

    @property
    def is_closed(self) -> bool:
        return self.stage in CLOSED_STAGES


class EventKind(models.TextChoices):
    APPLIED = "applied", "Added to the opening"
    STAGE = "stage", "Stage changed"
    ASSIGNED = "assigned", "Committee member assigned"
    SUBMITTED = "submitted", "Scorecard submitted"
    AMENDED = "amended", "Scorecard amended"
    COMMITTEE = "committee", "Committee recommendation recorded"
    DECIDED = "decided", "Decision recorded"
    MERGED = "merged", "Duplicate candidate merged"


class ApplicationEvent(models.Model):
    """One step of an application's process, kept with who took it and when.

    The description never carries scorecard content (ratings, evidence, recommendations):
    the timeline is read by people the blind rule keeps from that content.
    """

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    description = models.CharField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.description}"
