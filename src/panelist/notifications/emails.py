"""Turn a notification row into the e-mail it stands for: text, HTML and, for interviews, an
invite. Everything shown comes from the row's context, fixed when it was scheduled, and times
read in the recipient's time zone."""

from __future__ import annotations

from datetime import datetime
from email.mime.text import MIMEText
from email.utils import formataddr
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from panelist.notifications import calendar
from panelist.notifications.models import INVITE_KINDS, OPTIONAL_KINDS, Kind, Notification

SUBJECTS = {
    Kind.ASSIGNED: "Interview: {format} with {candidate}",
    Kind.CHANGED: "Interview changed: {format} with {candidate}",
    Kind.REMOVED: "Interview cancelled: {format} with {candidate}",
    Kind.REMINDER: "Scorecard due: {format} with {candidate}",
    Kind.OVERDUE: "Scorecards overdue on {candidate}",
    Kind.READY: "Ready for debrief: {candidate}",
    Kind.NUDGE: "Your scorecard on {candidate}, please",
    Kind.DECIDED: "Decision on {candidate}: {outcome}",
    Kind.REVIEW: "{period}-month review of {candidate}, please",
}


def time_zone_of(user) -> ZoneInfo:
    return ZoneInfo(user.time_zone or settings.TIME_ZONE)


def local_time(value: str | None, time_zone: ZoneInfo) -> str:
    """``Tuesday 8 December 2026, 14:00 (Europe/Paris, CET)``, or "" for no time."""
    if not value:
        return ""
    moment = datetime.fromisoformat(value).astimezone(time_zone)
    return f"{moment:%A} {moment.day} {moment:%B %Y, %H:%M} ({time_zone.key}, {moment.tzname()})"


def build(notification: Notification, *, in_digest: bool = False) -> EmailMultiAlternatives:
    """The mail for one notification; ``in_digest`` leaves out the greeting and the signature,
    which the digest holding it gives once."""
    recipient = notification.recipient
    time_zone = time_zone_of(recipient)
    context = dict(notification.context)
    context.update(
        organisation=settings.PANELIST_ORGANISATION_NAME,
        recipient_name=str(recipient),
        interview_time=local_time(context.get("scheduled_at"), time_zone),
        due_time=local_time(context.get("feedback_due"), time_zone),
        time_zone=time_zone.key,
        in_digest=in_digest,
    )
    for overdue in context.get("overdue", []):
        overdue["due_time"] = local_time(overdue["feedback_due"], time_zone)
    headers = {"Auto-Submitted": "auto-generated"}
    if notification.kind in OPTIONAL_KINDS:
        from panelist.notifications.services import unsubscribe_token

        token = unsubscribe_token(user_id=recipient.pk, kind=notification.kind)
        context["unsubscribe_url"] = settings.PANELIST_BASE_URL + reverse(
            "mail-unsubscribe", args=[token]
        )
        # RFC 8058: a mail program may unsubscribe with one POST to this address, no page.
        headers["List-Unsubscribe"] = f"<{context['unsubscribe_url']}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    template = f"notifications/emails/{notification.kind}"
    message = EmailMultiAlternatives(
        subject=f"[{context['organisation']}] " + SUBJECTS[notification.kind].format(**context),
        body=render_to_string(f"{template}.txt", context),
        from_email=formataddr((context["organisation"], settings.DEFAULT_FROM_EMAIL)),
        to=[formataddr((str(recipient), recipient.email))],
        headers=headers,
    )
    message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    if notification.kind in INVITE_KINDS and context.get("scheduled_at"):
        cancel = notification.kind == Kind.REMOVED
        ics = calendar.invite(
            context=context, cancel=cancel, time_zone=time_zone, now=timezone.now()
        )
        part = MIMEText(ics.decode(), "calendar", "utf-8")
        part.set_param("method", "CANCEL" if cancel else "REQUEST")
        part.add_header("Content-Disposition", "attachment", filename="invite.ics")
        message.attach(part)
    return message


def build_digest(notifications: list[Notification]) -> EmailMultiAlternatives:
    """One mail holding several held notifications of one recipient: one greeting, then each
    as its own mail would read (its subject, then its text) without greeting or signature."""
    recipient = notifications[0].recipient
    organisation = settings.PANELIST_ORGANISATION_NAME
    parts = []
    for notification in notifications:
        single = build(notification, in_digest=True)
        parts.append(
            {
                "subject": single.subject.removeprefix(f"[{organisation}] "),
                "text": single.body,
                "unsubscribe_url": single.extra_headers.get("List-Unsubscribe", "").strip("<>"),
            }
        )
    context = {
        "organisation": organisation,
        "recipient_name": str(recipient),
        "parts": parts,
        "time_zone": time_zone_of(recipient).key,
    }
    count = len(parts)
    message = EmailMultiAlternatives(
        subject=f"[{organisation}] Daily digest: {count} update{'s' if count != 1 else ''}",
        body=render_to_string("notifications/emails/digest.txt", context),
        from_email=formataddr((organisation, settings.DEFAULT_FROM_EMAIL)),
        to=[formataddr((str(recipient), recipient.email))],
        headers={"Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(
        render_to_string("notifications/emails/digest.html", context), "text/html"
    )
    return message
