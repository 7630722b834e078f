"""Scorecard reminders over two weeks of a frozen clock: each at its moment, each once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from panelist.notifications.models import Kind, Notification
from panelist.notifications.services import reminder_moment, reminders_schedule
from panelist.notifications.tasks import remind
from tests import factories
from tests.notifications.mailbox import text_of

START = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
STEP = timedelta(minutes=20)
MARKER = "MARKER-SUBMITTED-EVIDENCE-51c2"


@pytest.fixture
def two_interviews(library, people):
    opening = factories.OpeningFactory(hiring_manager=people.manager, library_version=library)
    application = factories.ApplicationFactory(
        opening=opening, candidate=factories.CandidateFactory(name="Lena Brandt")
    )
    due = datetime(2026, 12, 12, 17, 0, tzinfo=UTC)
    early = factories.AssignmentFactory(
        application=application,
        member=people.member,
        format_key="code-review",
        dimensions=["coding"],
        scheduled_at=datetime(2026, 12, 8, 14, 0, tzinfo=UTC),
        feedback_due=due,
    )
    late = factories.AssignmentFactory(
        application=application,
        member=people.other_member,
        format_key="behavioural-story",
        dimensions=["people"],
        scheduled_at=datetime(2026, 12, 8, 16, 0, tzinfo=UTC),
        feedback_due=due,
    )
    return early, late


def _end(assignment) -> datetime:
    return assignment.scheduled_at + timedelta(minutes=assignment.interview_format.duration_minutes)


def test_two_weeks_of_reminders_arrive_at_their_moments_and_once(
    two_interviews, people, mail_to_smtp
):
    early, late = two_interviews
    submitted_at = datetime(2026, 12, 10, 12, 0, tzinfo=UTC)  # before its third reminder
    arrivals: list[tuple[datetime, str, str]] = []
    with time_machine.travel(START, tick=False) as clock:
        now = START
        while now < START + timedelta(days=14):
            if now == submitted_at:
                factories.write_scorecard(
                    early, evidence=f"{MARKER} {factories.EVIDENCE}", submit=True
                )
            seen = len(mail_to_smtp.messages)
            remind.call()
            arrivals += [(now, m["To"], m["Subject"]) for m in mail_to_smtp.messages[seen:]]
            now += STEP
            clock.move_to(now)

    def moments(assignment, days):
        first = _end(assignment) + timedelta(hours=1)
        return [first + timedelta(days=d) for d in days]

    expected = sorted(
        [(m, people.member.email, "Scorecard due") for m in moments(early, range(2))]
        + [(m, people.other_member.email, "Scorecard due") for m in moments(late, range(4))]
        + [(early.feedback_due, people.manager.email, "Scorecards overdue")]
    )
    assert len(arrivals) == len(expected) == 7
    for (moment, to, subject), (arrived, got_to, got_subject) in zip(
        expected, arrivals, strict=True
    ):
        assert moment <= arrived <= moment + STEP
        assert to in got_to
        assert subject in got_subject
    notice = mail_to_smtp.to(people.manager.email)[0]
    assert str(people.other_member) in text_of(notice)
    assert f"- {people.member}," not in text_of(notice)
    for message in mail_to_smtp.messages:
        assert MARKER not in message.as_string()
    assert Notification.objects.filter(kind=Kind.REMINDER).count() == 6


def test_no_reminder_for_an_interview_still_to_come():
    end = datetime(2026, 12, 8, 15, 0, tzinfo=UTC)
    assert reminder_moment(end=end, due=None, now=end - timedelta(hours=3)) is None
    assert reminder_moment(end=end, due=None, now=end + timedelta(minutes=59)) is None
    assert reminder_moment(end=end, due=None, now=end + timedelta(hours=1)) == end + timedelta(
        hours=1
    )


def test_reminders_stop_once_the_due_date_has_passed():
    end = datetime(2026, 12, 8, 15, 0, tzinfo=UTC)
    due = end + timedelta(days=2)
    assert reminder_moment(end=end, due=due, now=due + timedelta(minutes=1)) is None


def test_scheduling_again_at_the_same_moment_writes_nothing(two_interviews):
    with time_machine.travel(datetime(2026, 12, 9, 10, 0, tzinfo=UTC), tick=False):
        assert reminders_schedule() == 2
        assert reminders_schedule() == 0
    assert Notification.objects.count() == 2
