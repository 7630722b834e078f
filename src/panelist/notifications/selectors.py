"""Reads the notification services and pages share."""

from __future__ import annotations

from datetime import datetime, timedelta

from panelist.hiring.models import Application
from panelist.interviews.models import Assignment
from panelist.notifications.models import Kind, MailOptOut


def interview_end(assignment: Assignment) -> datetime | None:
    if assignment.scheduled_at is None:
        return None
    return assignment.scheduled_at + timedelta(minutes=assignment.interview_format.duration_minutes)


def assignments_to_nudge(*, application: Application, now: datetime) -> list[Assignment]:
    """The assignments of an open application whose member may be nudged: the interview has
    been held (it is scheduled and over) and the scorecard is not in. The nudge service and
    the debrief page's buttons both read this, so a button shows exactly when a nudge would
    be accepted (apart from who may press it)."""
    if application.is_closed:
        return []
    held = (
        Assignment.objects.filter(application=application, submitted=False, scheduled_at__lte=now)
        .select_related("member", "interview_format")
        .order_by("scheduled_at", "pk")
    )
    return [assignment for assignment in held if interview_end(assignment) <= now]


def mail_opt_outs_of(user) -> list[Kind]:
    """The kinds of mail ``user`` has turned off, in the order the kinds are listed."""
    off = set(MailOptOut.objects.filter(user=user).values_list("kind", flat=True))
    return [kind for kind in Kind if kind in off]
