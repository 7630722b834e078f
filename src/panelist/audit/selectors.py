"""Reading the audit log for the admins' page."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from panelist.access import permissions
from panelist.audit.models import AuditEvent


def events_visible_to(user) -> QuerySet[AuditEvent]:
    if not permissions.reads_audit_log(user):
        return AuditEvent.objects.none()
    return AuditEvent.objects.select_related("actor")


def events_filtered(
    user,
    *,
    kind: str = "",
    person: str = "",
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[AuditEvent]:
    """Newest first. ``person``: a username, matched exactly against the account acting or
    the name typed on a failed sign-in, without regard to case. ``since``/``until``: days in
    the installation's time zone, both included."""
    events = events_visible_to(user)
    if kind:
        events = events.filter(kind=kind)
    if person:
        events = events.filter(actor_name__iexact=person)
    zone = timezone.get_current_timezone()
    if since is not None:
        events = events.filter(at__gte=datetime.combine(since, time.min, tzinfo=zone))
    if until is not None:
        events = events.filter(
            at__lt=datetime.combine(until + timedelta(days=1), time.min, tzinfo=zone)
        )
    return events.order_by("-at", "-id")
