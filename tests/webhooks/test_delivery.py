"""Deliveries are retried with back-off, sent at most once per attempt, never follow a
redirect or wait forever, and a receiver that keeps failing gets its subscription disabled
with the admins told by e-mail."""

from __future__ import annotations

import socket
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from panelist.webhooks.models import Delivery, DeliveryStatus, Subscription
from panelist.webhooks.services import (
    delivery_send,
    emit,
    subscription_send_test_event,
    subscription_set_active,
)
from panelist.webhooks.tasks import deliver, deliver_due
from tests.notifications.mailbox import loopback_smtp, text_of
from tests.webhooks.receiver import loopback_receiver

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


def _send_test_event(people, subscription, capture):
    with capture(execute=True):
        return subscription_send_test_event(actor=people.admin, subscription=subscription)


def test_a_refused_delivery_is_retried_after_the_back_off_and_then_arrives(
    people, subscribed, receiver, django_capture_on_commit_callbacks
):
    receiver.answers = [500]
    with time_machine.travel(NOW, tick=False):
        delivery = _send_test_event(people, subscribed, django_capture_on_commit_callbacks)
        delivery.refresh_from_db()
        assert (delivery.status, delivery.attempts, delivery.response_code) == (
            DeliveryStatus.PENDING,
            1,
            500,
        )
        assert delivery.next_attempt_at == NOW + timedelta(seconds=60)
        assert delivery.last_error.startswith("HTTP 500: xxx")
        assert len(delivery.last_error) <= 500, "the answer is kept bounded"
        assert delivery_send(delivery_id=delivery.pk) is False, "not before its time"
    with time_machine.travel(NOW + timedelta(seconds=59), tick=False):
        assert deliver_due.call() == 0
    with time_machine.travel(NOW + timedelta(seconds=61), tick=False):
        assert deliver_due.call() == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_code) == (
        DeliveryStatus.DELIVERED,
        2,
        204,
    )
    first, second = receiver.received
    assert first.headers["webhook-id"] == second.headers["webhook-id"] == delivery.event_id
    assert int(second.headers["webhook-timestamp"]) == int(first.headers["webhook-timestamp"]) + 61
    assert first.verified_with and second.verified_with
    subscribed.refresh_from_db()
    assert subscribed.consecutive_failures == 0
    assert subscribed.last_success_at == NOW + timedelta(seconds=61)


def test_after_the_last_try_a_delivery_stays_failed(
    people, subscribed, receiver, django_capture_on_commit_callbacks
):
    receiver.default_answer = 503
    with time_machine.travel(NOW, tick=False):
        delivery = _send_test_event(people, subscribed, django_capture_on_commit_callbacks)
    for wait in (60, 60 + 600):
        with time_machine.travel(NOW + timedelta(seconds=wait), tick=False):
            deliver_due.call()
    with time_machine.travel(NOW + timedelta(days=3), tick=False):
        assert deliver_due.call() == 0
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 3)
    assert len(receiver.received) == 3


def test_a_delivery_run_twice_or_claimed_by_another_worker_is_sent_once(
    people, subscribed, receiver, django_capture_on_commit_callbacks
):
    with time_machine.travel(NOW, tick=False):
        delivery = _send_test_event(people, subscribed, django_capture_on_commit_callbacks)
        assert delivery_send(delivery_id=delivery.pk) is False
        deliver.enqueue(delivery_id=delivery.pk)
        deliver_due.call()
    assert len(receiver.received) == 1
    # A second worker that claimed the row first (pending -> sending) leaves nothing to send.
    with time_machine.travel(NOW, tick=False):
        with django_capture_on_commit_callbacks(execute=False):
            other = subscription_send_test_event(actor=people.admin, subscription=subscribed)
        Delivery.objects.filter(pk=other.pk).update(status=DeliveryStatus.SENDING)
        assert delivery_send(delivery_id=other.pk) is False
    assert len(receiver.received) == 1


def test_one_event_keeps_its_id_per_subscription_and_cannot_be_recorded_twice(
    people, subscribed, django_capture_on_commit_callbacks
):
    from django.db import IntegrityError, transaction

    with django_capture_on_commit_callbacks(execute=False):
        (delivery,) = emit("decision.made", application_id=1, decision_id=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        Delivery.objects.create(
            subscription=subscribed,
            event_id=delivery.event_id,
            kind=delivery.kind,
            payload=delivery.payload,
            next_attempt_at=delivery.next_attempt_at,
        )


def test_a_redirect_is_not_followed(
    people, subscribed, receiver, django_capture_on_commit_callbacks
):
    with loopback_receiver() as elsewhere:
        elsewhere.secrets = receiver.secrets
        receiver.answers = [307]
        receiver.redirect_to = elsewhere.url
        delivery = _send_test_event(people, subscribed, django_capture_on_commit_callbacks)
        assert elsewhere.received == []
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.last_error.startswith("HTTP 307 (redirects are not followed)")


def test_a_receiver_that_never_answers_times_out(
    people, settings, loopback_allowed, django_capture_on_commit_callbacks
):
    settings.PANELIST_WEBHOOKS_TIMEOUT_SECONDS = 1
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()  # accepts connections into the backlog, never reads or answers
        from panelist.webhooks.services import subscription_create

        subscription, _ = subscription_create(
            actor=people.admin,
            name="Silent",
            url=f"http://127.0.0.1:{silent.getsockname()[1]}/",
            events=["decision.made"],
        )
        delivery = _send_test_event(people, subscription, django_capture_on_commit_callbacks)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.response_code is None
    assert "timed out" in delivery.last_error


def test_a_subscription_that_keeps_failing_is_disabled_and_the_admins_are_told(
    people, settings, subscribed, receiver, django_capture_on_commit_callbacks
):
    settings.PANELIST_WEBHOOKS_DISABLE_AFTER = 3
    receiver.default_answer = 500
    with loopback_smtp(settings) as inbox:
        for _ in range(3):
            _send_test_event(people, subscribed, django_capture_on_commit_callbacks)
        subscribed.refresh_from_db()
        assert subscribed.is_active is False
        assert subscribed.disabled_reason.startswith("Disabled after 3 failed attempts in a row")
        (mail,) = inbox.messages
        assert people.admin.email in mail["To"]
        assert people.manager.email not in mail["To"]
        assert "Data warehouse" in mail["Subject"]
        assert f"/webhooks/{subscribed.pk}/" in text_of(mail)
        # Events while disabled wait; nothing more is sent and no more mail leaves.
        _send_test_event(people, subscribed, django_capture_on_commit_callbacks)
        assert deliver_due.call() == 0
        assert len(receiver.received) == 3
        assert len(inbox.messages) == 1
    # Enabled again, the receiver healthy: what waited is sent.
    receiver.default_answer = 204
    with django_capture_on_commit_callbacks(execute=True):
        subscription_set_active(actor=people.admin, subscription=subscribed, active=True)
    assert Subscription.objects.get(pk=subscribed.pk).consecutive_failures == 0
    assert Delivery.objects.filter(status=DeliveryStatus.DELIVERED).count() == 1
    assert receiver.received[-1].payload["type"] == "webhook.test"


def test_events_from_the_services_while_disabled_wait_and_leave_on_enabling(
    people, subscribed, receiver, django_capture_on_commit_callbacks
):
    from panelist.webhooks.services import emit

    with django_capture_on_commit_callbacks(execute=True):
        subscription_set_active(actor=people.admin, subscription=subscribed, active=False)
    with django_capture_on_commit_callbacks(execute=True):
        emit("application.stage_changed", application_id=7, stage="screening")
    waiting = Delivery.objects.get(subscription=subscribed)
    assert (waiting.status, waiting.attempts) == (DeliveryStatus.PENDING, 0)
    assert receiver.received == []
    with django_capture_on_commit_callbacks(execute=True):
        subscription_set_active(actor=people.admin, subscription=subscribed, active=True)
    waiting.refresh_from_db()
    assert waiting.status == DeliveryStatus.DELIVERED
    assert receiver.received[-1].payload["type"] == "application.stage_changed"
