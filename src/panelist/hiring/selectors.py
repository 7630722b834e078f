"""Reads of openings, candidates and applications, already authorised and prefetched."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from panelist.access.permissions import applications_visible_to, openings_visible_to
from panelist.hiring.models import OPEN_STAGES, Application, Opening, Stage
from panelist.interviews.models import ScorecardStatus


def openings_managed_by(user) -> QuerySet[Opening]:
    """The user's own openings with the counts a manager's home page shows."""
    return (
        openings_visible_to(user)
        .filter(hiring_manager=user)
        .select_related("team", "target_level")
        .annotate(
            active_applications=Count(
                "applications", filter=Q(applications__stage__in=OPEN_STAGES), distinct=True
            ),
            pending_scorecards=Count(
                "applications__assignments",
                filter=Q(applications__stage__in=OPEN_STAGES)
                & (
                    Q(applications__assignments__scorecard__isnull=True)
                    | Q(applications__assignments__scorecard__status=ScorecardStatus.DRAFT)
                ),
                distinct=True,
            ),
        )
        .order_by("status", "-created_at")
    )


@dataclass(frozen=True)
class StageColumn:
    stage: Stage
    applications: list[Application]


def pipeline(user) -> list[StageColumn]:
    """Visible applications grouped by stage, in the order of the process."""
    applications = (
        applications_visible_to(user)
        .select_related("candidate", "opening", "opening__target_level")
        .order_by("stage_changed_at")
    )
    by_stage: dict[str, list[Application]] = {stage: [] for stage in Stage.values}
    for application in applications:
        by_stage[application.stage].append(application)
    return [StageColumn(Stage(stage), items) for stage, items in by_stage.items()]


PRE_DEBRIEF_STAGES = (Stage.APPLIED, Stage.SCREENING, Stage.INTERVIEWING)


def ready_for_debrief(application_ids) -> set[int]:
    """Of ``application_ids``, those whose whole committee has submitted while they still wait
    before the debrief stage. Who has submitted is not scorecard content: anyone who sees the
    application may see that it is ready."""
    from panelist.access.permissions import applications_with_committee_complete

    return set(
        applications_with_committee_complete()
        .filter(pk__in=list(application_ids), stage__in=PRE_DEBRIEF_STAGES)
        .values_list("pk", flat=True)
    )


def ready_for_debrief_by_opening(opening_ids) -> dict[int, int]:
    """How many applications of each opening are ready for debrief (see above)."""
    from panelist.access.permissions import applications_with_committee_complete

    return dict(
        applications_with_committee_complete()
        .filter(opening__in=list(opening_ids), stage__in=PRE_DEBRIEF_STAGES)
        .values("opening")
        .annotate(n=Count("pk"))
        .values_list("opening", "n")
    )


def opening_detail(user, opening_id: int) -> Opening:
    from panelist.access.permissions import get_visible_or_404

    applications = applications_visible_to(user).select_related("candidate").order_by("stage")
    return get_visible_or_404(
        openings_visible_to(user)
        .select_related("team", "target_level", "hiring_manager", "library_version")
        .prefetch_related(
            "required_skills__skill",
            Prefetch("applications", queryset=applications, to_attr="visible_applications"),
        ),
        pk=opening_id,
    )


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


def timeline(user, application: Application):
    """The application's steps as ``user`` may see them: a member still writing their own
    scorecard does not see the committee's recommendation being recorded."""
    from panelist.access.permissions import still_blind_on
    from panelist.hiring.models import EventKind

    events = application.events.select_related("actor")
    if still_blind_on(user, application):
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
