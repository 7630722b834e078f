"""Each person's secret calendar address: making, renewing and revoking it (writes), and
reading the interviews it serves (reads). The feed holds logistics only, as the invites do."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from panelist.hiring.models import CLOSED_STAGES
from panelist.interviews.models import Assignment
from panelist.notifications import calendar, emails
from panelist.notifications.models import INVITE_KINDS, CalendarFeed, Notification
from panelist.notifications.services import _interview_context

# Interviews longer ago than this leave the feed; everything scheduled later stays.
FEED_LOOK_BACK = timedelta(days=180)
SECRET_LENGTH = 43  # secrets.token_urlsafe(32)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def calendar_feed_renew(*, actor) -> str:
    """Give ``actor`` a new feed address, ending the old one; returns the secret, which is
    never stored."""
    secret = secrets.token_urlsafe(32)
    CalendarFeed.objects.update_or_create(
        user=actor, defaults={"digest": _digest(secret), "created_at": timezone.now()}
    )
    return secret


def calendar_feed_revoke(*, actor) -> bool:
    """End ``actor``'s feed address; returns whether there was one."""
    deleted, _ = CalendarFeed.objects.filter(user=actor).delete()
    return bool(deleted)


def feed_owner(secret: str):
    """The active user whose feed this secret opens, or None."""
    if len(secret) != SECRET_LENGTH:
        return None
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(digest=_digest(secret), user__is_active=True)
        .first()
    )
    return feed.user if feed else None


def feed_for(user) -> bytes:
    """``user``'s own scheduled interviews as an iCalendar feed, each with the UID and
    SEQUENCE of the last invite sent for it. Interviews of a closed application (withdrawn
    or decided) leave the feed: a calendar that refreshes drops them. Reads a fixed number
    of queries, however many interviews there are."""
    now = timezone.now()
    assignments = list(
        Assignment.objects.filter(
            member=user, scheduled_at__isnull=False, scheduled_at__gte=now - FEED_LOOK_BACK
        )
        .exclude(application__stage__in=CLOSED_STAGES)
        .select_related(
            "member", "interview_format", "application__candidate", "application__opening"
        )
        .prefetch_related("dimensions")
        .order_by("scheduled_at", "pk")
    )
    subjects = [f"assignment:{assignment.pk}" for assignment in assignments]
    invites = dict(
        Notification.objects.filter(kind__in=INVITE_KINDS, subject__in=subjects, recipient=user)
        .values("subject")
        .annotate(count=Count("pk"))
        .values_list("subject", "count")
    )
    contexts = [
        _interview_context(assignment) | {"sequence": max(invites.get(subject, 0) - 1, 0)}
        for assignment, subject in zip(assignments, subjects, strict=True)
    ]
    return calendar.feed(
        contexts=contexts,
        name=f"{settings.PANELIST_ORGANISATION_NAME} interviews",
        time_zone=emails.time_zone_of(user),
        now=now,
    )
