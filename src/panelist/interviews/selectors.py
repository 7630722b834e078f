"""Reads of assignments and scorecards, already authorised and prefetched."""

from __future__ import annotations

from django.db.models import QuerySet

from panelist.access.permissions import assignments_visible_to, scorecards_visible_to
from panelist.interviews.models import Assignment, Scorecard


def assignments_of_member(user) -> QuerySet[Assignment]:
    """The user's own interviews, soonest first, with what the home page shows of each."""
    return (
        assignments_visible_to(user)
        .filter(member=user)
        .select_related(
            "application__candidate", "application__opening", "interview_format", "scorecard"
        )
        .prefetch_related("dimensions")
        .order_by("feedback_due", "scheduled_at", "id")
    )


def scorecards_of_application(user, application) -> QuerySet[Scorecard]:
    """The scorecards on one application that the blind rule lets ``user`` read."""
    return (
        scorecards_visible_to(user)
        .filter(assignment__application=application)
        .select_related("assignment__member", "assignment__interview_format")
        .prefetch_related("assignment__dimensions", "flags")
        .order_by("submitted_at", "id")
    )


def scorecard_detail(user, scorecard_id: int) -> Scorecard:
    from panelist.access.permissions import get_visible_or_404

    return get_visible_or_404(
        scorecards_visible_to(user)
        .select_related(
            "assignment__member",
            "assignment__interview_format",
            "assignment__application__candidate",
            "assignment__application__opening",
        )
        .prefetch_related(
            "ratings__question__rubric__dimension",
            "signals__trait",
            "flags__rating__question",
            "amendments__author",
        ),
        pk=scorecard_id,
    )
