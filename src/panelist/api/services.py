"""Creating, revoking and checking personal API tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from panelist.api.models import ApiToken
from panelist.audit import services as audit
from panelist.audit.models import EventKind
from panelist.core.errors import DomainError

TOKEN_PREFIX = "pnl_"
MAX_ACTIVE_TOKENS = 20
LAST_USED_PRECISION = timedelta(minutes=1)  # write last_used_at at most once a minute


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def token_create(*, actor, name: str) -> tuple[ApiToken, str]:
    """A new token for ``actor``; returns it with the secret, which is never stored."""
    name = name.strip()
    if not name:
        raise DomainError("Name the token after what will use it, e.g. 'notebook'.", field="name")
    if len(name) > 100:
        raise DomainError("Keep the name under 100 characters.", field="name")
    if ApiToken.objects.filter(user=actor, revoked_at__isnull=True).count() >= MAX_ACTIVE_TOKENS:
        raise DomainError(
            f"You have {MAX_ACTIVE_TOKENS} active tokens; revoke one you no longer use first."
        )
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=actor, name=name, prefix=secret[: len(TOKEN_PREFIX) + 6], digest=_digest(secret)
        )
        audit.record(EventKind.TOKEN_CREATED, actor, target=token, prefix=token.prefix)
    return token, secret


def token_revoke(*, actor, token_id: int) -> ApiToken:
    """Revoke one of ``actor``'s own tokens; someone else's token reads as absent."""
    token = ApiToken.objects.filter(user=actor, pk=token_id).first()
    if token is None:
        raise ApiToken.DoesNotExist
    if token.revoked_at is None:
        with transaction.atomic():
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            audit.record(EventKind.TOKEN_REVOKED, actor, target=token, prefix=token.prefix)
    return token


def user_for_token(secret: str):
    """The active user an active token belongs to, or None."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=_digest(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
