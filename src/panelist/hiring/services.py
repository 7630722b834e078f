"""Writes on openings, candidates and applications."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils import timezone

from panelist.access import permissions
from panelist.core.errors import DomainError, NotAllowed, StaleVersion
from panelist.hiring.models import (
    Application,
    ApplicationEvent,
    Candidate,
    EventKind,
    Importance,
    Opening,
    RequiredSkill,
    Stage,
)
from panelist.library.models import Level, LibraryVersion
from panelist.library.services import latest_version


def opening_create(
    *,
    actor,
    title: str,
    team,
    hiring_manager,
    target_level: Level,
    required_skills: Mapping[object, Importance] | None = None,
    library_version: LibraryVersion | None = None,
    description: str = "",
) -> Opening:
    if not permissions.can_open_openings(actor):
        raise NotAllowed("Only hiring managers and admins open openings.")
    if not permissions.is_admin(actor) and hiring_manager.pk != actor.pk:
        raise NotAllowed("A hiring manager opens openings for themself; ask an admin otherwise.")
    if not permissions.is_hiring_manager(hiring_manager):
        raise DomainError(f"{hiring_manager} is not a hiring manager.", field="hiring_manager")
    version = library_version or latest_version()
    if version is None:
        raise DomainError("No rubric library is loaded; run `panelist rubric load` first.")
    with transaction.atomic():
        opening = Opening.objects.create(
            title=title.strip(),
            team=team,
            hiring_manager=hiring_manager,
            target_level=target_level,
            library_version=version,
            description=description,
        )
        RequiredSkill.objects.bulk_create(
            RequiredSkill(opening=opening, skill=skill, importance=importance)
            for skill, importance in (required_skills or {}).items()
        )
    return opening


def opening_update(
    *,
    actor,
    opening: Opening,
    expected_version: int,
    title: str,
    team,
    target_level: Level,
    required_skills: Mapping[object, Importance],
    library_version: LibraryVersion,
    description: str = "",
) -> Opening:
    """Edit an opening; refuses an edit based on an older version of it."""
    if not permissions.can_edit_opening(actor, opening):
        raise NotAllowed("Only the opening's hiring manager edits it.")
    if library_version.pk != opening.library_version_id and _has_scorecards(opening):
        raise DomainError(
            "Scorecards were already written against this opening's rubric version; "
            "keep it, or open a new opening for the new version.",
            field="library_version",
        )
    with transaction.atomic():
        updated = Opening.objects.filter(pk=opening.pk, version=expected_version).update(
            title=title.strip(),
            team=team,
            target_level=target_level,
            library_version=library_version,
            description=description,
            version=expected_version + 1,
            updated_at=timezone.now(),
        )
        if not updated:
            current = Opening.objects.values_list("version", flat=True).get(pk=opening.pk)
            raise StaleVersion(
                "Someone saved this opening since you opened it; nothing was overwritten. "
                "Reload the page to see their change, then make yours again.",
                current_version=current,
            )
        opening.required_skills.all().delete()
        RequiredSkill.objects.bulk_create(
            RequiredSkill(opening=opening, skill=skill, importance=importance)
            for skill, importance in required_skills.items()
        )
    opening.refresh_from_db()
    return opening


def _has_scorecards(opening: Opening) -> bool:
    from panelist.interviews.models import Scorecard

    return Scorecard.objects.filter(assignment__application__opening=opening).exists()


def record_event(*, application: Application, actor, kind: EventKind, description: str) -> None:
    ApplicationEvent.objects.create(
        application=application, actor=actor, kind=kind, description=description
    )


def candidate_create(
    *,
    actor,
    name: str,
    email: str,
    code_sample_url: str = "",
    seminar_title: str = "",
    seminar_abstract: str = "",
    notes: str = "",
) -> Candidate:
    if not permissions.can_manage_candidates(actor):
        raise NotAllowed("Only recruiters and admins add candidates.")
    if not name.strip():
        raise DomainError("Give the candidate's name.", field="name")
    try:
        validate_email(email.strip())
    except ValidationError:
        raise DomainError(f"{email!r} is not an email address.", field="email") from None
    if code_sample_url:
        _check_web_link(code_sample_url, field="code_sample_url")
    return Candidate.objects.create(
        name=name.strip(),
        email=email.strip(),
        code_sample_url=code_sample_url,
        seminar_title=seminar_title,
        seminar_abstract=seminar_abstract,
        notes=notes,
        created_by=actor,
    )


_web_link = URLValidator(schemes=["http", "https"])


def _check_web_link(url: str, *, field: str) -> None:
    """Links are rendered as ``href``: only http(s), never ``javascript:`` or ``data:``."""
    try:
        _web_link(url)
    except ValidationError:
        raise DomainError(
            "Give a web address starting with https:// (or http://).", field=field
        ) from None


def set_stage(application: Application, stage: Stage) -> None:
    """Write a new stage and when it changed; callers hold the row lock and record the event."""
    application.stage = stage
    application.stage_changed_at = timezone.now()
    application.save(update_fields=["stage", "stage_changed_at"])


def lock_open_application(application: Application) -> Application:
    """Re-read the application under a row lock and refuse if it closed meanwhile.

    Callers hold a copy read earlier in the request; without this, a stale copy could move a
    decided application back to an earlier stage.
    """
    current = Application.objects.select_for_update().get(pk=application.pk)
    if current.is_closed:
        raise DomainError(
            f"This application is {current.get_stage_display().lower()}; it no longer changes."
        )
    application.stage = current.stage
    return current


def application_create(*, actor, candidate: Candidate, opening: Opening) -> Application:
    if not permissions.can_manage_candidates(actor):
        raise NotAllowed("Only recruiters and admins attach candidates to openings.")
    if Application.objects.filter(candidate=candidate, opening=opening).exists():
        raise DomainError(f"{candidate} has already applied to {opening.title}.")
    with transaction.atomic():
        application = Application.objects.create(candidate=candidate, opening=opening)
        record_event(
            application=application,
            actor=actor,
            kind=EventKind.APPLIED,
            description=f"{candidate} added to {opening.title}",
        )
    return application


def application_move(*, actor, application: Application, stage: Stage) -> Application:
    if not (
        permissions.can_manage_candidates(actor)
        or permissions.can_edit_opening(actor, application.opening)
    ):
        raise NotAllowed("Only the recruiter or the opening's hiring manager moves a candidate.")
    if stage == Stage.DECIDED:
        raise DomainError("An application reaches 'decided' only by recording a decision.")
    with transaction.atomic():
        current = Application.objects.select_for_update().get(pk=application.pk)
        if current.stage == Stage.DECIDED:
            raise DomainError("This application is decided; its stage no longer changes.")
        if stage == current.stage:
            return application
        previous = current.get_stage_display()
        set_stage(application, stage)
        record_event(
            application=application,
            actor=actor,
            kind=EventKind.STAGE,
            description=f"Moved from {previous} to {application.get_stage_display()}",
        )
    return application


def committee_completed(*, application: Application) -> bool:
    """Move the application to the debrief once its whole committee has submitted, when the
    organisation chooses so (``OrganisationSettings.move_to_debrief_when_complete``).

    The scorecard submit calls this inside its transaction, holding the application's row
    lock, so the move and its timeline entry commit with the last submission or not at all.
    Earlier submissions, a stage already at or past the debrief, and a second call change
    nothing. The timeline entry has no actor: the organisation's setting moved it, not the
    member who happened to submit last. Returns whether the application moved. Whatever the
    setting, the pages show an application whose committee is complete as ready for debrief.
    """
    from panelist.access.models import OrganisationSettings
    from panelist.hiring.selectors import PRE_DEBRIEF_STAGES
    from panelist.interviews.models import Assignment, ScorecardStatus

    if application.stage not in PRE_DEBRIEF_STAGES:
        return False
    assignments = Assignment.objects.filter(application=application)
    if (
        not assignments.exists()
        or assignments.exclude(scorecard__status=ScorecardStatus.SUBMITTED).exists()
    ):
        return False
    if not OrganisationSettings.current().move_to_debrief_when_complete:
        return False
    previous = application.get_stage_display()
    set_stage(application, Stage.DEBRIEF)
    record_event(
        application=application,
        actor=None,
        kind=EventKind.STAGE,
        description=f"Moved from {previous} to Debrief: every committee member has submitted",
    )
    return True
