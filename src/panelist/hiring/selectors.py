"""Reads of openings, candidates and applications, already authorised and prefetched."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import models
from django.db.models import (
    Count,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
)
from django.utils import timezone

from panelist.access.permissions import applications_visible_to, openings_visible_to
from panelist.core.paging import count_subquery, count_up_to
from panelist.hiring.models import (
    OPEN_STAGES,
    READY_FOR_DEBRIEF,
    Application,
    Opening,
    Stage,
)
from panelist.hiring.search import applications_matching


def openings_managed_by(user) -> QuerySet[Opening]:
    """The user's own openings, their status then the newest first."""
    return (
        openings_visible_to(user)
        .filter(hiring_manager=user)
        .select_related("team", "target_level")
        .order_by("status", "-created_at", "-id")
    )


def opening_counts(opening_ids, *, ready_cap: int) -> dict[int, dict[str, int]]:
    """For each of ``opening_ids`` (a page of openings), in one query: its applications still
    in play, their committee members' scorecards not yet submitted, and how many are ready for
    debrief, counted up to one past ``ready_cap`` (those are many where they are many)."""
    from panelist.interviews.models import Assignment

    this_opening = OuterRef("pk")
    ready = Application.objects.filter(opening=this_opening).filter(READY_FOR_DEBRIEF)
    rows = (
        Opening.objects.filter(pk__in=list(opening_ids))
        .annotate(
            active=count_subquery(
                Application.objects.filter(opening=this_opening, stage__in=OPEN_STAGES)
            ),
            pending=count_subquery(
                Assignment.objects.filter(
                    submitted=False,
                    application__opening=this_opening,
                    application__stage__in=OPEN_STAGES,
                )
            ),
            ready=count_up_to(ready, ready_cap),
        )
        .values_list("pk", "active", "pending", "ready")
    )
    return {
        pk: {"active": active, "pending": pending, "ready": ready}
        for pk, active, pending, ready in rows
    }


def ready_for_debrief(application_ids) -> set[int]:
    """Of ``application_ids``, those whose whole committee has submitted while they still wait
    before the debrief stage. Who has submitted is not scorecard content: anyone who sees the
    application may see that it is ready."""
    return set(
        Application.objects.filter(READY_FOR_DEBRIEF, pk__in=list(application_ids)).values_list(
            "pk", flat=True
        )
    )


def committee_is_complete(application_id: int) -> bool:
    """Whether the application's committee is complete, as stored beside it
    (``Application.committee_complete``, kept by ``interviews.services``)."""
    return Application.objects.filter(pk=application_id, committee_complete=True).exists()


def application_detail(user, application_id: int) -> Application:
    from panelist.access.permissions import get_visible_or_404

    return get_visible_or_404(
        applications_visible_to(user).select_related(
            "candidate",
            "opening__team",
            "opening__target_level",
            "opening__hiring_manager",
            "decision__level",
            "decision__decided_by",
            "committee_recommendation",
        ),
        pk=application_id,
    )


def timeline(user, application: Application, *, blind: bool | None = None):
    """The application's steps as ``user`` may see them: a member still writing their own
    scorecard does not see the committee's recommendation being recorded. ``blind``: whether
    they still are (``Reach.blind``), when the caller already knows."""
    from panelist.access.permissions import still_blind_on
    from panelist.hiring.models import EventKind

    events = application.events.select_related("actor")
    if blind if blind is not None else still_blind_on(user, application):
        events = events.exclude(kind=EventKind.COMMITTEE)
    return events


# --- duplicate candidates (issue 10, point 15) ---------------------------------------------


def possible_duplicates(candidate) -> list:
    """Other candidates that may be the same person: the same e-mail in another case (left
    from before e-mails were unique), or a name that looks alike. Applications prefetched."""
    from django.db.models import Value
    from django.db.models.functions import Lower

    from panelist.hiring.models import Candidate
    from panelist.hiring.services import candidates_with_similar_name

    same_email = set(
        Candidate.objects.alias(email_lower=Lower("email"))
        .filter(email_lower=Lower(Value(candidate.email)))
        .exclude(email="")
        .exclude(pk=candidate.pk)
        .values_list("pk", flat=True)
    )
    alike = {c.pk for c in candidates_with_similar_name(candidate.name, exclude=candidate)}
    return list(
        Candidate.objects.filter(pk__in=same_email | alike)
        .prefetch_related(_applications_with_openings())
        .order_by("name", "pk")
    )


def candidates_matching(visible, query: str, *, exclude, limit: int) -> list:
    """Visible candidates whose name or e-mail contains ``query``, at most ``limit``."""
    query = query.strip()
    return list(
        visible.filter(Q(name__icontains=query) | Q(email__icontains=query))
        .exclude(pk=exclude.pk)
        .prefetch_related(_applications_with_openings())
        .order_by("name", "pk")[:limit]
    )


def _applications_with_openings():
    return Prefetch("applications", queryset=Application.objects.select_related("opening"))


# --- lists that scale (issue 11, point 1) ---------------------------------------------------


class Needs(models.TextChoices):
    ME = "me", "Waiting on me"
    SCORECARD = "scorecard", "My scorecards to write"
    READY = "ready", "Ready for debrief"
    DECIDE = "decide", "Waiting for my decision"
    OVERDUE = "overdue", "Scorecards overdue"


@dataclass(frozen=True)
class ApplicationQuery:
    """What a reader asks of the applications list; every part optional."""

    text: str = ""
    opening: Opening | None = None
    stage: str = ""
    status: str = ""  # the opening's status
    added_from: date | None = None
    added_until: date | None = None
    needs: str = ""


def applications_list(user, query: ApplicationQuery = ApplicationQuery()) -> QuerySet[Application]:
    """The applications ``user`` sees that match ``query``, newest first."""
    applications = applications_visible_to(user)
    if query.text:
        applications = applications_matching(applications, query.text)
    if query.opening is not None:
        applications = applications.filter(opening=query.opening)
    if query.stage:
        applications = applications.filter(stage=query.stage)
    if query.status:
        applications = applications.filter(opening__status=query.status)
    if query.added_from:
        applications = applications.filter(created_at__gte=_start_of(query.added_from))
    if query.added_until:
        applications = applications.filter(
            created_at__lt=_start_of(query.added_until + timedelta(days=1))
        )
    if query.needs:
        applications = applications.filter(_needs(user, Needs(query.needs)))
    return applications.select_related("candidate", "opening").order_by("-created_at", "-id")


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _with_open_scorecards(**assignment_filters) -> Q:
    """Applications with a scorecard still to write among the assignments matching
    ``assignment_filters``: read from the few open assignments (a partial index), not by
    looking into every application in play."""
    from panelist.interviews.models import Assignment

    open_assignments = Assignment.objects.filter(submitted=False, **assignment_filters)
    return Q(pk__in=open_assignments.values("application_id"))


def _needs(user, needs: Needs) -> Q:
    """Applications waiting on someone: ready for debrief (someone moves them on), a scorecard
    past its feedback deadline, or, for ``me``, what waits on this reader: their own scorecard,
    a stage move they may make, and a manager's committee recommendation and decision."""
    from panelist.access import permissions

    in_play = Q(stage__in=OPEN_STAGES)
    if needs == Needs.READY:
        return READY_FOR_DEBRIEF
    if needs == Needs.OVERDUE:
        return in_play & _with_open_scorecards(feedback_due__lt=timezone.now())
    mine = in_play & _with_open_scorecards(member=user)
    if needs == Needs.SCORECARD:
        return mine
    if needs == Needs.DECIDE:
        # At the debrief, the committee's recommendation and the decision are the opening's
        # own hiring manager's to record (permissions.can_decide).
        if not permissions.is_hiring_manager(user):
            return Q(pk__in=[])
        return Q(opening__hiring_manager=user, stage=Stage.DEBRIEF)
    if permissions.can_manage_candidates(user):
        return mine | READY_FOR_DEBRIEF
    if permissions.is_hiring_manager(user):
        own = Q(opening__hiring_manager=user)
        return mine | (own & READY_FOR_DEBRIEF) | (own & Q(stage=Stage.DEBRIEF))
    return mine


def needs_counts(user, wanted, *, cap: int) -> dict[str, int]:
    """How many applications ``user`` sees under each of the ``wanted`` Needs filters, as the
    applications list counts them, each counted up to one past ``cap``, in one query: every
    page's header reads them, so they stop early where many match instead of walking every
    application the user sees."""
    if not wanted:
        return {}
    visible = applications_visible_to(user).order_by()
    counts = {name: count_up_to(visible.filter(_needs(user, Needs(name))), cap) for name in wanted}
    from panelist.access.models import User

    return User.objects.filter(pk=user.pk).order_by().annotate(**counts).values(*wanted)[0]


def stage_counts(applications: QuerySet[Application]) -> dict[Stage, int]:
    """How many of ``applications`` stand at each stage, every stage present, in one query."""
    counted = dict(
        applications.order_by().values("stage").annotate(n=Count("pk")).values_list("stage", "n")
    )
    return {stage: counted.get(stage.value, 0) for stage in Stage}


def mark_ready_for_debrief(applications) -> list[Application]:
    """The applications as a list, each with ``ready_for_debrief`` set, in one query."""
    applications = list(applications)
    ready = ready_for_debrief(a.pk for a in applications)
    for application in applications:
        application.ready_for_debrief = application.pk in ready
    return applications


def opening_page(user, opening_id: int) -> Opening:
    """The opening as its page shows it; its applications are read stage by stage."""
    from panelist.access.permissions import get_visible_or_404

    return get_visible_or_404(
        openings_visible_to(user)
        .select_related("team", "target_level", "hiring_manager", "library_version")
        .prefetch_related("required_skills__skill"),
        pk=opening_id,
    )


STAGE_PAGE_SIZE = 10


@dataclass(frozen=True)
class StageRow:
    stage: Stage
    count: int
    applications: list[Application]

    @property
    def remaining(self) -> int:
        return self.count - len(self.applications)


def stage_applications(user, opening: Opening, stage: Stage) -> QuerySet[Application]:
    """The opening's applications at ``stage`` that ``user`` sees, longest waiting first."""
    return (
        applications_visible_to(user)
        .filter(opening=opening, stage=stage)
        .select_related("candidate")
        .order_by("stage_changed_at", "id")
    )


def opening_stages(user, opening: Opening, *, first: int = STAGE_PAGE_SIZE) -> list[StageRow]:
    """Each stage's count and its first ``first`` applications, in three queries whatever the
    number of candidates: the counts, the first rows of every stage at once, and which of them
    are ready for debrief. Each stage's first rows are a walk along the opening's by-stage
    index that stops after ``first``, not a ranking of every application."""
    visible = applications_visible_to(user).filter(opening=opening)
    counts = stage_counts(visible)
    heads = Q()
    for stage in Stage:
        walk = visible.filter(stage=stage).order_by("stage_changed_at", "id")
        heads |= Q(pk__in=walk.values("pk")[:first])
    heads = mark_ready_for_debrief(
        Application.objects.filter(heads)
        .select_related("candidate")
        .order_by("stage_changed_at", "id")
    )
    by_stage: dict[str, list[Application]] = {stage: [] for stage in Stage.values}
    for application in heads:
        by_stage[application.stage].append(application)
    return [StageRow(stage, counts[stage], by_stage[stage.value]) for stage in Stage]
