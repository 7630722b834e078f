"""The one e-mail to a candidate: their private link. Candidates have no account, so this is
sent at once rather than through the notifications table, which addresses users; nothing about
the candidate is stored by sending it."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def send_link(*, application, url: str, expires_at, sender) -> None:
    context = {
        "candidate": application.candidate.name,
        "opening": application.opening.title,
        "url": url,
        "expires_at": expires_at,
        "sender": str(sender),
        "organisation": settings.PANELIST_ORGANISATION_NAME,
    }
    message = EmailMultiAlternatives(
        subject=f"Your page for {application.opening.title} at {context['organisation']}",
        body=render_to_string("portal/emails/link.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[application.candidate.email],
        reply_to=[sender.email] if getattr(sender, "email", "") else None,
    )
    message.send()
