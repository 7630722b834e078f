"""Webhook subscriptions and the deliveries made to them.

A delivery is one event for one subscription. Its ``event_id`` (the Standard Webhooks
``webhook-id``) stays the same across retries, so a receiver can drop a repeat. The status is
claimed with one conditional UPDATE (pending -> sending) before the request leaves, so a
retried task or two workers racing for the same row make at most one request per attempt.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class EventKind(models.TextChoices):
    APPLICATION_CREATED = "application.created", "Application created"
    STAGE_CHANGED = "application.stage_changed", "Application stage changed"
    ASSIGNMENT_CHANGED = "assignment.changed", "Committee assignment created, changed or removed"
    SCORECARD_SUBMITTED = "scorecard.submitted", "Scorecard submitted"
    COMMITTEE_COMPLETE = "committee.complete", "All scorecards in"
    COMMITTEE_RECOMMENDED = "committee.recommended", "Committee recommendation recorded"
    DECISION_MADE = "decision.made", "Decision made"


# Sent only by the "send a test event" button; nobody subscribes to it.
TEST_EVENT = "webhook.test"


class Subscription(models.Model):
    name = models.CharField(max_length=100)
    url = models.URLField(max_length=500)
    events = models.JSONField(default=list, help_text="The EventKind values delivered.")
    # Signing secrets ("whsec_" + base64). After a rotation the previous one stays valid, and
    # deliveries carry a signature with each, until previous_secret_until.
    secret = models.CharField(max_length=100)
    previous_secret = models.CharField(max_length=100, blank=True)
    previous_secret_until = models.DateTimeField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    disabled_at = models.DateTimeField(null=True, blank=True)
    disabled_reason = models.CharField(max_length=300, blank=True)
    consecutive_failures = models.PositiveIntegerField(
        default=0, help_text="Failed attempts since the last success, across deliveries."
    )
    last_success_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.url})"

    def event_labels(self) -> list[str]:
        labels = dict(EventKind.choices)
        return [labels.get(kind, kind) for kind in self.events]


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Waiting"
    SENDING = "sending", "Being sent"
    DELIVERED = "delivered", "Delivered"
    FAILED = "failed", "Failed after the last try"


class Delivery(models.Model):
    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    event_id = models.CharField(max_length=40)
    kind = models.CharField(max_length=40)
    payload = models.JSONField()
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    claimed_at = models.DateTimeField(null=True, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    response_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "event_id"], name="webhook_delivery_once_per_event"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="webhook_delivery_due"),
            models.Index(fields=["subscription", "-created_at"], name="webhook_delivery_log"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.event_id} to {self.subscription_id}"
