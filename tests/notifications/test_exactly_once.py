"""Every notification leaves once: a repeated task, a second sender or a retry send nothing
more, and a delivery that keeps failing is retried with back-off, then shown as failed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from panelist.notifications.models import Kind, Notification, Status
from panelist.notifications.services import (
    MAX_ATTEMPTS,
    RETRY_BACKOFF,
    assignment_notify,
    notification_send,
)
from panelist.notifications.tasks import remind, send_notification
from tests import factories
from tests.notifications.mailbox import free_port

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


@pytest.fixture
def announcement(library, people):
    with time_machine.travel(NOW, tick=False):
        assignment = factories.AssignmentFactory(
            member=people.member, scheduled_at=NOW + timedelta(days=2)
        )
        return assignment_notify(assignment=assignment, kind=Kind.ASSIGNED)


@time_machine.travel(NOW, tick=False)
def test_a_notification_sent_again_or_by_a_second_task_leaves_once(announcement, mail_to_smtp):
    assert notification_send(notification_id=announcement.pk) is True
    assert notification_send(notification_id=announcement.pk) is False
    send_notification.enqueue(notification_id=announcement.pk)
    remind.call()
    assert len(mail_to_smtp.messages) == 1
    announcement.refresh_from_db()
    assert (announcement.status, announcement.attempts, announcement.sent_at) == (
        Status.SENT,
        1,
        NOW,
    )


def test_the_same_key_cannot_be_written_twice(announcement):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(
            kind=announcement.kind,
            subject=announcement.subject,
            recipient=announcement.recipient,
            due_at=announcement.due_at,
            next_attempt_at=NOW,
        )


def test_a_failing_delivery_is_retried_with_back_off_then_marked_failed(
    announcement, mail_to_smtp, settings, admin_client
):
    settings.EMAIL_PORT = free_port()  # nothing listens there: the connection is refused
    tries = []
    with time_machine.travel(NOW, tick=False) as clock:
        for wait in (timedelta(0), *RETRY_BACKOFF):
            clock.shift(wait)
            remind.call()
            announcement.refresh_from_db()
            tries.append((announcement.attempts, announcement.status))
            remind.call()  # not due again yet: no new try
            assert Notification.objects.get(pk=announcement.pk).attempts == len(tries)
    assert tries == [(n, Status.PENDING) for n in range(1, MAX_ATTEMPTS)] + [
        (MAX_ATTEMPTS, Status.FAILED)
    ]
    assert "ConnectionRefusedError" in announcement.last_error

    page = admin_client.get("/admin/notifications/notification/?status__exact=failed")
    assert page.status_code == 200
    assert str(announcement.recipient) in page.content.decode()
