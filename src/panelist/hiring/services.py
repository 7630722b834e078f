"""Writes on openings, candidates and applications."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import IntegrityError, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Lower
from django.utils import timezone

from panelist.access import permissions
from panelist.core.errors import DomainError, NotAllowed, StaleVersion
from panelist.hiring.models import (
    CLOSED_STAGES,
    Application,
    ApplicationEvent,
    Candidate,
    EventKind,
    Importance,
    Opening,
    OpeningStatus,
    RequiredSkill,
    Stage,
)
from panelist.hiring.names import keys_look_alike, name_key, words_key
from panelist.library.models import Level, LibraryVersion
from panelist.library.services import latest_version
from panelist.notifications import services as notifications
from panelist.webhooks import services as webhooks


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


def opening_set_status(
    *, actor, opening: Opening, status: OpeningStatus, expected_version: int
) -> Opening:
    """Open, hold or close an opening; refuses a change based on an older version of it."""
    if not permissions.can_edit_opening(actor, opening):
        raise NotAllowed("Only the opening's hiring manager opens, holds or closes it.")
    with transaction.atomic():
        updated = Opening.objects.filter(pk=opening.pk, version=expected_version).update(
            status=status, version=expected_version + 1, updated_at=timezone.now()
        )
        if not updated:
            current = Opening.objects.values_list("version", flat=True).get(pk=opening.pk)
            raise StaleVersion(
                "Someone changed this opening since you read it; nothing was changed. Read it "
                "again, then decide.",
                current_version=current,
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


NOTES_MAX_CHARS = 5000
MERGE_EVENT_MAX_CHARS = 500


class DuplicateCandidate(DomainError):
    """A candidate with this e-mail exists already; ``existing`` is that candidate."""

    def __init__(self, existing: Candidate) -> None:
        super().__init__(
            f"{existing.name} <{existing.email}> is already a candidate: attach them to the "
            "opening instead of adding them again.",
            field="email",
        )
        self.existing = existing


class SimilarCandidates(DomainError):
    """Candidates with a near-identical name exist; the recruiter confirms to add anyway."""

    def __init__(self, matches: list[Candidate]) -> None:
        names = "; ".join(f"{c.name} <{c.email or 'no e-mail'}>" for c in matches)
        super().__init__(
            f"A candidate with a near-identical name exists ({names}). If this is the same "
            "person, attach them instead; if not, confirm that this is someone else.",
            field="name",
        )
        self.matches = matches


def candidate_with_email(email: str) -> Candidate | None:
    """The candidate holding this e-mail, compared as the database constraint compares it."""
    email = email.strip()
    if not email:
        return None
    return (
        Candidate.objects.alias(email_lower=Lower("email"))
        .filter(email_lower=Lower(Value(email)))
        .order_by("unmerged_duplicate", "created_at", "pk")
        .first()
    )


# How many neighbours of a name, in each of its two sort orders, are compared with it.
SIMILAR_NAME_WINDOW = 50
SIMILAR_NAMES_SHOWN = 5


def candidates_with_similar_name(name: str, *, exclude: Candidate | None = None) -> list[Candidate]:
    """Candidates whose names look alike (see ``names_look_alike``), at most five, in one
    query whatever the number of candidates: only the name's neighbours are compared (see
    ``panelist.hiring.names``)."""
    key = name_key(name)
    if not key:
        return []
    others = Candidate.objects.all()
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)

    def window(field: str, value: str):
        after = others.filter(**{f"{field}__gte": value}).order_by(field, "pk")
        before = others.filter(**{f"{field}__lt": value}).order_by(f"-{field}", "-pk")
        return Q(pk__in=after.values("pk")[:SIMILAR_NAME_WINDOW]) | Q(
            pk__in=before.values("pk")[:SIMILAR_NAME_WINDOW]
        )

    near = (
        window("compare_key", key)
        | window("compare_key_reversed", key[::-1])
        | Q(compare_words=words_key(name))
    )
    alike = []
    for candidate in others.filter(near).order_by("name", "pk"):
        if keys_look_alike(key, candidate.compare_key):
            alike.append(candidate)
            if len(alike) == SIMILAR_NAMES_SHOWN:
                break
    return alike


def candidate_create(
    *,
    actor,
    name: str,
    email: str,
    code_sample_url: str = "",
    seminar_title: str = "",
    seminar_abstract: str = "",
    notes: str = "",
    similar_name_confirmed: bool = False,
) -> Candidate:
    """Add a candidate, refusing one whose e-mail (in any case) another candidate holds, and
    asking for confirmation when another candidate's name looks alike."""
    if not permissions.can_manage_candidates(actor):
        raise NotAllowed("Only recruiters and admins add candidates.")
    email = _checked_identity(name, email, code_sample_url)
    _check_notes(notes)
    existing = candidate_with_email(email)
    if existing is not None:
        raise DuplicateCandidate(existing)
    if not similar_name_confirmed:
        matches = candidates_with_similar_name(name)
        if matches:
            raise SimilarCandidates(matches)
    try:
        with transaction.atomic():
            return Candidate.objects.create(
                name=" ".join(name.split()),
                email=email,
                code_sample_url=code_sample_url,
                seminar_title=seminar_title,
                seminar_abstract=seminar_abstract,
                notes=notes,
                created_by=actor,
            )
    except IntegrityError:
        # Someone added the same e-mail between the check and the insert.
        existing = candidate_with_email(email)
        if existing is None:
            raise
        raise DuplicateCandidate(existing) from None


def _checked_identity(name: str, email: str, code_sample_url: str) -> str:
    """The checks adding and editing a candidate share; the e-mail, stripped."""
    if not name.strip():
        raise DomainError("Give the candidate's name.", field="name")
    email = email.strip()
    try:
        validate_email(email)
    except ValidationError:
        raise DomainError(f"{email!r} is not an email address.", field="email") from None
    if code_sample_url:
        _check_web_link(code_sample_url, field="code_sample_url")
    return email


def candidate_update(
    *,
    actor,
    candidate: Candidate,
    expected_version: int,
    name: str,
    email: str,
    code_sample_url: str = "",
    seminar_title: str = "",
    seminar_abstract: str = "",
) -> Candidate:
    """Edit a candidate's name, e-mail and materials, with the same checks as adding one: an
    e-mail another candidate holds is refused (merge the two instead)."""
    if not permissions.can_manage_candidates(actor):
        raise NotAllowed("Only recruiters and admins edit candidates.")
    email = _checked_identity(name, email, code_sample_url)
    holder = candidate_with_email(email)
    if holder is not None and holder.pk != candidate.pk:
        raise DuplicateCandidate(holder)
    try:
        with transaction.atomic():
            current = Candidate.objects.select_for_update().get(pk=candidate.pk)
            if current.version != expected_version:
                raise StaleVersion(
                    "Someone changed this candidate since you read them; nothing was "
                    "overwritten. Read them again, then make your change.",
                    current_version=current.version,
                )
            current.name = " ".join(name.split())
            current.email = email
            current.code_sample_url = code_sample_url
            current.seminar_title = seminar_title
            current.seminar_abstract = seminar_abstract
            current.version = expected_version + 1
            current.save()
    except IntegrityError:
        holder = candidate_with_email(email)
        if holder is None:
            raise
        raise DuplicateCandidate(holder) from None
    return current


def _check_notes(notes: str) -> None:
    if len(notes) > NOTES_MAX_CHARS:
        raise DomainError(
            f"Notes hold at most {NOTES_MAX_CHARS:,} characters; these have {len(notes):,}. "
            "Shorten them.",
            field="notes",
        )


def candidate_update_notes(
    *, actor, candidate: Candidate, notes: str, expected_version: int
) -> Candidate:
    """Edit a candidate's notes; refuses an edit based on an older version of the candidate."""
    if not permissions.can_manage_candidate(actor, candidate):
        raise NotAllowed(
            "Only recruiters, admins and the hiring manager of an opening the candidate is "
            "on edit their notes."
        )
    _check_notes(notes)
    with transaction.atomic():
        updated = Candidate.objects.filter(pk=candidate.pk, version=expected_version).update(
            notes=notes, version=expected_version + 1
        )
        if not updated:
            current = Candidate.objects.values_list("version", flat=True).get(pk=candidate.pk)
            raise StaleVersion(
                "Someone changed this candidate since you opened the notes; nothing was "
                "overwritten. Copy your text, reload the page to see theirs, then save again.",
                current_version=current,
            )
    candidate.refresh_from_db()
    return candidate


MERGED_MATERIALS = {
    "phone": "Phone",
    "code_sample_url": "Code sample link",
    "seminar_title": "Seminar title",
    "seminar_abstract": "Seminar abstract",
    "seminar_url": "Seminar link",
}


def candidate_merge(*, actor, keep: Candidate, merge: Candidate) -> Candidate:
    """Fold ``merge``, a duplicate record of the same person, into ``keep``.

    Every application moves to ``keep`` with its committee, scorecards and timeline; the
    materials ``keep`` lacks are taken over, and any that differ are kept in the notes so
    nothing is lost. Each of ``keep``'s applications records the merge on its timeline.
    Refused when both are on the same opening: a candidate is on an opening once, and each
    of those applications may hold a committee's work that only a person can reconcile.
    """
    if not permissions.can_manage_candidates(actor):
        raise NotAllowed("Only recruiters and admins merge candidates.")
    if keep.pk == merge.pk:
        raise DomainError("Choose two different candidates to merge.", field="merge")
    with transaction.atomic():
        locked = {
            c.pk: c
            for c in Candidate.objects.select_for_update()
            .filter(pk__in=[keep.pk, merge.pk])
            .order_by("pk")
        }
        if len(locked) != 2:
            raise DomainError("One of the two candidates no longer exists; reload the page.")
        keep, merge = locked[keep.pk], locked[merge.pk]
        shared = list(
            Opening.objects.filter(applications__candidate=keep)
            .filter(applications__candidate=merge)
            .order_by("title")
            .values_list("title", flat=True)
        )
        if shared:
            raise DomainError(
                f"Both records are on {', '.join(shared)}, and a candidate is on an opening "
                "once; joining two applications with their committees would rewrite kept "
                "steps, so nothing was merged. Keep both records, and withdraw the "
                "application that should not count so that it leaves the pipeline.",
                field="merge",
            )
        moved = Application.objects.filter(candidate=merge).update(candidate=keep)
        kept_aside = []
        for field, label in MERGED_MATERIALS.items():
            theirs, ours = getattr(merge, field), getattr(keep, field)
            if theirs and not ours:
                setattr(keep, field, theirs)
            elif theirs and theirs != ours:
                kept_aside.append(f"{label}: {theirs}")
        if merge.email and merge.email.lower() != keep.email.lower():
            kept_aside.append(f"E-mail: {merge.email}")
        if merge.notes:
            kept_aside.append(merge.notes)
        if kept_aside:
            header = f"From the merged record of {merge.name} ({merge.created_at:%d %b %Y}):"
            keep.notes = "\n\n".join(
                filter(None, [keep.notes, header + "\n" + "\n".join(kept_aside)])
            )
        _repoint_greenhouse_links(merge.pk, keep.pk)
        from panelist.fairness.services import move_for_merge

        move_for_merge(keep=keep, merge=merge)  # the answers would go with the duplicate
        description = (
            f"Merged the duplicate record of {merge.name} <{merge.email or 'no e-mail'}>, "
            f"added {merge.created_at:%d %b %Y}, into {keep.name}; "
            f"{moved} application{'s' if moved != 1 else ''} moved with their committees, "
            "scorecards and timelines"
        )[:MERGE_EVENT_MAX_CHARS]
        merge.delete()
        if keep.unmerged_duplicate and not _holds_email_elsewhere(keep):
            keep.unmerged_duplicate = False
        keep.version += 1
        keep.save()
        ApplicationEvent.objects.bulk_create(
            ApplicationEvent(
                application=application, actor=actor, kind=EventKind.MERGED, description=description
            )
            for application in Application.objects.filter(candidate=keep)
        )
    return keep


def _holds_email_elsewhere(keep: Candidate) -> bool:
    """Whether another unmarked candidate still holds ``keep``'s e-mail, so ``keep`` must stay
    marked as a duplicate for the constraint to hold."""
    return (
        Candidate.objects.alias(email_lower=Lower("email"))
        .filter(email_lower=Lower(Value(keep.email)), unmerged_duplicate=False)
        .exclude(pk=keep.pk)
        .exists()
    )


def _repoint_greenhouse_links(old_pk: int, new_pk: int) -> None:
    """A Greenhouse candidate linked to the merged record now means the kept one, so that a
    second import adds to it instead of recreating the duplicate."""
    from panelist.greenhouse.models import GreenhouseLink, LinkKind

    GreenhouseLink.objects.filter(kind=LinkKind.CANDIDATE, object_id=old_pk).update(
        object_id=new_pk
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
    """Write a new stage and when it changed; callers hold the row lock and record the event.
    Closing the application (withdrawn, decided) cancels its interviews still to come."""
    closing = stage in CLOSED_STAGES and application.stage not in CLOSED_STAGES
    webhooks.emit(
        "application.stage_changed",
        application_id=application.pk,
        opening_id=application.opening_id,
        stage=str(stage),
        previous_stage=str(application.stage),
    )
    application.stage = stage
    application.stage_changed_at = timezone.now()
    application.version = F("version") + 1
    application.save(update_fields=["stage", "stage_changed_at", "version"])
    application.refresh_from_db(fields=["version"])
    if closing:
        notifications.interviews_cancel_for_closed(application=application)


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
        webhooks.emit(
            "application.created",
            application_id=application.pk,
            candidate_id=candidate.pk,
            opening_id=opening.pk,
            stage=str(application.stage),
        )
        record_event(
            application=application,
            actor=actor,
            kind=EventKind.APPLIED,
            description=f"{candidate} added to {opening.title}",
        )
    return application


def application_move(
    *, actor, application: Application, stage: Stage, expected_version: int | None = None
) -> Application:
    """Move an application to another stage. With ``expected_version`` (the API's If-Match),
    a move based on an older version of the application is refused."""
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
        if expected_version is not None and current.version != expected_version:
            raise StaleVersion(
                "This application changed since you read it; nothing was moved. Read it "
                "again, then move it.",
                current_version=current.version,
            )
        if stage == current.stage:
            return application
        previous = current.get_stage_display()
        application.stage = current.stage  # the copy read earlier may be stale
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
    from panelist.hiring.models import PRE_DEBRIEF_STAGES
    from panelist.hiring.selectors import committee_is_complete

    if application.stage not in PRE_DEBRIEF_STAGES:
        return False
    if not committee_is_complete(application.pk):
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
