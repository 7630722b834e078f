"""Per-request memory for the permission layer, the session's lifetime, and the second factor."""

import time

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect

from panelist.access import permissions
from panelist.access.models import request_cache


def settings_once_per_request(get_response):
    """Give each request its own cache (see ``OrganisationSettings.current``), dropped at the
    end of the request so that no setting outlives it."""

    def middleware(request):
        token = request_cache.set({})
        try:
            return get_response(request)
        finally:
            request_cache.reset(token)

    return middleware


SIGNED_IN_AT = "panelist-signed-in-at"
REFRESHED_AT = "panelist-refreshed-at"
# The idle timeout is pushed on by saving the session; saving it at most this often keeps a
# signed-in page from writing to the database on every request, at the price of an idle
# timeout that may come up to this much early.
IDLE_REFRESH_SECONDS = 60


def record_sign_in(sender, request, user, **kwargs) -> None:
    """Connected to ``user_logged_in``: the start of the session's absolute lifetime, and of
    its idle timeout (the session is saved at sign-in)."""
    request.session[SIGNED_IN_AT] = request.session[REFRESHED_AT] = int(time.time())


def session_lifetime(get_response):
    """Sign out a session older than PANELIST_SESSION_MAX_SECONDS, however active it was, and
    push the idle timeout (the session's age, SESSION_COOKIE_AGE) on while it is used: the
    session is saved again once ``IDLE_REFRESH_SECONDS`` have passed since it last was."""

    def middleware(request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            signed_in_at = request.session.get(SIGNED_IN_AT)
            if signed_in_at is None:
                request.session[SIGNED_IN_AT] = now
            elif now - signed_in_at > settings.PANELIST_SESSION_MAX_SECONDS:
                logout(request)
                messages.info(request, "Your session reached its maximum length; sign in again.")
                return redirect_to_login(request.get_full_path())
            if now - request.session.get(REFRESHED_AT, 0) >= IDLE_REFRESH_SECONDS:
                request.session[REFRESHED_AT] = now  # marks the session for saving
        return get_response(request)

    return middleware


# Pages a person who must set up a second factor can still reach: the set-up itself, signing
# out, the health check, and the API (bearer tokens, not sessions).
TWO_FACTOR_EXEMPT_PREFIXES = ("/accounts/", "/healthz", "/api/", "/static/")


def two_factor_required(get_response):
    """Send a signed-in person who must use two-factor sign-in (admins; everyone when the
    organisation says so) to the authenticator set-up until they have one."""

    def middleware(request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(TWO_FACTOR_EXEMPT_PREFIXES)
            and permissions.requires_two_factor(user)
            and not is_mfa_enabled(user, [Authenticator.Type.TOTP])
        ):
            messages.info(
                request,
                "Set up an authenticator app to continue: your organisation requires a "
                "second factor for your account.",
            )
            return redirect("mfa_activate_totp")
        return get_response(request)

    return middleware
