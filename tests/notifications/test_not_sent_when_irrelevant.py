"""Mail that stopped making sense is not sent: nothing for a deactivated account, and a
reminder, nudge or overdue notice waiting in the queue is skipped once the scorecard is in,
the assignment is gone or the application is closed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from panelist.access.models import MailDelivery
from panelist.core.errors import DomainError
from panelist.hiring.models import Application, Stage
from panelist.interviews.models import Assignment
from panelist.notifications import services
from panelist.notifications.models import Kind, Notification, Status
from tests import factories

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


def _deactivate(user) -> None:
    user.is_active = False
    user.save(update_fields=["is_active"])


@time_machine.travel(NOW, tick=False)
def test_a_deactivated_member_is_not_told_of_an_assignment(library, people):
    _deactivate(people.member)
    assignment = factories.AssignmentFactory(
        member=people.member, scheduled_at=NOW + timedelta(days=2)
    )
    assert services.assignment_notify(assignment=assignment, kind=Kind.ASSIGNED) is None
    assert not Notification.objects.exists()


def test_no_reminder_or_overdue_notice_is_written_for_a_deactivated_account(library, people):
    opening = factories.OpeningFactory(hiring_manager=people.manager, library_version=library)
    factories.AssignmentFactory(
        application=factories.ApplicationFactory(opening=opening),
        member=people.member,
        scheduled_at=NOW - timedelta(days=2),
        feedback_due=NOW - timedelta(hours=1),
    )
    for member in (people.member, people.other_member):
        factories.AssignmentFactory(
            member=member,
            scheduled_at=NOW - timedelta(hours=3),
            feedback_due=NOW + timedelta(days=2),
        )
    _deactivate(people.manager)
    _deactivate(people.other_member)
    assert services.reminders_schedule(now=NOW) == 1
    assert Notification.objects.get().recipient == people.member


def test_no_ready_for_debrief_mail_is_written_for_a_deactivated_manager(process, people):
    _deactivate(people.manager)
    _deactivate(people.other_member)
    factories.write_scorecard(process.assignment, submit=True)
    factories.write_scorecard(process.other_assignment, submit=True)
    assert not Notification.objects.filter(kind=Kind.READY).exists()
    assert services.committee_ready_notify(application=process.application) is None


def test_a_deactivated_member_cannot_be_nudged(interviews_held, process, people):
    _deactivate(people.member)
    with pytest.raises(DomainError, match="deactivated"):
        services.scorecard_nudge(actor=people.manager, assignment=process.assignment)


@time_machine.travel(NOW, tick=False)
def test_mail_queued_before_an_account_was_deactivated_is_skipped(
    library, people, mail_to_smtp, django_capture_on_commit_callbacks
):
    assignment = factories.AssignmentFactory(
        member=people.member, scheduled_at=NOW + timedelta(days=2)
    )
    with django_capture_on_commit_callbacks(execute=False):
        notification = services.assignment_notify(assignment=assignment, kind=Kind.ASSIGNED)
    _deactivate(people.member)
    assert services.notification_send(notification_id=notification.pk) is False
    notification.refresh_from_db()
    assert notification.status == Status.SKIPPED
    assert "deactivated" in notification.last_error
    assert mail_to_smtp.messages == []


def test_a_digest_for_a_deactivated_account_is_skipped(process, people, mail_to_smtp, settings):
    settings.TIME_ZONE = "UTC"
    people.manager.mail_delivery = MailDelivery.DAILY
    people.manager.save()
    with time_machine.travel(NOW, tick=False) as clock:
        factories.write_scorecard(process.assignment, submit=True)
        factories.write_scorecard(process.other_assignment, submit=True)
        assert Notification.objects.get(kind=Kind.READY).status == Status.HELD
        _deactivate(people.manager)
        clock.move_to(NOW + timedelta(days=1))
        assert services.digests_send() == 0
    assert Notification.objects.get(kind=Kind.READY).status == Status.SKIPPED
    assert mail_to_smtp.messages == []


@pytest.fixture
def waiting_reminder(library, people):
    """A scorecard reminder for people.member, written and waiting in the queue."""
    assignment = factories.AssignmentFactory(
        member=people.member,
        scheduled_at=NOW - timedelta(hours=3),
        feedback_due=NOW + timedelta(days=2),
    )
    assert services.reminders_schedule(now=NOW) == 1
    return assignment, Notification.objects.get(kind=Kind.REMINDER)


def _send_and_status(notification: Notification) -> str:
    with time_machine.travel(NOW, tick=False):
        services.notification_send(notification_id=notification.pk)
    notification.refresh_from_db()
    return notification.status


def test_a_waiting_reminder_still_leaves_while_the_scorecard_is_due(waiting_reminder, mail_to_smtp):
    _, reminder = waiting_reminder
    assert _send_and_status(reminder) == Status.SENT
    assert len(mail_to_smtp.messages) == 1


def test_a_waiting_reminder_is_skipped_once_the_scorecard_is_in(waiting_reminder, mail_to_smtp):
    assignment, reminder = waiting_reminder
    factories.write_scorecard(assignment, submit=True)
    assert _send_and_status(reminder) == Status.SKIPPED
    assert mail_to_smtp.to(assignment.member.email) == []


def test_a_waiting_reminder_is_skipped_once_the_assignment_is_gone(waiting_reminder, mail_to_smtp):
    assignment, reminder = waiting_reminder
    Assignment.objects.filter(pk=assignment.pk).delete()
    assert _send_and_status(reminder) == Status.SKIPPED
    assert mail_to_smtp.messages == []


def test_a_waiting_reminder_is_skipped_once_the_application_is_closed(
    waiting_reminder, mail_to_smtp
):
    assignment, reminder = waiting_reminder
    Application.objects.filter(pk=assignment.application_id).update(stage=Stage.WITHDRAWN)
    assert _send_and_status(reminder) == Status.SKIPPED
    assert mail_to_smtp.messages == []


def test_a_waiting_overdue_notice_is_skipped_once_the_application_is_decided(
    library, people, mail_to_smtp
):
    opening = factories.OpeningFactory(hiring_manager=people.manager, library_version=library)
    assignment = factories.AssignmentFactory(
        application=factories.ApplicationFactory(opening=opening),
        member=people.member,
        scheduled_at=NOW - timedelta(days=2),
        feedback_due=NOW - timedelta(hours=1),
    )
    services.reminders_schedule(now=NOW)
    overdue = Notification.objects.get(kind=Kind.OVERDUE)
    Application.objects.filter(pk=assignment.application_id).update(stage=Stage.DECIDED)
    assert _send_and_status(overdue) == Status.SKIPPED
    assert mail_to_smtp.messages == []
