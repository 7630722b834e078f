"""Calendar invites (iCalendar, RFC 5545) for committee interviews.

One assignment is one event: its UID never changes, SEQUENCE rises with every change sent, and
a removal is the same UID with METHOD:CANCEL, so calendar programs update or drop the event
they already hold instead of adding a second one.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings


def event_uid(assignment_id: int) -> str:
    host = urlsplit(settings.PANELIST_BASE_URL).hostname or "panelist"
    return f"panelist-assignment-{assignment_id}@{host}"


def _event(*, context: dict, cancel: bool, time_zone: ZoneInfo, now: datetime) -> icalendar.Event:
    """One interview as an event: the same UID in invites, cancellations and the feed."""
    start = datetime.fromisoformat(context["scheduled_at"]).astimezone(time_zone)
    end = start + timedelta(minutes=context["duration_minutes"])
    event = icalendar.Event()
    event.add("uid", event_uid(context["assignment_id"]))
    event.add("sequence", context["sequence"])
    event.add("dtstamp", now)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", f"{context['format']} with {context['candidate']}")
    if context["location"]:
        event.add("location", context["location"])
    event.add(
        "description",
        f"Assess: {', '.join(context['dimensions'])}.\nInterview kit: {context['kit_url']}",
    )
    event.add("status", "CANCELLED" if cancel else "CONFIRMED")
    organizer = icalendar.vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL}")
    organizer.params["cn"] = settings.PANELIST_ORGANISATION_NAME
    event.add("organizer", organizer)
    attendee = icalendar.vCalAddress(f"mailto:{context['member_email']}")
    attendee.params["cn"] = context["member_name"]
    attendee.params["role"] = "REQ-PARTICIPANT"
    event.add("attendee", attendee)
    return event


def _calendar(method: str | None) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Panelist//Committee interviews//EN")
    calendar.add("version", "2.0")
    if method:
        calendar.add("method", method)
    return calendar


def invite(*, context: dict, cancel: bool, time_zone: ZoneInfo, now: datetime) -> bytes:
    """The invite (or its cancellation) for the interview described by ``context``."""
    calendar = _calendar("CANCEL" if cancel else "REQUEST")
    calendar.add_component(_event(context=context, cancel=cancel, time_zone=time_zone, now=now))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def feed(*, contexts: list[dict], name: str, time_zone: ZoneInfo, now: datetime) -> bytes:
    """A subscribed calendar of interviews: each as its invite describes it (same UID and
    SEQUENCE), without a METHOD, since nobody is being asked anything."""
    calendar = _calendar(None)
    calendar.add("x-wr-calname", name)
    for context in contexts:
        calendar.add_component(_event(context=context, cancel=False, time_zone=time_zone, now=now))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def candidate_interview(
    *, uid: str, title: str, start: datetime, minutes: int, location: str, description: str, now
) -> bytes:
    """One interview for the candidate's own calendar (a published event, no attendees: the
    candidate's file names nobody's address)."""
    calendar = _calendar("PUBLISH")
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", now)
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=minutes))
    event.add("summary", title)
    if location:
        event.add("location", location)
    event.add("description", description)
    calendar.add_component(event)
    return calendar.to_ical()
