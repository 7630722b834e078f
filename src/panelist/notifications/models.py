"""What Panelist tells people by e-mail, one row per message, sent at most once.

A notification is keyed by what it is about: its kind, the object (``assignment:12``), the
recipient and the moment it is due. The unique constraint on that key makes a second schedule
of the same reminder a no-op, and the status column is claimed in one UPDATE before the mail
leaves, so a retried task or two workers racing for the same row send it once.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Kind(models.TextChoices):
    ASSIGNED = "assigned", "Assigned to an interview"
    CHANGED = "changed", "Interview changed"
    REMOVED = "removed", "Removed from an interview"
    REMINDER = "reminder", "Scorecard reminder"
    OVERDUE = "overdue", "Scorecards overdue (to the hiring manager)"
    READY = "ready", "Ready for debrief (to the hiring manager)"
    NUDGE = "nudge", "Nudge from the hiring manager"
    DECIDED = "decided", "Decision recorded (to the committee)"
    REVIEW = "review", "Review of a hire due (to the hiring manager)"


INVITE_KINDS = (Kind.ASSIGNED, Kind.CHANGED, Kind.REMOVED)
# Mail a person may turn off (each carries an unsubscribe link); the rest is part of the job.
OPTIONAL_KINDS = (Kind.READY, Kind.DECIDED)


class Status(models.TextChoices):
    PENDING = "pending", "Waiting to be sent"
    HELD = "held", "Held for the daily digest"
    SENDING = "sending", "Being sent"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed after the last try"
    SKIPPED = "skipped", "Not sent: no longer relevant"


class Notification(models.Model):
    kind = models.CharField(max_length=20, choices=Kind.choices)
    subject = models.CharField(
        max_length=64, help_text="What it is about, as model:id (the row may since be gone)."
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    due_at = models.DateTimeField(help_text="The moment this message belongs to.")
    context = models.JSONField(
        default=dict, help_text="What the message says, fixed when it was scheduled."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-due_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "subject", "recipient", "due_at"], name="notification_key_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(status=Status.SENT) | models.Q(sent_at__isnull=False),
                name="notification_sent_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="notification_due"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.recipient} ({self.subject})"


class CalendarFeed(models.Model):
    """A person's secret calendar address. Only a SHA-256 of the random secret is kept (the
    address is shown once, when made); renewing replaces it, revoking deletes the row, and
    either way the old address stops answering."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Calendar feed of {self.user}"


class MailOptOut(models.Model):
    """A person turned off one optional kind of mail (through its unsubscribe link)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mail_opt_outs"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="mail_opt_out_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} turned off {self.get_kind_display()}"
