"""How django-allauth signs people in here: no signup, throttled per account, and a second
factor that a person who must have one cannot remove."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q

from panelist.access import permissions


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "username_password_mismatch": (
            "The username or e-mail address and the password do not match an account. "
            "Check both fields and try again."
        ),
        "email_password_mismatch": (
            "The username or e-mail address and the password do not match an account. "
            "Check both fields and try again."
        ),
        "too_many_login_attempts": (
            "Too many failed sign-ins for this account or from this address. Sign-in is "
            "paused, even with the right password: wait {minutes} minutes and try again, or "
            "reset your password by e-mail."
        ),
    }

    def is_open_for_signup(self, request) -> bool:
        """Admins create accounts (Django admin); nobody signs themselves up."""
        return False

    def pre_authenticate(self, request, **credentials) -> None:
        """A sign-in refused by the throttle never reaches Django's authenticate (which
        signals failures to the audit log), so it is written to the log here."""
        try:
            super().pre_authenticate(request, **credentials)
        except forms.ValidationError:
            from panelist.audit import services as audit
            from panelist.audit.models import EventKind

            typed = credentials.get("username") or credentials.get("email") or ""
            audit.record(
                EventKind.SIGN_IN_FAILED, None, request, actor_name=str(typed), reason="throttled"
            )
            raise

    def validation_error(self, code: str, *args):
        if code == "too_many_login_attempts":
            minutes = max(1, round(settings.PANELIST_LOGIN_WINDOW_SECONDS / 60))
            message = self.error_messages[code].format(minutes=minutes)
            return forms.ValidationError(message, code=code)
        return super().validation_error(code, *args)

    def _get_login_attempts_cache_key(self, request, **credentials: Any) -> str:
        """Count failures per account, whether the person typed its username or its e-mail
        address; a name that matches no account is counted on its own."""
        login = credentials.get("email", credentials.get("username", "")).strip().lower()
        user_ids = list(
            get_user_model()
            .objects.filter(Q(username__iexact=login) | Q(email__iexact=login))
            .values_list("pk", flat=True)[:2]
        )
        if len(user_ids) == 1:
            return f"account:{user_ids[0]}"
        return f"login:{login}"


class MFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        """Whoever must sign in with a second factor keeps their authenticator app; they may
        still regenerate recovery codes."""
        if authenticator.type == Authenticator.Type.TOTP and permissions.requires_two_factor(
            authenticator.user
        ):
            return False
        return super().can_delete_authenticator(authenticator)
