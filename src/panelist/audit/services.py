"""Writing the audit log (``record``) and emptying it of what is past retention (``purge``).

``record`` is called by the services that carry each rule (tokens, exports, imports, library
uploads, decisions, organisation settings, roles) and by the sign-in receivers; nothing else
writes here. Where the event comes from (address, browser) is read from the request in hand,
or from the one being served (``middleware.request_context``), so services need no request.

``details`` is small and holds identifiers, counts and choices, never free text that people
wrote: values are numbers, booleans, or short strings, keys that name text are refused.
"""

from __future__ import annotations

import json
import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from panelist.audit.middleware import current_origin, origin_of
from panelist.audit.models import AuditEvent, EventKind, PurgePermit

logger = logging.getLogger(__name__)

MAX_DETAILS_CHARS = 2000
MAX_DETAIL_STRING = 120
# Keys that would carry what someone wrote (scorecards, notes, rationales): refused whatever
# their value, so that no caller can put such text in the log by accident.
TEXT_KEYS = {"evidence", "notes", "rationale", "summary", "text", "comment", "body", "answer"}


class BadDetails(ValueError):
    pass


def _checked(details: dict) -> dict:
    for key, value in details.items():
        if key in TEXT_KEYS:
            raise BadDetails(f"'{key}' would hold what someone wrote; the audit log holds none.")
        values = value if isinstance(value, list | tuple) else [value]
        for item in values:
            if isinstance(item, str) and len(item) > MAX_DETAIL_STRING:
                raise BadDetails(f"'{key}' is longer than {MAX_DETAIL_STRING} characters.")
            if not isinstance(item, str | int | float | bool | type(None)):
                raise BadDetails(f"'{key}' is a {type(item).__name__}; use plain values.")
    if len(json.dumps(details, default=str)) > MAX_DETAILS_CHARS:
        raise BadDetails(f"The details are longer than {MAX_DETAILS_CHARS} characters.")
    return {
        key: list(value) if isinstance(value, tuple) else value for key, value in details.items()
    }


def record(
    kind: EventKind,
    actor=None,
    request=None,
    target=None,
    *,
    actor_name: str = "",
    **details,
) -> AuditEvent:
    """Append one event. ``actor``: the user who acted (None: the system, or a failed sign-in,
    with ``actor_name`` as typed). ``target``: a model instance, or a short label."""
    ip, user_agent = origin_of(request) if request is not None else current_origin()
    event = AuditEvent(
        kind=EventKind(kind), ip=ip, user_agent=user_agent, details=_checked(details)
    )
    if actor is not None and getattr(actor, "pk", None) is not None:
        event.actor_id = actor.pk
        event.actor_name = actor.get_username()[:150]
    else:
        event.actor_name = (actor_name or "").strip()[:150]
    if isinstance(target, models.Model):
        event.target_type = ContentType.objects.get_for_model(target)
        event.target_id = target.pk
        event.target_label = f"{target._meta.verbose_name} {target.pk}"[:200]
    elif target is not None:
        event.target_label = str(target)[:200]
    event.save()
    return event


def retention_cutoff(now=None):
    return (now or timezone.now()) - timedelta(days=settings.PANELIST_AUDIT_RETENTION_DAYS)


def purge(*, dry_run: bool = False, now=None) -> int:
    """Delete the events older than the retention (PANELIST_AUDIT_RETENTION_DAYS); returns
    how many (would) go. The purge leaves an event of its own."""
    cutoff = retention_cutoff(now)
    old = models.QuerySet(model=AuditEvent).filter(at__lt=cutoff)
    if dry_run:
        return old.count()
    with transaction.atomic():
        permit = PurgePermit.objects.create(before=cutoff)
        deleted = old._raw_delete(old.db)
        permit.delete()
        if deleted:
            record(
                EventKind.AUDIT_PURGED,
                deleted=deleted,
                before=cutoff.isoformat(timespec="seconds"),
                retention_days=settings.PANELIST_AUDIT_RETENTION_DAYS,
            )
    logger.info("Deleted %s audit event(s) from before %s.", deleted, cutoff)
    return deleted
