"""The candidate's private link: making, revoking and resolving it, in one place.

``candidate_link_required`` turns a view written as ``view(request, application, ...)`` into
one routed under ``/c/<token>/``: it finds the link by the SHA-256 of the token, answers an
expired or revoked link with a page naming whom to contact, throttles requests per link and
guesses per address, and hands the view the application the link opens. Every candidate-facing
view goes through it; nothing else reads a token.
"""

from __future__ import annotations

import functools
import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.shortcuts import render
from django.utils import timezone

from panelist.core.errors import NotAllowed
from panelist.portal.models import CandidateLink

TOKEN_BYTES = 32
TOKEN_LENGTH = 43  # secrets.token_urlsafe(32)
WINDOW_SECONDS = 3600


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def link_url(token: str) -> str:
    return f"{settings.PANELIST_BASE_URL}/c/{token}/"


@transaction.atomic
def link_create(
    *, actor, application, days: int | None = None, now=None
) -> tuple[CandidateLink, str]:
    """A new link to ``application``; returns it and the token, which is never stored. Earlier
    links of the application stay open until they expire or are revoked. The audit log
    records the link, never the token."""
    from panelist.access import permissions
    from panelist.audit import services as audit
    from panelist.audit.models import EventKind

    if not permissions.can_send_candidate_link(actor, application):
        raise NotAllowed("Only recruiters, admins and the opening's hiring manager send links.")
    from panelist.privacy.selectors import is_erased

    if is_erased(application.candidate):
        raise NotAllowed("This candidate's data was erased; there is nothing to link to.")
    now = now or timezone.now()
    token = secrets.token_urlsafe(TOKEN_BYTES)
    link = CandidateLink.objects.create(
        application=application,
        digest=token_digest(token),
        created_by=actor,
        created_at=now,
        expires_at=now + timedelta(days=days or settings.PANELIST_PORTAL_LINK_DAYS),
    )
    audit.record(
        EventKind.CANDIDATE_LINK_CREATED,
        actor,
        target=link,
        application=application.pk,
        expires_at=link.expires_at.isoformat(),
    )
    return link, token


def link_email(*, actor, link: CandidateLink, token: str) -> bool:
    """Send the candidate their new link (``token`` is the one ``link_create`` returned); returns
    whether it went (not when the candidate has no address). Audited, without the token."""
    from panelist.audit import services as audit
    from panelist.audit.models import EventKind
    from panelist.portal import emails

    application = link.application
    if not application.candidate.email:
        return False
    emails.send_link(
        application=application, url=link_url(token), expires_at=link.expires_at, sender=actor
    )
    audit.record(EventKind.CANDIDATE_LINK_EMAILED, actor, target=link, application=application.pk)
    return True


def link_revoke(*, actor, link: CandidateLink, now=None) -> bool:
    """Close ``link`` at once; returns whether it was still open (and then audits it)."""
    from panelist.access import permissions
    from panelist.audit import services as audit
    from panelist.audit.models import EventKind

    if not permissions.can_send_candidate_link(actor, link.application):
        raise NotAllowed("Only recruiters, admins and the opening's hiring manager revoke links.")
    revoked = bool(
        CandidateLink.objects.filter(pk=link.pk, revoked_at__isnull=True).update(
            revoked_at=now or timezone.now(), revoked_by=actor
        )
    )
    if revoked:
        audit.record(
            EventKind.CANDIDATE_LINK_REVOKED,
            actor,
            target=link,
            application=link.application_id,
        )
    return revoked


def link_for(token: str) -> CandidateLink | None:
    """The link this token opens, open or not, or None for a token that is not ours."""
    if len(token) != TOKEN_LENGTH:
        return None
    return (
        CandidateLink.objects.select_related(
            "application__candidate", "application__opening__hiring_manager", "created_by"
        )
        .filter(digest=token_digest(token))
        .first()
    )


def _over_limit(key: str, limit: int) -> bool:
    """Count one more in ``key`` for the current window; true once past ``limit``."""
    if cache.add(key, 1, WINDOW_SECONDS):
        return False
    try:
        return cache.incr(key) > limit
    except ValueError:  # expired between add and incr
        cache.add(key, 1, WINDOW_SECONDS)
        return False


def attempt_allowed(link: CandidateLink, action: str, limit: int) -> bool:
    """Count one attempt of ``action`` (an upload, a copy) on ``link``; false past ``limit``
    within the hour."""
    return not _over_limit(f"portal:{action}:{link.pk}", limit)


def _client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


def _contact(link: CandidateLink) -> dict:
    """Whom the candidate should write to: the person who sent the link, else the opening's
    hiring manager, else the organisation's address."""
    person = link.created_by or link.application.opening.hiring_manager
    if person is not None and person.email:
        return {"name": str(person), "email": person.email}
    return {"name": settings.PANELIST_ORGANISATION_NAME, "email": settings.DEFAULT_FROM_EMAIL}


def _refusal(request, template: str, status: int, context: dict | None = None):
    response = render(request, template, context or {}, status=status)
    response["Cache-Control"] = "no-store"
    return response


def candidate_link_required(view):
    """Route ``view(request, application, *args, **kwargs)`` under ``/c/<token>/``.

    Unknown tokens answer 404 (and count against the address, which is refused with 429 after
    PANELIST_PORTAL_BAD_LINKS_PER_HOUR); an expired or revoked link answers 410 with whom to
    contact; more than PANELIST_PORTAL_REQUESTS_PER_HOUR requests on one link answer 429.
    The view finds the link itself in ``request.candidate_link`` and the token in
    ``request.candidate_token`` (for building its own links).
    """

    @functools.wraps(view)
    def wrapper(request, token: str, *args, **kwargs):
        address_key = f"portal:bad:{_client_address(request)}"
        if (cache.get(address_key) or 0) >= settings.PANELIST_PORTAL_BAD_LINKS_PER_HOUR:
            return _refusal(request, "portal/too_many.html", 429)
        link = link_for(token)
        if link is None:
            _over_limit(address_key, settings.PANELIST_PORTAL_BAD_LINKS_PER_HOUR)
            return _refusal(request, "portal/unknown_link.html", 404)
        if not link.is_open():
            return _refusal(
                request,
                "portal/link_closed.html",
                410,
                {"revoked": link.revoked_at is not None, "contact": _contact(link)},
            )
        if _over_limit(f"portal:requests:{link.pk}", settings.PANELIST_PORTAL_REQUESTS_PER_HOUR):
            return _refusal(request, "portal/too_many.html", 429, {"contact": _contact(link)})
        request.candidate_link = link
        request.candidate_token = token
        response = view(request, link.application, *args, **kwargs)
        # The token is in the address: no cache keeps the page. The site-wide Referrer-Policy
        # (same-origin) already keeps the address from other sites; "no-referrer" would make
        # Chromium send "Origin: null" with the page's forms, which CSRF then refuses.
        response["Cache-Control"] = "no-store"
        return response

    return wrapper
