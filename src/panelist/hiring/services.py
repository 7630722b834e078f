"""Writes on openings, candidates and applications."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone

from panelist.access import permissions
from panelist.core.errors import DomainError, NotAllowed
from panelist.hiring.models import Application, Candidate, Importance, Opening, RequiredSkill, Stage
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
    return Candidate.objects.create(
        name=name.strip(),
        email=email.strip(),
        code_sample_url=code_sample_url,
        seminar_title=seminar_title,
        seminar_abstract=seminar_abstract,
        notes=notes,
        created_by=actor,
    )


def application_create(*, actor, candidate: Candidate, opening: Opening) -> Application:
    if not permissions.can_manage_candidates(actor):
        raise NotAllowed("Only recruiters and admins attach candidates to openings.")
    if Application.objects.filter(candidate=candidate, opening=opening).exists():
        raise DomainError(f"{candidate} has already applied to {opening.title}.")
    return Application.objects.create(candidate=candidate, opening=opening)


def application_move(*, actor, application: Application, stage: Stage) -> Application:
    if not (
        permissions.can_manage_candidates(actor)
        or permissions.can_edit_opening(actor, application.opening)
    ):
        raise NotAllowed("Only the recruiter or the opening's hiring manager moves a candidate.")
    if application.stage == Stage.DECIDED:
        raise DomainError("This application is decided; its stage no longer changes.")
    if stage == Stage.DECIDED:
        raise DomainError("An application reaches 'decided' only by recording a decision.")
    application.stage = stage
    application.stage_changed_at = timezone.now()
    application.save(update_fields=["stage", "stage_changed_at"])
    return application
