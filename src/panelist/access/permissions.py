"""The one permission layer: who may see and do what.

Every page, API endpoint, export and command asks these functions; nothing else decides
visibility. Reads are filtered in the queryset (``*_visible_to``), so a record outside a
user's reach is simply not found and the caller answers 404, never 403: the existence of a
candidate or a scorecard is itself personal information.

The blind rule lives in ``scorecards_visible_to``: a committee member sees another member's
scorecard on a candidate only once every one of their own scorecards on that candidate is
submitted (organisation setting ``after_own``), or never, or always. The opening's hiring
manager reads every submitted scorecard, and is bound by the rule too when they sit on the
committee. Admins configure; they read scorecards only in one of those two capacities.
Drafts are seen by their author only. Who sits on a committee and whether each member has
submitted is not scorecard content: anyone who sees the application sees it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from django.db.models import Count, Exists, Model, OuterRef, Q, QuerySet
from django.http import Http404

from panelist.access.models import BlindMode, OrganisationSettings, Role

if TYPE_CHECKING:
    from panelist.access.models import User
    from panelist.hiring.models import Application, Opening

M = TypeVar("M", bound=Model)


def is_admin(user: User) -> bool:
    return user.is_active and (user.is_superuser or user.role == Role.ADMIN)


def is_recruiter(user: User) -> bool:
    return user.is_active and user.role == Role.RECRUITER


def is_hiring_manager(user: User) -> bool:
    return user.is_active and user.role == Role.HIRING_MANAGER


def sees_whole_pipeline(user: User) -> bool:
    """Admins and recruiters run the pipeline, so they see every opening and candidate."""
    return is_admin(user) or is_recruiter(user)


# --- reads -------------------------------------------------------------------------------


def openings_visible_to(user: User) -> QuerySet[Opening]:
    from panelist.hiring.models import Opening

    if not user.is_authenticated or not user.is_active:
        return Opening.objects.none()
    if sees_whole_pipeline(user):
        return Opening.objects.all()
    return Opening.objects.filter(
        Q(hiring_manager=user)
        | Exists(_assignments_of(user).filter(application__opening=OuterRef("pk")))
    )


def applications_visible_to(user: User) -> QuerySet[Application]:
    from panelist.hiring.models import Application

    if not user.is_authenticated or not user.is_active:
        return Application.objects.none()
    if sees_whole_pipeline(user):
        return Application.objects.all()
    return Application.objects.filter(
        Q(opening__hiring_manager=user)
        | Exists(_assignments_of(user).filter(application=OuterRef("pk")))
    )


def candidates_visible_to(user: User):
    from panelist.hiring.models import Candidate

    if not user.is_authenticated or not user.is_active:
        return Candidate.objects.none()
    if sees_whole_pipeline(user):
        return Candidate.objects.all()
    return Candidate.objects.filter(
        Exists(applications_visible_to(user).filter(candidate=OuterRef("pk")))
    )


def assignments_visible_to(user: User):
    from panelist.interviews.models import Assignment

    if not user.is_authenticated or not user.is_active:
        return Assignment.objects.none()
    if sees_whole_pipeline(user):
        return Assignment.objects.all()
    return Assignment.objects.filter(Q(member=user) | Q(application__opening__hiring_manager=user))


def scorecards_visible_to(user: User):
    """Scorecards whose ratings, evidence, flags and recommendation ``user`` may read."""
    from panelist.interviews.models import Scorecard, ScorecardStatus

    if not user.is_authenticated or not user.is_active:
        return Scorecard.objects.none()

    own = Q(assignment__member=user)
    same_application = {"application": OuterRef("assignment__application")}
    holds_assignment = Exists(_assignments_of(user).filter(**same_application))
    holds_unsubmitted = Exists(
        _assignments_of(user)
        .filter(**same_application)
        .exclude(scorecard__status=ScorecardStatus.SUBMITTED)
    )

    blind_mode = OrganisationSettings.current().blind_mode
    if blind_mode == BlindMode.ALWAYS:
        as_member = holds_assignment
        overseer_still_blind = Q(pk__in=[])
    elif blind_mode == BlindMode.AFTER_OWN:
        as_member = holds_assignment & ~holds_unsubmitted
        overseer_still_blind = holds_unsubmitted
    else:
        as_member = Q(pk__in=[])
        overseer_still_blind = holds_unsubmitted

    as_overseer = Q(assignment__application__opening__hiring_manager=user) & ~overseer_still_blind

    return Scorecard.objects.filter(
        own | (Q(status=ScorecardStatus.SUBMITTED) & (as_member | as_overseer))
    )


def recommendations_visible_to(user: User):
    """Submitted scorecards whose recommendation (and nothing else) ``user`` may read.

    Recruiters see the committee's go/no-go to run the pipeline, but not ratings, evidence or
    flags; callers must read only the recommendation and the member from these rows.
    """
    from panelist.interviews.models import Scorecard, ScorecardStatus

    if is_recruiter(user):
        return Scorecard.objects.filter(
            status=ScorecardStatus.SUBMITTED,
            assignment__application__in=applications_visible_to(user),
        )
    return scorecards_visible_to(user).filter(status=ScorecardStatus.SUBMITTED)


def still_blind_on(user: User, application: Application) -> bool:
    """Whether ``user`` holds an assignment on the application with a scorecard not yet
    submitted. Until then, nothing derived from the others' scorecards is theirs to see: not
    the committee's recommendation, its notes, or the timeline entry that records it."""
    from panelist.interviews.models import ScorecardStatus

    return (
        _assignments_of(user)
        .filter(application=application)
        .exclude(scorecard__status=ScorecardStatus.SUBMITTED)
        .exists()
    )


def blind_application_ids(user: User, application_ids) -> set[int]:
    """``still_blind_on`` for many applications in one query."""
    from panelist.interviews.models import ScorecardStatus

    return set(
        _assignments_of(user)
        .filter(application__in=application_ids)
        .exclude(scorecard__status=ScorecardStatus.SUBMITTED)
        .values_list("application_id", flat=True)
    )


def reads_committee_notes(user: User, application: Application) -> bool:
    """The committee's notes weigh evidence and flags: not for recruiters, nor while blind."""
    return not is_recruiter(user) and not still_blind_on(user, application)


def reads_decision_rationale(user: User, application: Application) -> bool:
    """The rationale may weigh what the committee wrote: not for a member still writing."""
    return not still_blind_on(user, application)


def reads_scorecard_content(user: User) -> bool:
    """Whether the user's role may ever read ratings, evidence and flags (recruiters may not)."""
    return user.is_authenticated and not is_recruiter(user)


def reads_calibration(user: User) -> bool:
    """The interviewer page (leniency, agreement, timeliness of every interviewer) is for
    administrators and hiring managers."""
    return user.is_authenticated and user.is_active and (is_admin(user) or is_hiring_manager(user))


def applications_with_committee_complete():
    """Applications with a committee whose every member has submitted: nobody is blind on
    them any more. Calibration reads only these, so what it derives from the scorecards
    (leniencies, calibrated scores, agreement) reaches no one before their own submission."""
    from panelist.hiring.models import Application
    from panelist.interviews.models import Assignment, ScorecardStatus

    pending = Assignment.objects.filter(application=OuterRef("pk")).exclude(
        scorecard__status=ScorecardStatus.SUBMITTED
    )
    return Application.objects.filter(
        Exists(Assignment.objects.filter(application=OuterRef("pk")))
    ).exclude(Exists(pending))


def calibrated_applications(user: User, application_ids) -> set[int]:
    """Of ``application_ids``, those whose calibrated scores ``user`` may read: those where
    they read every submitted scorecard, so that a figure computed from all of them tells
    nothing the blind rule hides."""
    from panelist.interviews.models import Scorecard, ScorecardStatus

    if not reads_scorecard_content(user):
        return set()
    submitted = Q(assignment__application__in=application_ids, status=ScorecardStatus.SUBMITTED)
    readable = dict(
        scorecards_visible_to(user)
        .filter(submitted)
        .values("assignment__application")
        .annotate(n=Count("pk"))
        .values_list("assignment__application", "n")
    )
    total = dict(
        Scorecard.objects.filter(submitted)
        .values("assignment__application")
        .annotate(n=Count("pk"))
        .values_list("assignment__application", "n")
    )
    return {pk for pk, n in total.items() if readable.get(pk) == n}


def teams_visible_to(user: User):
    """Teams whose skill inventory the user may read: their own, those they hire for, and all
    of them for admins and recruiters."""
    from panelist.teams.models import Team

    if not user.is_authenticated or not user.is_active:
        return Team.objects.none()
    if sees_whole_pipeline(user):
        return Team.objects.all()
    return Team.objects.filter(Q(members=user) | Q(openings__hiring_manager=user)).distinct()


def _assignments_of(user: User):
    from panelist.interviews.models import Assignment

    return Assignment.objects.filter(member=user)


def get_visible_or_404(queryset: QuerySet[M], **lookup) -> M:
    """Fetch one record from an already-authorised queryset; out of reach reads as absent."""
    try:
        return queryset.get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404(f"No {queryset.model._meta.verbose_name} found.") from None


# --- actions -----------------------------------------------------------------------------


def can_open_openings(user: User) -> bool:
    return is_admin(user) or is_hiring_manager(user)


def can_edit_opening(user: User, opening: Opening) -> bool:
    return is_admin(user) or (is_hiring_manager(user) and opening.hiring_manager_id == user.pk)


def can_manage_candidates(user: User) -> bool:
    return is_admin(user) or is_recruiter(user)


def can_assign_committee(user: User, application: Application) -> bool:
    return can_edit_opening(user, application.opening)


def can_decide(user: User, application: Application) -> bool:
    """Only the opening's own hiring manager decides; an admin configures, but does not hire."""
    return is_hiring_manager(user) and application.opening.hiring_manager_id == user.pk


def can_configure_library(user: User) -> bool:
    return is_admin(user)


def can_run_calibration(user: User) -> bool:
    return is_admin(user)


# --- candidates' notes and records (issue 10, points 14 and 15) ----------------------------


def can_manage_candidate(user: User, candidate) -> bool:
    """Who runs this candidate's pipeline, and so reads and edits their notes: recruiters and
    admins (every candidate), and the hiring manager of an opening the candidate is on (they
    move them through its stages). Committee members do not: notes are not evidence."""
    if can_manage_candidates(user):
        return True
    return (
        is_hiring_manager(user)
        and candidate.applications.filter(opening__hiring_manager=user).exists()
    )


def reads_candidate_notes(user: User, application: Application) -> bool:
    """``can_manage_candidate`` on an application's page, without a query."""
    return can_manage_candidates(user) or can_edit_opening(user, application.opening)
