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
Recruiters read what the organisation grants them (``OrganisationSettings.recruiter_access``):
nothing by default, each member's go/no-go, or every submitted scorecard; never a draft, and
the blind rule binds them too when they sit on a committee. Drafts are seen by their author
only. Who sits on a committee and whether each member has submitted is not scorecard content:
anyone who sees the application sees it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from django.conf import settings
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.lookups import IsNull
from django.http import Http404

from panelist.access.models import BlindMode, OrganisationSettings, RecruiterAccess, Role

if TYPE_CHECKING:
    from panelist.access.models import User
    from panelist.hiring.models import Application, Opening

M = TypeVar("M", bound=Model)


def is_admin(user: User) -> bool:
    return user.is_active and (user.is_superuser or user.role == Role.ADMIN)


def requires_two_factor(user: User) -> bool:
    """Admins sign in with a second factor (unless the installation turned that off), and
    everyone does when the organisation setting says so."""
    if is_admin(user) and settings.PANELIST_TWO_FACTOR_FOR_ADMINS:
        return True
    return OrganisationSettings.current().two_factor_for_everyone


def is_recruiter(user: User) -> bool:
    return user.is_active and user.role == Role.RECRUITER


def is_hiring_manager(user: User) -> bool:
    return user.is_active and user.role == Role.HIRING_MANAGER


def can_state_coaching(user: User) -> bool:
    """Who says what they are willing to coach or mentor: hiring managers, admins, and any
    member of a team (the whole team coaches a new hire, not only its manager)."""
    if not user.is_active:
        return False
    return is_hiring_manager(user) or is_admin(user) or user.memberships.exists()


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


def own_assignments(user: User):
    """The user's own committee assignments: always within their reach."""
    from panelist.interviews.models import Assignment

    if not user.is_authenticated or not user.is_active:
        return Assignment.objects.none()
    return Assignment.objects.filter(member=user)


def scorecards_visible_to(user: User):
    """Scorecards whose ratings, evidence, flags and recommendation ``user`` may read."""
    from panelist.interviews.models import Scorecard, ScorecardStatus

    if not user.is_authenticated or not user.is_active:
        return Scorecard.objects.none()

    own = Q(assignment__member=user)
    same_application = {"application": OuterRef("assignment__application")}
    holds_assignment = _exists_row_by_row(_assignments_of(user).filter(**same_application))
    holds_unsubmitted = _exists_row_by_row(
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
    if is_recruiter(user) and recruiter_access() == RecruiterAccess.EVERYTHING:
        as_overseer |= _as_granted_recruiter(user, overseer_still_blind)

    return Scorecard.objects.filter(
        own | (Q(status=ScorecardStatus.SUBMITTED) & (as_member | as_overseer))
    )


def _exists_row_by_row(queryset: QuerySet) -> Q:
    """``EXISTS (queryset)`` for a queryset correlated with the row being filtered, written so
    that PostgreSQL asks it of each row (an index lookup) rather than first building the set
    of every row it could match.

    Given an EXISTS, PostgreSQL may plan it "hashed": collect every match for the reader once
    (every assignment of a manager who sits on 10,000 committees, joined to every scorecard),
    then probe that set per row. It chooses from the rows the whole query would return, even
    when a page or a bounded count reads 50 or 1,000 of them, so a page of scorecards grew
    with the organisation. A scalar subquery (its first id, or NULL) is never hashed. The
    rule is the same: the subquery matches a row or it does not. Reads of every row a reader
    may see (a whole-organisation export) pay a lookup per row instead, about five times the
    hashed cost; the pages, lists and export chunks, which read a bounded set, are flat.
    """
    return Q(IsNull(Subquery(queryset.order_by().values("pk")[:1]), False))


def recruiter_access() -> RecruiterAccess:
    """What the organisation lets recruiters read of submitted scorecards."""
    return RecruiterAccess(OrganisationSettings.current().recruiter_access)


def _as_granted_recruiter(user: User, still_blind: Q) -> Q:
    """A granted recruiter reads submitted scorecards on the applications they see, except
    where they sit on the committee and have not submitted yet (the blind rule binds them)."""
    return Q(assignment__application__in=applications_visible_to(user)) & ~still_blind


def recommendations_visible_to(user: User):
    """Submitted scorecards whose recommendation (and nothing else) ``user`` may read.

    A recruiter granted "recommendations only" reads each member's go/no-go here but no
    ratings, evidence or flags; callers must read only the recommendation and the member from
    these rows. A recruiter granted nothing reads none.
    """
    from panelist.interviews.models import Scorecard, ScorecardStatus

    if is_recruiter(user) and recruiter_access() == RecruiterAccess.RECOMMENDATIONS:
        still_blind = Exists(
            _assignments_of(user)
            .filter(application=OuterRef("assignment__application"))
            .exclude(scorecard__status=ScorecardStatus.SUBMITTED)
        )
        return Scorecard.objects.filter(
            Q(status=ScorecardStatus.SUBMITTED) & _as_granted_recruiter(user, still_blind)
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


def reads_committee_notes(user: User, application: Application, *, reach=None) -> bool:
    """The committee's notes weigh evidence and flags: not while blind, not for a recruiter
    the organisation has not granted every scorecard, not for an admin off the committee.
    ``reach``: the reader's ``Reach`` on the application, when the caller already has it."""
    if reach.blind if reach is not None else still_blind_on(user, application):
        return False
    if is_recruiter(user):
        return reads_scorecard_content(user)
    if is_admin(user):
        if reach is not None:
            return reach.member
        return _assignments_of(user).filter(application=application).exists()
    return True


def reads_decision_rationale(user: User, application: Application, *, reach=None) -> bool:
    """The rationale may weigh what the committee wrote: not for a member still writing.
    ``reach``: the reader's ``Reach`` on the application, when the caller already has it."""
    return not (reach.blind if reach is not None else still_blind_on(user, application))


def reads_scorecard_content(user: User) -> bool:
    """Whether the user's role may ever read ratings, evidence and flags: recruiters only when
    the organisation grants them everything."""
    if not user.is_authenticated or not user.is_active:
        return False
    return not is_recruiter(user) or recruiter_access() == RecruiterAccess.EVERYTHING


def reads_recommendations(user: User) -> bool:
    """Whether the user's role may ever read members' go/no-go: recruiters only when granted."""
    if not user.is_authenticated or not user.is_active:
        return False
    return not is_recruiter(user) or recruiter_access() != RecruiterAccess.NONE


# Why a reader cannot read the committee's submitted scorecards on an application. The texts
# complete "go/no-go: …" and "flags: …" on the pages.
HIDDEN_UNTIL_OWN = "hidden until you submit yours"
HIDDEN_FROM_RECRUITERS = "visible to the committee and the hiring manager"
HIDDEN_FROM_MEMBERS = "each member reads only their own scorecard in this organisation"
HIDDEN_OFF_COMMITTEE = "read by the committee and the opening's hiring manager"


@dataclass(frozen=True)
class Reach:
    """What one reader reads of the submitted scorecards on one application.

    ``content`` and ``recommendations`` are true only when the reader reads every submitted
    scorecard (in full, or its go/no-go): a figure computed from part of them would pass a
    hidden count off as zero. When false, ``hidden`` says why, in words for the page.
    """

    assigned: int
    submitted: int
    content: bool
    recommendations: bool
    hidden: str | None
    blind: bool = False  # the reader sits on the committee and has not submitted yet
    member: bool = False  # the reader sits on the committee


def scorecard_reach(user: User, application_ids) -> dict[int, Reach]:
    """``Reach`` per application, in one query: per application, the assignments, the
    submitted scorecards, those the reader reads, and the reader's own assignments."""
    from panelist.interviews.models import Assignment, ScorecardStatus

    ids = list(application_ids)
    if not ids:
        return {}
    submitted = Q(scorecard__status=ScorecardStatus.SUBMITTED)
    content_role, recommendations_role = reads_scorecard_content(user), reads_recommendations(user)
    mine = Q(member=user.pk) if user.is_authenticated else Q(pk__in=[])
    counted = {
        "assigned": Count("pk"),
        "submitted": Count("pk", filter=submitted),
        "own": Count("pk", filter=mine),
        "own_unsubmitted": Count("pk", filter=mine & (Q(scorecard__isnull=True) | ~submitted)),
    }
    # Whether the reader may read each assignment's scorecard is asked of that scorecard by
    # its id (a correlated EXISTS). Asked as "IN (the reader's readable scorecards)", SQLite's
    # planner, which keeps no statistics, built that whole set first by walking every
    # submitted scorecard of the organisation, even with the set bounded to these
    # applications: the debrief grew with the organisation.
    this_scorecard = {"pk": OuterRef("scorecard")}
    if content_role:
        readable = Exists(scorecards_visible_to(user).filter(**this_scorecard))
        counted["content"] = Count("pk", filter=submitted & readable)
    if recommendations_role:
        counted["recommendations"] = (
            counted["content"]  # the same rows: the reader reads whole scorecards
            if content_role and not is_recruiter(user)
            else Count(
                "pk",
                filter=submitted
                & Exists(recommendations_visible_to(user).filter(**this_scorecard)),
            )
        )
    counts = {
        row["application"]: row
        for row in Assignment.objects.filter(application__in=ids)
        .values("application")
        .annotate(**counted)
        .order_by()
    }
    own = {  # application -> blind (the reader holds an assignment not yet submitted on it)
        pk: row["own_unsubmitted"] > 0 for pk, row in counts.items() if row["own"]
    }
    never = OrganisationSettings.current().blind_mode == BlindMode.NEVER
    reach = {}
    for pk in ids:
        row = counts.get(pk, {})
        total = row.get("submitted", 0)
        reads_all = content_role and row.get("content", 0) == total
        reads_votes = recommendations_role and row.get("recommendations", 0) == total
        blind = own.get(pk, False)
        hidden = None
        if not (reads_all and reads_votes):
            if blind:
                hidden = HIDDEN_UNTIL_OWN
            elif is_recruiter(user):
                hidden = HIDDEN_FROM_RECRUITERS
            elif never and pk in own:
                hidden = HIDDEN_FROM_MEMBERS
            else:
                hidden = HIDDEN_OFF_COMMITTEE
        reach[pk] = Reach(
            row.get("assigned", 0), total, reads_all, reads_votes, hidden, blind, pk in own
        )
    return reach


def scorecards_read_in_full(reach: dict[int, Reach]):
    """The submitted scorecards of the applications on which ``reach`` (``scorecard_reach``
    of the reader) says the reader reads every submitted scorecard in full.

    The same rows as ``scorecards_visible_to(user)`` restricted to those applications and to
    submitted scorecards, without asking the rule again of each scorecard: ``scorecard_reach``
    has asked it once per application. Asked again per scorecard (a correlated EXISTS with
    the blind rule's own EXISTS inside), a 500-application chunk of an export spent most of
    its time on PostgreSQL re-proving what the reach already said.
    """
    from panelist.interviews.models import Scorecard

    return _submitted_of(Scorecard.objects, [pk for pk, r in reach.items() if r.content])


def recommendations_read_in_full(reach: dict[int, Reach]):
    """The submitted scorecards of the applications on which ``reach`` says the reader reads
    every member's go/no-go: as ``recommendations_visible_to``, callers read only the
    recommendation and the member from these rows."""
    from panelist.interviews.models import Scorecard

    return _submitted_of(Scorecard.objects, [pk for pk, r in reach.items() if r.recommendations])


def _submitted_of(scorecards, application_ids):
    """The submitted ``scorecards`` of ``application_ids``, found through the applications'
    assignments. The status is asked of each scorecard found (a ``CASE``), not through an
    index: SQLite, which keeps no statistics, took the (status, submitted_at) index and walked
    every submitted scorecard of the organisation in order to find these few (11 ms at 50,000
    scorecards for one candidate's five)."""
    from panelist.interviews.models import ScorecardStatus

    return scorecards.alias(
        is_submitted=Case(
            When(status=ScorecardStatus.SUBMITTED, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    ).filter(is_submitted=True, assignment__application__in=application_ids)


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


def can_record_skill_readings(user: User, team) -> bool:
    """Admins, and hiring managers who belong to the team, keep its skill inventory."""
    if not user.is_authenticated or not user.is_active:
        return False
    if is_admin(user):
        return True
    return is_hiring_manager(user) and team.memberships.filter(user=user).exists()


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


def header_counts_for(user: User) -> frozenset[str]:
    """Which "waiting on you" counts the site header shows ``user`` (values of
    ``hiring.selectors.Needs``): their own scorecards to write for anyone who may sit on a
    committee, candidates ready for debrief for whoever moves them there (recruiters, admins,
    hiring managers), decisions waiting for the hiring managers who make them. Each count is
    of applications the user sees anyway; none reads a scorecard's content."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    shown = set()
    if not is_recruiter(user):
        shown.add("scorecard")
    if can_manage_candidates(user) or is_hiring_manager(user):
        shown.add("ready")
    if is_hiring_manager(user):
        shown.add("decide")
    return frozenset(shown)


def can_assign_committee(user: User, application: Application) -> bool:
    return can_edit_opening(user, application.opening)


def can_record_committee_recommendation(user: User, application: Application) -> bool:
    """The opening's own hiring manager records what the committee recommends; an admin
    configures, and does not speak for another manager's committee."""
    return is_hiring_manager(user) and application.opening.hiring_manager_id == user.pk


def can_decide(user: User, application: Application) -> bool:
    """Only the opening's own hiring manager decides; an admin configures, but does not hire."""
    return is_hiring_manager(user) and application.opening.hiring_manager_id == user.pk


def can_configure_library(user: User) -> bool:
    return is_admin(user)


def can_manage_webhooks(user: User) -> bool:
    """Webhooks send events about the whole pipeline to other systems: admins configure them."""
    return is_admin(user)


def webhook_subscriptions_visible_to(user: User):
    from panelist.webhooks.models import Subscription

    if not user.is_authenticated or not can_manage_webhooks(user):
        return Subscription.objects.none()
    return Subscription.objects.all()


def can_run_calibration(user: User) -> bool:
    return is_admin(user)


def reads_audit_log(user: User) -> bool:
    """The audit log (who signed in from where, who exported what) is for admins."""
    return user.is_authenticated and is_admin(user)


def can_sync_greenhouse(user: User) -> bool:
    """The Greenhouse sync writes openings, candidates and scorecards for every team: admins."""
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


# --- the candidate's side (issue 16) --------------------------------------------------------


def can_send_candidate_link(user: User, application: Application) -> bool:
    """Who runs the candidate's pipeline sends them their private link and revokes it."""
    return can_manage_candidates(user) or can_edit_opening(user, application.opening)


def candidate_files_visible_to(user: User):
    """Files a candidate sent that ``user`` may download: admins all; the opening's hiring
    manager all of their opening's; a committee member of the application the files they need
    (seminar members the slides and papers, every member the CV and other documents).
    Recruiters see that a file arrived (its name and size), not the file, unless they sit on
    the committee."""
    from panelist.interviews.models import Assignment
    from panelist.portal.materials import SEMINAR_DIMENSIONS
    from panelist.portal.models import SEMINAR_FILE_KINDS, CandidateFile

    if not user.is_authenticated or not user.is_active:
        return CandidateFile.objects.none()
    if is_admin(user):
        return CandidateFile.objects.all()
    on_committee = Assignment.objects.filter(member=user, application=OuterRef("application"))
    seminar_member = Exists(on_committee.filter(dimensions__key__in=SEMINAR_DIMENSIONS))
    seminar_file = Q(kind__in=SEMINAR_FILE_KINDS)
    return CandidateFile.objects.filter(
        Q(application__opening__hiring_manager=user)
        | (seminar_file & seminar_member)
        | (~seminar_file & Exists(on_committee))
    )


def can_manage_candidate_privacy(user: User) -> bool:
    """Erasing a candidate, producing their copy, legal holds and the retention preview: admins."""
    return user.is_authenticated and is_admin(user)


# --- fairness (issue 17) ------------------------------------------------------------------


def reads_fairness_report(user: User) -> bool:
    """The compliance capability: an admin granted the permission
    ``fairness.read_fairness_report`` (in the administration, on the user's page) reads the
    adverse-impact report, which counts self-identified answers per group. Nobody, compliance
    included, reads one candidate's answers: no page, API, export or e-mail shows them."""
    from panelist.fairness.models import READ_REPORT_PERMISSION

    return user.is_authenticated and is_admin(user) and user.has_perm(READ_REPORT_PERMISSION)


# --- how hires turned out (issue 17, quality of hire and predictive validity) --------------


def hires_visible_to(user: User):
    """Hire decisions whose start date and reviews ``user`` may read: every one for admins,
    those of their own openings for hiring managers, none for anyone else. A review weighs a
    person's work after hiring; committee members and recruiters do not read it."""
    from panelist.decisions.models import Decision, Outcome

    if not user.is_authenticated or not user.is_active:
        return Decision.objects.none()
    hires = Decision.objects.filter(outcome=Outcome.HIRE)
    if is_admin(user):
        return hires
    if is_hiring_manager(user):
        return hires.filter(application__opening__hiring_manager=user)
    return Decision.objects.none()


def reads_hires(user: User) -> bool:
    """Who has the Hires page and the validity page at all."""
    return user.is_authenticated and user.is_active and (is_admin(user) or is_hiring_manager(user))


def can_record_hire_start(user: User, application: Application) -> bool:
    """The day a hire started: the opening's hiring manager, or an admin (often told first)."""
    return can_edit_opening(user, application.opening)


def can_review_hire(user: User, application: Application) -> bool:
    """Only the opening's own hiring manager writes the 6- and 12-month reviews."""
    return is_hiring_manager(user) and application.opening.hiring_manager_id == user.pk
