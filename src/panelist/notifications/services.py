"""Schedule and send notifications, each exactly once.

Scheduling writes a row (see models.Notification) inside the caller's transaction, so a mail
exists only for a change that committed; the send task is queued on commit. Sending claims the
row with one conditional UPDATE (pending -> sending) before the mail leaves: whoever loses the
claim sends nothing. A crash after the claim leaves the row "sending" and it is never sent
again: a lost mail shows in the admin, a duplicate could not be taken back.
"""

from __future__ import annotations

import logging
import smtplib
import zoneinfo
from collections import defaultdict
from datetime import datetime, timedelta
from functools import cache

from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from panelist.access import permissions
from panelist.access.models import MailDelivery
from panelist.core.errors import DomainError, NotAllowed
from panelist.hiring.models import CLOSED_STAGES, Application
from panelist.interviews.models import Assignment, ScorecardStatus
from panelist.notifications import emails
from panelist.notifications.models import (
    INVITE_KINDS,
    OPTIONAL_KINDS,
    Kind,
    MailOptOut,
    Notification,
    Status,
)
from panelist.notifications.selectors import assignments_to_nudge, interview_end

FIRST_REMINDER_AFTER_END = timedelta(hours=1)
REMINDER_EVERY = timedelta(days=1)
# With no feedback due date, members are reminded daily for this long after the interview.
REMINDERS_WITHOUT_DUE_DATE = timedelta(days=7)
# A worker back after a long stop does not tell managers about long-past due dates, and
# interviews older than the look-back are not read at all.
OVERDUE_NOTICE_WITHIN = timedelta(days=7)
LOOK_BACK = timedelta(days=60)
# Waits after the 1st, 2nd, ... failed delivery; the try after the last wait is the last.
RETRY_BACKOFF = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
)
MAX_ATTEMPTS = len(RETRY_BACKOFF) + 1

logger = logging.getLogger(__name__)


def _reachable(user) -> bool:
    """Whether mail may go to ``user`` at all: a deactivated account gets none."""
    return bool(user.is_active and user.email)


def _absolute(path: str) -> str:
    from django.conf import settings

    return settings.PANELIST_BASE_URL + path


def _interview_context(assignment: Assignment) -> dict:
    """What a member may read about their own interview: logistics, never anyone's scorecard."""
    application = assignment.application
    return {
        "assignment_id": assignment.pk,
        "application_id": application.pk,
        "candidate": application.candidate.name,
        "opening": application.opening.title,
        "dimensions": [dimension.name for dimension in assignment.dimensions.all()],
        "format": assignment.interview_format.name,
        "duration_minutes": assignment.interview_format.duration_minutes,
        "scheduled_at": assignment.scheduled_at.isoformat() if assignment.scheduled_at else None,
        "mode": assignment.get_mode_display(),
        "location": assignment.location,
        "feedback_due": assignment.feedback_due.isoformat() if assignment.feedback_due else None,
        "kit_url": _absolute(reverse("interview-kit", args=[assignment.pk])),
        "scorecard_url": _absolute(reverse("scorecard-edit", args=[assignment.pk])),
        "member_name": str(assignment.member),
        "member_email": assignment.member.email,
    }


UNSUBSCRIBE_SALT = "panelist.notifications.unsubscribe"


def unsubscribe_token(*, user_id: int, kind: Kind) -> str:
    return signing.dumps({"user": user_id, "kind": str(kind)}, salt=UNSUBSCRIBE_SALT)


def unsubscribe_read(token: str) -> tuple[int, Kind] | None:
    """The person and kind an unsubscribe link names, or None for a link not ours."""
    try:
        value = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        kind = Kind(value["kind"])
        user_id = int(value["user"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    return (user_id, kind) if kind in OPTIONAL_KINDS else None


def mail_opt_out(*, user, kind: Kind) -> None:
    """Turn off one optional kind of mail for ``user``; doing it twice changes nothing."""
    if kind not in OPTIONAL_KINDS:
        raise DomainError("This kind of mail is part of the interview process and stays on.")
    MailOptOut.objects.get_or_create(user=user, kind=kind)


def mail_opt_in(*, user, kind: str) -> Kind:
    """Turn an optional kind of mail back on for ``user`` (undoing an unsubscribe); doing it
    twice changes nothing. Returns the kind."""
    if kind not in OPTIONAL_KINDS:
        raise DomainError("Only news mail (ready for debrief, decisions) can be turned off or on.")
    MailOptOut.objects.filter(user=user, kind=kind).delete()
    return Kind(kind)


def _wants(user, kind: Kind) -> bool:
    return not (kind in OPTIONAL_KINDS and MailOptOut.objects.filter(user=user, kind=kind).exists())


# The daily digest leaves at this hour, in the organisation's time zone (TIME_ZONE).
DIGEST_HOUR = 8


def _create_optional(**fields) -> Notification:
    """Write an optional-kind notification: held for the digest when the recipient chose
    one, otherwise queued to leave once the transaction commits."""
    held = fields["recipient"].mail_delivery == MailDelivery.DAILY
    notification = Notification.objects.create(
        status=Status.HELD if held else Status.PENDING, **fields
    )
    if not held:
        _queue_on_commit(notification.pk)
    return notification


def _queue_on_commit(notification_id: int) -> None:
    from panelist.notifications.tasks import send_notification

    transaction.on_commit(lambda: send_notification.enqueue(notification_id=notification_id))


def assignment_notify(
    *, assignment: Assignment, kind: Kind, extra: dict | None = None
) -> Notification | None:
    """Tell the member of an assignment that it was made, changed or removed, with an invite.

    Call inside the transaction that makes the change (before deleting a removed assignment).
    An interview that has already ended is not announced (a history being recorded), and a
    member without an e-mail address cannot be told.
    """
    if kind not in INVITE_KINDS:
        raise ValueError(f"{kind} is not about an interview's schedule.")
    member = assignment.member
    now = timezone.now()
    end = interview_end(assignment)
    if not _reachable(member) or (end is not None and end <= now):
        return None
    subject = f"assignment:{assignment.pk}"
    earlier = Notification.objects.filter(
        kind__in=INVITE_KINDS, subject=subject, recipient=member
    ).count()
    context = _interview_context(assignment) | {"sequence": earlier} | (extra or {})
    notification = Notification.objects.create(
        kind=kind,
        subject=subject,
        recipient=member,
        due_at=now,
        context=context,
        next_attempt_at=now,
    )
    _queue_on_commit(notification.pk)
    return notification


def interviews_cancel_for_closed(*, application: Application) -> list[Notification]:
    """Send the cancellation of each interview of ``application`` still to come, once the
    application has closed (withdrawn or decided): the member's calendar drops it. Call inside
    the transaction that closes it; the mails leave once it commits. An interview whose
    last invite was a cancellation is not cancelled twice."""
    now = timezone.now()
    upcoming = (
        Assignment.objects.filter(application=application, scheduled_at__gt=now)
        .select_related(
            "member", "interview_format", "application__candidate", "application__opening"
        )
        .prefetch_related("dimensions")
        .order_by("scheduled_at", "pk")
    )
    closed = application.get_stage_display().lower()
    sent = []
    for assignment in upcoming:
        last_invite = (
            Notification.objects.filter(
                kind__in=INVITE_KINDS,
                subject=f"assignment:{assignment.pk}",
                recipient=assignment.member,
            )
            .order_by("-created_at", "-pk")
            .values_list("kind", flat=True)
            .first()
        )
        if last_invite == Kind.REMOVED:
            continue  # cancelled already (closed before, reopened, closed again)
        notification = assignment_notify(
            assignment=assignment, kind=Kind.REMOVED, extra={"closed_stage": closed}
        )
        if notification is not None:
            sent.append(notification)
    return sent


def committee_ready_notify(*, application: Application) -> Notification | None:
    """Tell the hiring manager that every committee member has submitted ("ready for
    debrief"). Call inside the transaction of a submission, holding the application's lock;
    nothing is sent while a member is still writing. The mail carries counts and a link, none
    of the scorecards' content."""
    from panelist.hiring.selectors import committee_is_complete

    if not committee_is_complete(application.pk):
        return None
    manager = application.opening.hiring_manager
    if not _reachable(manager) or not _wants(manager, Kind.READY):
        return None
    now = timezone.now()
    return _create_optional(
        kind=Kind.READY,
        subject=f"application:{application.pk}",
        recipient=manager,
        due_at=now,
        context={
            "application_id": application.pk,
            "candidate": application.candidate.name,
            "opening": application.opening.title,
            "scorecards": Assignment.objects.filter(application=application).count(),
            "debrief_url": _absolute(reverse("debrief", args=[application.pk])),
        },
        next_attempt_at=now,
    )


def decision_recorded_notify(*, decision) -> list[Notification]:
    """Tell each committee member the decision's outcome and level. Call inside the
    transaction that records it; the mails leave once it commits. The rationale stays out (it
    may weigh what members wrote), as does anything of any scorecard."""
    application = decision.application
    outcome = decision.get_outcome_display()
    members = {
        assignment.member
        for assignment in Assignment.objects.filter(application=application).select_related(
            "member"
        )
        if _reachable(assignment.member)
        and assignment.member_id != decision.decided_by_id
        and _wants(assignment.member, Kind.DECIDED)
    }
    return [
        _create_optional(
            kind=Kind.DECIDED,
            subject=f"application:{application.pk}",
            recipient=member,
            due_at=decision.decided_at,
            context={
                "application_id": application.pk,
                "candidate": application.candidate.name,
                "opening": application.opening.title,
                "outcome": outcome,
                "level": str(decision.level) if decision.level else "",
                "manager_name": str(decision.decided_by),
                "application_url": _absolute(reverse("application-detail", args=[application.pk])),
            },
            next_attempt_at=decision.decided_at,
        )
        for member in sorted(members, key=lambda member: member.pk)
    ]


def _start_of_day(moment: datetime) -> datetime:
    """Midnight of ``moment``'s day in the organisation's time zone."""
    local = timezone.localtime(moment)
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def scorecard_nudge(*, actor, assignment: Assignment) -> Notification:
    """The hiring manager reminds one committee member who has not submitted; once per member
    and day (the day, in the organisation's time zone, is part of the notification's key)."""
    application = assignment.application
    if not permissions.can_decide(actor, application):
        raise NotAllowed("Only the opening's hiring manager nudges the committee.")
    if application.is_closed:
        raise DomainError("The application is closed; there is nothing left to nudge for.")
    now = timezone.now()
    if assignment.pk not in {a.pk for a in assignments_to_nudge(application=application, now=now)}:
        if Assignment.objects.filter(pk=assignment.pk, submitted=True).exists():
            raise DomainError(f"{assignment.member} has already submitted their scorecard.")
        raise DomainError(
            f"{assignment.member}'s interview has not been held yet; nudge once it is over."
        )
    member = assignment.member
    if not member.is_active:
        raise DomainError(f"{member}'s account is deactivated; there is nobody to nudge.")
    if not member.email:
        raise DomainError(f"{member} has no e-mail address; ask them in person.")
    day = _start_of_day(now)
    subject = f"assignment:{assignment.pk}"
    earlier = Notification.objects.filter(
        kind=Kind.NUDGE, subject=subject, recipient=member, due_at=day
    ).first()
    if earlier is not None:
        raise DomainError(
            f"You nudged {member} today at {timezone.localtime(earlier.created_at):%H:%M}; "
            "you can nudge again tomorrow."
        )
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                kind=Kind.NUDGE,
                subject=subject,
                recipient=member,
                due_at=day,
                context=_interview_context(assignment) | {"manager_name": str(actor)},
                next_attempt_at=now,
            )
            _queue_on_commit(notification.pk)
    except IntegrityError:
        raise DomainError(f"{member} was nudged a moment ago; try again tomorrow.") from None
    return notification


def reminder_moment(*, end: datetime, due: datetime | None, now: datetime) -> datetime | None:
    """The latest reminder moment at or before ``now``: 1 hour after the interview ends, then
    every day, while the due date has not passed. None when no reminder is due."""
    first = end + FIRST_REMINDER_AFTER_END
    last = due if due is not None else end + REMINDERS_WITHOUT_DUE_DATE
    if now < first or now > last:
        return None
    return first + ((now - first) // REMINDER_EVERY) * REMINDER_EVERY


def reminders_schedule(*, now: datetime | None = None) -> int:
    """Write the scorecard reminders and overdue notices due at ``now``; returns how many are
    new. Running it again at any moment adds nothing already written (the key is unique)."""
    now = now or timezone.now()
    open_assignments = (
        Assignment.objects.filter(
            scheduled_at__isnull=False,
            scheduled_at__lte=now,
            scheduled_at__gte=now - LOOK_BACK,
        )
        .exclude(application__stage__in=CLOSED_STAGES)
        .exclude(scorecard__status=ScorecardStatus.SUBMITTED)
        .filter(Q(feedback_due__isnull=True) | Q(feedback_due__gte=now - OVERDUE_NOTICE_WITHIN))
        .select_related(
            "member",
            "interview_format",
            "application__candidate",
            "application__opening__hiring_manager",
        )
        .prefetch_related("dimensions")
    )
    rows: list[Notification] = []
    overdue: dict[tuple[int, datetime], list[Assignment]] = defaultdict(list)
    for assignment in open_assignments:
        end = interview_end(assignment)
        moment = reminder_moment(end=end, due=assignment.feedback_due, now=now)
        if moment is not None and _reachable(assignment.member):
            rows.append(
                Notification(
                    kind=Kind.REMINDER,
                    subject=f"assignment:{assignment.pk}",
                    recipient=assignment.member,
                    due_at=moment,
                    context=_interview_context(assignment),
                    next_attempt_at=now,
                )
            )
        if assignment.feedback_due is not None and assignment.feedback_due < now:
            overdue[(assignment.application_id, assignment.feedback_due)].append(assignment)
    for (application_id, due), late in overdue.items():
        application = late[0].application
        manager = application.opening.hiring_manager
        if not _reachable(manager):
            continue
        rows.append(
            Notification(
                kind=Kind.OVERDUE,
                subject=f"application:{application_id}",
                recipient=manager,
                due_at=due,
                context={
                    "application_id": application_id,
                    "candidate": application.candidate.name,
                    "opening": application.opening.title,
                    "feedback_due": due.isoformat(),
                    "overdue": [
                        {
                            "member_name": str(a.member),
                            "format": a.interview_format.name,
                            "feedback_due": due.isoformat(),
                        }
                        for a in late
                    ],
                    "application_url": _absolute(
                        reverse("application-detail", args=[application_id])
                    ),
                },
                next_attempt_at=now,
            )
        )
    if not rows:
        return 0
    before = Notification.objects.count()
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    return Notification.objects.count() - before


def notifications_due(*, now: datetime | None = None) -> list[int]:
    """Ids of notifications waiting to be sent whose time (or next try) has come."""
    now = now or timezone.now()
    return list(
        Notification.objects.filter(status=Status.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "id")
        .values_list("pk", flat=True)
    )


def _why_not_send(notification: Notification) -> str:
    """Why a claimed notification should no longer leave ("" when it should): its recipient's
    account was deactivated, or a reminder, nudge or overdue notice outlived its reason (the
    scorecard is in, the assignment is gone, the application is closed)."""
    if not _reachable(notification.recipient):
        return "The recipient's account is deactivated or has no e-mail address."
    if notification.kind == Kind.REVIEW:
        from panelist.outcomes.services import review_request_obsolete

        return review_request_obsolete(notification)
    if notification.kind not in (Kind.REMINDER, Kind.NUDGE, Kind.OVERDUE):
        return ""
    model, _, pk = notification.subject.partition(":")
    if not pk.isdigit():
        return ""
    if model == "assignment":
        still_open = Assignment.objects.filter(pk=int(pk), submitted=False).exclude(
            application__stage__in=CLOSED_STAGES
        )
        if not still_open.exists():
            return "The scorecard is in, the assignment is gone or the application is closed."
    elif model == "application":
        still_open = Assignment.objects.filter(application_id=int(pk), submitted=False).exclude(
            application__stage__in=CLOSED_STAGES
        )
        if not still_open.exists():
            return "Every scorecard is in or the application is closed."
    return ""


def _error_text(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"[:2000]


def notification_send(*, notification_id: int) -> bool:
    """Send one notification if nobody has claimed it yet. Returns whether this call sent it.

    A notification that should no longer leave (see ``_why_not_send``) is marked skipped. A
    failed delivery goes back to pending with a later next try (``RETRY_BACKOFF``); after
    ``MAX_ATTEMPTS`` it stays failed, with the error, for the admin page. Any other error
    after the claim marks it failed at once, so that no row stays "sending"."""
    now = timezone.now()
    claimed = Notification.objects.filter(
        pk=notification_id, status=Status.PENDING, next_attempt_at__lte=now
    ).update(status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    if not claimed:
        return False
    row = Notification.objects.filter(pk=notification_id)
    try:
        notification = Notification.objects.select_related("recipient").get(pk=notification_id)
        reason = _why_not_send(notification)
        if reason:
            row.update(status=Status.SKIPPED, last_error=reason)
            return False
        emails.build(notification).send()
    except (smtplib.SMTPException, OSError) as error:
        failed_for_good = notification.attempts >= MAX_ATTEMPTS
        row.update(
            status=Status.FAILED if failed_for_good else Status.PENDING,
            next_attempt_at=now
            if failed_for_good
            else now + RETRY_BACKOFF[notification.attempts - 1],
            last_error=_error_text(error),
        )
        return False
    except Exception as error:
        logger.exception("Notification %s failed after it was claimed", notification_id)
        row.update(status=Status.FAILED, last_error=_error_text(error))
        return False
    row.update(status=Status.SENT, sent_at=timezone.now(), last_error="")
    return True


def digest_moment(now: datetime) -> datetime:
    """The latest digest moment at or before ``now`` (DIGEST_HOUR each day, TIME_ZONE)."""
    local = timezone.localtime(now)
    moment = local.replace(hour=DIGEST_HOUR, minute=0, second=0, microsecond=0)
    return moment if moment <= local else moment - timedelta(days=1)


def digests_send(*, now: datetime | None = None) -> int:
    """Send each person who chose the digest one mail with everything held for them before
    the latest digest moment. Rows are claimed (held -> sending) before the mail leaves, so a
    second run or a second worker sends nothing more. Returns how many digests left.

    A failed digest waits as single mails do (``RETRY_BACKOFF``) and its rows are failed
    after ``MAX_ATTEMPTS``; rows for a deactivated account are skipped."""
    now = now or timezone.now()
    cut = digest_moment(now)
    held = Notification.objects.filter(
        status=Status.HELD, created_at__lte=cut, next_attempt_at__lte=now
    )
    sent = 0
    for recipient_id in held.values_list("recipient_id", flat=True).distinct():
        ids = list(held.filter(recipient_id=recipient_id).values_list("pk", flat=True))
        claimed = Notification.objects.filter(pk__in=ids, status=Status.HELD).update(
            status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
        )
        if not claimed:
            continue
        claimed_rows = Notification.objects.filter(
            pk__in=ids, status=Status.SENDING, claimed_at=now
        )
        rows: list[Notification] = []
        try:
            rows = list(claimed_rows.select_related("recipient").order_by("created_at", "pk"))
            if not _reachable(rows[0].recipient):
                claimed_rows.update(
                    status=Status.SKIPPED,
                    last_error="The recipient's account is deactivated or has no e-mail address.",
                )
                continue
            emails.build_digest(rows).send()
        except (smtplib.SMTPException, OSError) as error:
            for notification in rows:
                failed_for_good = notification.attempts >= MAX_ATTEMPTS
                Notification.objects.filter(pk=notification.pk).update(
                    status=Status.FAILED if failed_for_good else Status.HELD,
                    next_attempt_at=now
                    if failed_for_good
                    else now + RETRY_BACKOFF[notification.attempts - 1],
                    last_error=_error_text(error),
                )
            continue
        except Exception as error:
            logger.exception("The digest to user %s failed after it was claimed", recipient_id)
            claimed_rows.update(status=Status.FAILED, last_error=_error_text(error))
            continue
        claimed_rows.update(status=Status.SENT, sent_at=timezone.now(), last_error="")
        sent += 1
    return sent


def mail_settings_save(*, actor, delivery: str, time_zone: str) -> None:
    """Choose when optional mail arrives (as it happens or in one daily digest) and the time
    zone mail reads times in ("" for the organisation's). Mail held for a digest already stays
    there (it leaves with the next digest); mail already sent keeps the times it showed."""
    if delivery not in MailDelivery.values:
        raise DomainError("Choose 'as it happens' or 'in one daily digest'.", field="delivery")
    if time_zone and time_zone not in zoneinfo.available_timezones():
        raise DomainError(
            f"{time_zone[:64]!r} is not a time zone name; choose one from the list.",
            field="time_zone",
        )
    actor.mail_delivery = delivery
    actor.time_zone = time_zone
    actor.save(update_fields=["mail_delivery", "time_zone"])


@cache
def time_zone_names() -> tuple[str, ...]:
    """The IANA names a person may choose, sorted; legacy aliases (``US/Eastern``, ``EST``)
    are left out of the list but their canonical names are in it."""
    legacy = ("Etc/", "SystemV/", "US/", "posix", "right")
    return tuple(
        sorted(
            name
            for name in zoneinfo.available_timezones()
            if name == "UTC" or ("/" in name and not name.startswith(legacy))
        )
    )
