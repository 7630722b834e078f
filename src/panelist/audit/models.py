"""The audit log: one row per security-relevant event, written once and never changed.

The rows refuse change from Python (``save`` on a stored row, ``delete``, and the queryset's
``update`` and ``delete`` raise ``AppendOnly``) and, in the database, a trigger refuses UPDATE
always and DELETE except from the retention purge (``services.purge``; see migration 0001).

The actor and the target are kept as ids without a foreign-key constraint: deleting a user or
a record must neither fail nor rewrite the log, and the username is kept beside the id.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


class AppendOnly(Exception):
    """An audit event was to be changed or deleted outside the retention purge."""


class EventKind(models.TextChoices):
    SIGNED_IN = "signed_in", "Signed in"
    SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
    SIGNED_OUT = "signed_out", "Signed out"
    TWO_FACTOR_ADDED = "two_factor_added", "Second factor added"
    TWO_FACTOR_REMOVED = "two_factor_removed", "Second factor removed"
    RECOVERY_CODES_RESET = "recovery_codes_reset", "Recovery codes regenerated"
    ACCOUNT_CREATED = "account_created", "Account created"
    ROLE_CHANGED = "role_changed", "Role or permissions changed"
    MEMBERSHIP_CHANGED = "membership_changed", "Team membership changed"
    TOKEN_CREATED = "token_created", "API token created"
    TOKEN_REVOKED = "token_revoked", "API token revoked"
    EXPORTED = "exported", "Data exported"
    IMPORTED = "imported", "Data imported"
    LIBRARY_UPLOADED = "library_uploaded", "Library uploaded"
    COMMITTEE_RECOMMENDED = "committee_recommended", "Committee recommendation recorded"
    DECISION_RECORDED = "decision_recorded", "Decision recorded"
    SETTINGS_CHANGED = "settings_changed", "Organisation settings changed"
    AUDIT_PURGED = "audit_purged", "Old audit events deleted"
    CANDIDATE_ERASED = "candidate_erased", "Candidate's data erased"
    CANDIDATE_COPY_PRODUCED = "candidate_copy_produced", "Copy of a candidate's data produced"
    CANDIDATE_LINK_CREATED = "candidate_link_created", "Candidate link created"
    CANDIDATE_LINK_EMAILED = "candidate_link_emailed", "Candidate link e-mailed"
    CANDIDATE_LINK_REVOKED = "candidate_link_revoked", "Candidate link revoked"


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnly("Audit events are never changed.")

    def delete(self):
        raise AppendOnly("Audit events are deleted only by `panelist audit purge`.")


class AuditEvent(models.Model):
    at = models.DateTimeField(default=timezone.now, db_index=True)
    kind = models.CharField(max_length=40, choices=EventKind.choices, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    # The username at the time, or as typed on a failed sign-in (which may match no account).
    actor_name = models.CharField(max_length=150, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    target_type = models.ForeignKey(
        ContentType,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    target_id = models.BigIntegerField(null=True, blank=True)
    target_label = models.CharField(max_length=200, blank=True)
    details = models.JSONField(default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["actor", "-at"], name="audit_actor_at")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} by {self.actor_name or 'the system'} at {self.at:%c}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise AppendOnly("Audit events are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("Audit events are deleted only by `panelist audit purge`.")

    @property
    def detail_items(self) -> list[tuple[str, str]]:
        """The details as the page shows them: "two factor for everyone: yes"."""

        def shown(value) -> str:
            if isinstance(value, bool):
                return "yes" if value else "no"
            if isinstance(value, list):
                return ", ".join(shown(item) for item in value)
            return "—" if value is None else str(value)

        return [(key.replace("_", " "), shown(value)) for key, value in self.details.items()]


class PurgePermit(models.Model):
    """Written and removed inside the purge's own transaction: while it exists, and only for
    that transaction, the database lets events older than ``before`` be deleted. No other
    connection ever sees one (it is gone before the transaction commits)."""

    before = models.DateTimeField()

    def __str__(self) -> str:
        return f"Purge of the events before {self.before:%c}"
