"""Committee members are mailed, with a calendar invite, when assigned, rescheduled or removed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import icalendar
import pytest
import time_machine
import vobject

from panelist.interviews import services as interviews
from panelist.interviews.models import Mode
from panelist.library.models import Dimension, InterviewFormat
from panelist.notifications.models import Kind, Notification, Status
from tests import factories
from tests.notifications.mailbox import html_of, invite_of, text_of

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
INTERVIEW = datetime(2026, 12, 10, 15, 0, tzinfo=UTC)  # 10:00 in New York (EST)
DUE = datetime(2026, 12, 11, 17, 0, tzinfo=UTC)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def committee(library, people):
    people.member.time_zone = "America/New_York"
    people.member.save()
    opening = factories.OpeningFactory(hiring_manager=people.manager, library_version=library)
    application = factories.ApplicationFactory(
        opening=opening, candidate=factories.CandidateFactory(name="Amara Osei")
    )
    return application


def _assign(people, application, capture):
    with capture(execute=True):
        return interviews.assignment_create(
            actor=people.manager,
            application=application,
            member=people.member,
            dimensions=[Dimension.objects.get(key="coding")],
            interview_format=InterviewFormat.objects.get(key="code-review"),
            scheduled_at=INTERVIEW,
            mode=Mode.REMOTE,
            location="https://meet.example.org/amara-code-review",
            feedback_due=DUE,
        )


def _parse_both(raw: bytes):
    """The invite read by icalendar and by vobject, an independent parser."""
    calendar = icalendar.Calendar.from_ical(raw)
    event = calendar.walk("VEVENT")[0]
    other = vobject.readOne(raw.decode())
    return calendar, event, other


def test_an_assigned_member_receives_mail_and_an_invite_in_their_time_zone(
    frozen, committee, people, mail_to_smtp, django_capture_on_commit_callbacks
):
    assignment = _assign(people, committee, django_capture_on_commit_callbacks)

    [message] = mail_to_smtp.to(people.member.email)
    assert message["Subject"] == (
        "[Northwind Research] Interview: Code review of the candidate's own code with Amara Osei"
    )
    assert "Northwind Research" in message["From"]
    text = text_of(message)
    for expected in (
        "Amara Osei",
        "Coding",
        "Code review",
        "Thursday 10 December 2026, 10:00 (America/New_York, EST)",
        "Meeting link: https://meet.example.org/amara-code-review",
        "Scorecard due: Friday 11 December 2026, 12:00 (America/New_York, EST)",
        f"https://panelist.example.org/interviews/assignments/{assignment.pk}/kit/",
    ):
        assert expected in text
    assert f"/interviews/assignments/{assignment.pk}/kit/" in html_of(message)

    calendar, event, other = _parse_both(invite_of(message))
    assert calendar["METHOD"] == "REQUEST"
    assert str(event["UID"]) == f"panelist-assignment-{assignment.pk}@panelist.example.org"
    assert event["SEQUENCE"] == 0
    start = event.decoded("DTSTART")
    assert start == INTERVIEW and str(start.tzinfo) == "America/New_York"
    assert event.decoded("DTEND") - start == timedelta(
        minutes=assignment.interview_format.duration_minutes
    )
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["America/New_York"]
    assert other.method.value == "REQUEST"
    assert other.vevent.uid.value == str(event["UID"])
    assert other.vevent.dtstart.value == INTERVIEW
    assert other.vevent.attendee.value == f"mailto:{people.member.email}"


def test_a_reschedule_keeps_the_uid_and_raises_the_sequence_and_removal_cancels(
    frozen, committee, people, mail_to_smtp, django_capture_on_commit_callbacks
):
    assignment = _assign(people, committee, django_capture_on_commit_callbacks)
    later = INTERVIEW + timedelta(days=1, hours=2)
    frozen.shift(timedelta(minutes=5))
    with django_capture_on_commit_callbacks(execute=True):
        interviews.assignment_reschedule(
            actor=people.manager,
            assignment=assignment,
            scheduled_at=later,
            mode=Mode.IN_PERSON,
            location="Room 4.12",
            feedback_due=later + timedelta(days=1),
        )
    frozen.shift(timedelta(minutes=5))
    with django_capture_on_commit_callbacks(execute=True):
        interviews.assignment_remove(actor=people.manager, assignment=assignment)

    assigned, changed, removed = mail_to_smtp.to(people.member.email)
    assert changed["Subject"].startswith("[Northwind Research] Interview changed:")
    assert "Place: Room 4.12" in text_of(changed)
    assert removed["Subject"].startswith("[Northwind Research] Interview cancelled:")
    invites = [_parse_both(invite_of(m)) for m in (assigned, changed, removed)]
    uids = {str(event["UID"]) for _, event, _ in invites}
    assert len(uids) == 1
    assert [event["SEQUENCE"] for _, event, _ in invites] == [0, 1, 2]
    assert [int(other.vevent.sequence.value) for _, _, other in invites] == [0, 1, 2]
    assert [calendar["METHOD"] for calendar, _, _ in invites] == ["REQUEST", "REQUEST", "CANCEL"]
    assert invites[1][1].decoded("DTSTART") == later
    assert invites[2][2].method.value == "CANCEL"
    assert str(invites[2][1]["STATUS"]) == "CANCELLED"
    assert Notification.objects.filter(status=Status.SENT).count() == 3


def test_assignment_mail_carries_nothing_of_the_other_members_scorecards(
    frozen, committee, people, mail_to_smtp, django_capture_on_commit_callbacks
):
    other = factories.AssignmentFactory(
        application=committee, member=people.other_member, scheduled_at=NOW - timedelta(days=1)
    )
    marker = "MARKER-EVIDENCE-7f3a"
    factories.write_scorecard(
        other, evidence=f"{marker} " + factories.EVIDENCE, recommendation="strong_no", submit=True
    )
    assignment = _assign(people, committee, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        interviews.assignment_reschedule(
            actor=people.manager,
            assignment=assignment,
            scheduled_at=INTERVIEW,
            mode=Mode.REMOTE,
            location="https://meet.example.org/new",
            feedback_due=DUE,
        )

    assert len(mail_to_smtp.messages) == 2
    for message in mail_to_smtp.messages:
        raw = message.as_string()
        assert marker not in raw
        assert factories.NO_GO_REASON not in raw
        assert "Strong no" not in raw and "strong_no" not in raw


def test_an_interview_already_over_is_not_announced(
    frozen, committee, people, mail_to_smtp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        interviews.assignment_create(
            actor=people.manager,
            application=committee,
            member=people.member,
            dimensions=[Dimension.objects.get(key="coding")],
            interview_format=InterviewFormat.objects.get(key="code-review"),
            scheduled_at=NOW - timedelta(days=2),
        )
    assert mail_to_smtp.messages == []
    assert not Notification.objects.filter(kind=Kind.ASSIGNED).exists()


def test_a_member_who_started_a_scorecard_cannot_be_removed(committee, people):
    assignment = factories.AssignmentFactory(application=committee, member=people.member)
    factories.write_scorecard(assignment)
    with pytest.raises(interviews.DomainError, match="started a scorecard"):
        interviews.assignment_remove(actor=people.manager, assignment=assignment)


def test_only_the_hiring_manager_reschedules_or_removes(committee, people):
    assignment = factories.AssignmentFactory(application=committee, member=people.member)
    with pytest.raises(interviews.NotAllowed):
        interviews.assignment_remove(actor=people.member, assignment=assignment)
    with pytest.raises(interviews.NotAllowed):
        interviews.assignment_reschedule(
            actor=people.other_manager,
            assignment=assignment,
            scheduled_at=INTERVIEW,
            mode=Mode.REMOTE,
            location="",
            feedback_due=None,
        )


def test_withdrawing_the_candidate_cancels_the_interviews_still_to_come(
    frozen, committee, people, mail_to_smtp, django_capture_on_commit_callbacks
):
    from panelist.hiring import services as hiring
    from panelist.hiring.models import Stage

    assignment = _assign(people, committee, django_capture_on_commit_callbacks)
    factories.AssignmentFactory(
        application=committee, member=people.other_member, scheduled_at=NOW - timedelta(days=1)
    )
    frozen.shift(timedelta(minutes=5))
    with django_capture_on_commit_callbacks(execute=True):
        hiring.application_move(actor=people.manager, application=committee, stage=Stage.WITHDRAWN)

    assert mail_to_smtp.to(people.other_member.email) == []  # that interview is history
    assigned, cancelled = mail_to_smtp.to(people.member.email)
    assert cancelled["Subject"].startswith("[Northwind Research] Interview cancelled:")
    assert "The application of Amara Osei" in text_of(cancelled)
    assert "is withdrawn" in html_of(cancelled)
    (_, first, _), (calendar, event, _) = (
        _parse_both(invite_of(assigned)),
        _parse_both(invite_of(cancelled)),
    )
    assert str(event["UID"]) == str(first["UID"])
    assert (calendar["METHOD"], event["SEQUENCE"]) == ("CANCEL", first["SEQUENCE"] + 1)
    assert str(event["STATUS"]) == "CANCELLED"
    assert Notification.objects.get(kind=Kind.REMOVED).subject == f"assignment:{assignment.pk}"

    with django_capture_on_commit_callbacks(execute=True):  # moving again cancels nothing more
        hiring.application_move(actor=people.manager, application=committee, stage=Stage.SCREENING)
        hiring.application_move(actor=people.manager, application=committee, stage=Stage.WITHDRAWN)
    assert Notification.objects.filter(kind=Kind.REMOVED).count() == 1
