"""Each person's secret calendar address serves their own interviews, as the invites do."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import icalendar
import time_machine
import vobject
from django.urls import reverse

from panelist.interviews import services as interviews
from panelist.interviews.models import Mode
from panelist.library.models import Dimension, InterviewFormat
from panelist.notifications import feeds
from panelist.notifications.models import CalendarFeed
from tests import factories
from tests.notifications.mailbox import invite_of
from tests.querycount import assert_queries_do_not_grow

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
INTERVIEW = datetime(2026, 12, 10, 15, 0, tzinfo=UTC)
MARKER = "MARKER-FEED-EVIDENCE-4d1c"


def _address_from_page(client) -> str:
    client.post(reverse("calendar-feed-renew"))
    page = client.get(reverse("calendar-feed")).content.decode()
    [address] = re.findall(r'id="feed-address"[^>]*value="([^"]+)"', page)
    return address


def test_the_feed_serves_the_members_interviews_with_the_invites_uid_and_sequence(
    library, people, client, mail_to_smtp, django_capture_on_commit_callbacks
):
    people.member.time_zone = "Europe/Paris"
    people.member.save()
    opening = factories.OpeningFactory(hiring_manager=people.manager, library_version=library)
    application = factories.ApplicationFactory(
        opening=opening, candidate=factories.CandidateFactory(name="Amara Osei")
    )
    with time_machine.travel(NOW, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assignment = interviews.assignment_create(
                actor=people.manager,
                application=application,
                member=people.member,
                dimensions=[Dimension.objects.get(key="coding")],
                interview_format=InterviewFormat.objects.get(key="code-review"),
                scheduled_at=INTERVIEW,
                mode=Mode.REMOTE,
                location="https://meet.example.org/amara",
                feedback_due=None,
            )
        with django_capture_on_commit_callbacks(execute=True):
            interviews.assignment_reschedule(
                actor=people.manager,
                assignment=assignment,
                scheduled_at=INTERVIEW + timedelta(hours=2),
                mode=Mode.REMOTE,
                location="https://meet.example.org/amara",
                feedback_due=None,
            )
        other = factories.AssignmentFactory(
            application=application, member=people.other_member, scheduled_at=INTERVIEW
        )
        factories.write_scorecard(other, evidence=f"{MARKER} {factories.EVIDENCE}", submit=True)
        client.force_login(people.member)
        address = _address_from_page(client)
        client.logout()

        response = client.get(address)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    raw = response.content
    calendar = icalendar.Calendar.from_ical(raw)
    [event] = calendar.walk("VEVENT")
    last_invite = icalendar.Calendar.from_ical(invite_of(mail_to_smtp.messages[-1]))
    [invited] = last_invite.walk("VEVENT")
    assert str(event["UID"]) == str(invited["UID"])
    assert event["SEQUENCE"] == invited["SEQUENCE"] == 1
    assert event.decoded("DTSTART") == INTERVIEW + timedelta(hours=2)
    assert "METHOD" not in calendar
    parsed = vobject.readOne(raw.decode())
    assert parsed.vevent.uid.value == str(event["UID"])
    assert parsed.vevent.dtstart.value == INTERVIEW + timedelta(hours=2)
    assert "DTSTART;TZID=Europe/Paris:20261210T180000" in raw.decode()
    text = raw.decode()
    assert MARKER not in text and str(people.other_member) not in text
    assert people.other_member.email not in text


def test_the_feed_address_is_stored_hashed_and_stops_when_revoked_or_renewed(people, client):
    client.force_login(people.member)
    first = _address_from_page(client)
    secret = first.rsplit("/", 1)[1].removesuffix(".ics")
    assert CalendarFeed.objects.get(user=people.member).digest != secret
    assert secret not in client.get(reverse("calendar-feed")).content.decode()

    second = _address_from_page(client)
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200

    client.post(reverse("calendar-feed-revoke"))
    assert client.get(second).status_code == 404
    assert not CalendarFeed.objects.filter(user=people.member).exists()


def test_an_unknown_address_answers_404_and_the_page_needs_a_login(people, client):
    assert client.get(reverse("calendar-feed-ics", args=["x" * 43])).status_code == 404
    assert client.get(reverse("calendar-feed-ics", args=["short"])).status_code == 404
    assert client.get(reverse("calendar-feed")).status_code == 302
    assert client.get(reverse("calendar-feed-renew")).status_code in (302, 405)
    feeds.calendar_feed_renew(actor=people.member)
    people.member.is_active = False
    people.member.save()
    assert feeds.feed_owner("x" * 43) is None


def test_the_feed_reads_a_fixed_number_of_queries_however_many_interviews(library, people, client):
    from panelist.notifications.models import Kind, Notification

    secret = feeds.calendar_feed_renew(actor=people.member)
    url = reverse("calendar-feed-ics", args=[secret])

    def grow(count: int) -> None:
        for _ in range(count):
            assignment = factories.AssignmentFactory(member=people.member, scheduled_at=INTERVIEW)
            Notification.objects.create(
                kind=Kind.ASSIGNED,
                subject=f"assignment:{assignment.pk}",
                recipient=people.member,
                due_at=NOW,
                next_attempt_at=NOW,
            )

    with time_machine.travel(NOW, tick=False):
        assert_queries_do_not_grow(client, url, grow=grow)
        events = icalendar.Calendar.from_ical(client.get(url).content).walk("VEVENT")
    assert len(events) == 7


def test_interviews_of_a_closed_application_leave_the_feed(library, people):
    from panelist.hiring.models import Application, Stage

    kept = factories.AssignmentFactory(member=people.member, scheduled_at=INTERVIEW)
    for stage in (Stage.WITHDRAWN, Stage.DECIDED):
        closed = factories.AssignmentFactory(member=people.member, scheduled_at=INTERVIEW)
        Application.objects.filter(pk=closed.application_id).update(stage=stage)
    with time_machine.travel(NOW, tick=False):
        calendar = icalendar.Calendar.from_ical(feeds.feed_for(people.member))
    [event] = calendar.walk("VEVENT")
    assert kept.application.candidate.name in str(event["SUMMARY"])
