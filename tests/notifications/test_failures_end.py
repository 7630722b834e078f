"""A failing digest is retried with the same back-off as single mail and then shown as
failed; an unexpected error after a row was claimed marks it failed instead of leaving it
"sending" for ever."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import time_machine

from panelist.access.models import MailDelivery
from panelist.notifications import services
from panelist.notifications.models import Kind, Notification, Status
from tests import factories
from tests.notifications.mailbox import free_port

SUBMITTED = datetime(2026, 12, 7, 14, 0, tzinfo=UTC)
DIGEST = datetime(2026, 12, 8, 8, 0, tzinfo=UTC)


def _held_ready_mail(process, people, settings) -> Notification:
    settings.TIME_ZONE = "UTC"
    people.manager.mail_delivery = MailDelivery.DAILY
    people.manager.save()
    with time_machine.travel(SUBMITTED, tick=False):
        factories.write_scorecard(process.assignment, submit=True)
        factories.write_scorecard(process.other_assignment, submit=True)
    return Notification.objects.get(kind=Kind.READY, status=Status.HELD)


def test_a_failing_digest_is_retried_with_back_off_then_marked_failed(
    process, people, settings, mail_to_smtp
):
    held = _held_ready_mail(process, people, settings)
    settings.EMAIL_PORT = free_port()  # nothing listens there: the connection is refused
    tries = []
    with time_machine.travel(DIGEST, tick=False) as clock:
        for wait in (timedelta(0), *services.RETRY_BACKOFF):
            clock.shift(wait)
            services.digests_send()
            held.refresh_from_db()
            tries.append((held.attempts, held.status))
            services.digests_send()  # not due again yet: no new try
            assert Notification.objects.get(pk=held.pk).attempts == len(tries)
    assert tries == [(n, Status.HELD) for n in range(1, services.MAX_ATTEMPTS)] + [
        (services.MAX_ATTEMPTS, Status.FAILED)
    ]
    assert "ConnectionRefusedError" in held.last_error


def test_a_digest_that_fails_once_leaves_at_the_next_try(process, people, settings, mail_to_smtp):
    held = _held_ready_mail(process, people, settings)
    settings.EMAIL_PORT = free_port()
    with time_machine.travel(DIGEST, tick=False) as clock:
        assert services.digests_send() == 0
        settings.EMAIL_PORT = mail_to_smtp.port  # the mail server is back
        assert services.digests_send() == 0  # waiting for its next try
        clock.shift(services.RETRY_BACKOFF[0])
        assert services.digests_send() == 1
    assert len(mail_to_smtp.messages) == 1
    held.refresh_from_db()
    assert (held.status, held.attempts, held.last_error) == (Status.SENT, 2, "")


def test_an_unexpected_error_after_the_claim_marks_a_digest_failed(
    process, people, settings, mail_to_smtp
):
    held = _held_ready_mail(process, people, settings)
    settings.EMAIL_BACKEND = "panelist.no_such_module.Backend"  # fails as it is loaded
    with time_machine.travel(DIGEST, tick=False):
        assert services.digests_send() == 0
    held.refresh_from_db()
    assert held.status == Status.FAILED
    assert "no_such_module" in held.last_error


def test_an_unexpected_error_after_the_claim_marks_a_mail_failed(library, people, settings):
    now = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
    with time_machine.travel(now, tick=False):
        assignment = factories.AssignmentFactory(
            member=people.member, scheduled_at=now + timedelta(days=2)
        )
        notification = services.assignment_notify(assignment=assignment, kind=Kind.ASSIGNED)
        settings.EMAIL_BACKEND = "panelist.no_such_module.Backend"
        assert services.notification_send(notification_id=notification.pk) is False
    notification.refresh_from_db()
    assert notification.status == Status.FAILED
    assert "no_such_module" in notification.last_error
