"""Sign-in events come from Django's and allauth's signals: the flows that send them belong to
those packages, so the signals are where Panelist hears of them."""

from __future__ import annotations

from panelist.audit import services
from panelist.audit.models import EventKind


def signed_in(sender, request, user, **kwargs) -> None:
    services.record(EventKind.SIGNED_IN, user, request)


def sign_in_failed(sender, credentials, request=None, **kwargs) -> None:
    typed = credentials.get("username") or credentials.get("email") or ""
    services.record(
        EventKind.SIGN_IN_FAILED, None, request, actor_name=str(typed), reason="password"
    )


def second_factor_failed(sender, request, user, authenticator, **kwargs) -> None:
    services.record(
        EventKind.SIGN_IN_FAILED,
        user,
        request,
        reason="second factor",
        authenticator=authenticator.type,
    )


def signed_up(sender, request, user, **kwargs) -> None:
    """allauth creates an account at a first company sign-in (password signup is closed)."""
    services.record(
        EventKind.ACCOUNT_CREATED,
        user,
        request,
        target=user,
        source="company sign-in" if kwargs.get("sociallogin") else "signup",
        username=user.get_username(),
        role=user.role,
        staff=user.is_staff,
        superuser=user.is_superuser,
    )


def signed_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        services.record(EventKind.SIGNED_OUT, user, request)


def _authenticator_event(kind):
    def receiver(sender, request, user, authenticator, **kwargs) -> None:
        services.record(kind, user, request, authenticator=authenticator.type)

    return receiver


two_factor_added = _authenticator_event(EventKind.TWO_FACTOR_ADDED)
two_factor_removed = _authenticator_event(EventKind.TWO_FACTOR_REMOVED)
recovery_codes_reset = _authenticator_event(EventKind.RECOVERY_CODES_RESET)


def connect() -> None:
    from allauth.account import signals as account
    from allauth.mfa import signals as mfa
    from django.contrib.auth import signals as auth

    for uid, signal, receiver in [
        ("signed_in", auth.user_logged_in, signed_in),
        ("sign_in_failed", auth.user_login_failed, sign_in_failed),
        ("signed_out", auth.user_logged_out, signed_out),
        ("signed_up", account.user_signed_up, signed_up),
        ("second_factor_failed", mfa.authentication_failed, second_factor_failed),
        ("two_factor_added", mfa.authenticator_added, two_factor_added),
        ("two_factor_removed", mfa.authenticator_removed, two_factor_removed),
        ("recovery_codes_reset", mfa.authenticator_reset, recovery_codes_reset),
    ]:
        signal.connect(receiver, dispatch_uid=f"panelist-audit-{uid}")
