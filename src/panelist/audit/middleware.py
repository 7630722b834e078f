"""Where the request being served comes from, for the audit log: the client's address (as the
sign-in throttle reads it, allauth's ``get_client_ip``, which honours
ALLAUTH_TRUSTED_PROXY_COUNT behind a proxy) and the browser's user agent, cut short."""

from __future__ import annotations

from contextvars import ContextVar

from allauth.account.adapter import get_adapter
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.core.validators import validate_ipv46_address

MAX_USER_AGENT = 300
# The request being served, read only when an event is recorded.
_request: ContextVar[object | None] = ContextVar("panelist_audit_request", default=None)


def origin_of(request) -> tuple[str | None, str]:
    try:
        ip = get_adapter(request).get_client_ip(request)
        validate_ipv46_address(ip)
    except (PermissionDenied, ValidationError, ImproperlyConfigured):
        # No usable address, or fewer X-Forwarded-For entries than PANELIST_TRUSTED_PROXIES
        # (a request that bypassed the proxy): the event is kept without one.
        ip = None
    user_agent = request.META.get("HTTP_USER_AGENT", "")[:MAX_USER_AGENT]
    return ip, user_agent


def current_origin() -> tuple[str | None, str]:
    """The origin of the request being served; (None, "") outside one (commands, tasks)."""
    request = _request.get()
    return origin_of(request) if request is not None else (None, "")


def request_context(get_response):
    def middleware(request):
        token = _request.set(request)
        try:
            return get_response(request)
        finally:
            _request.reset(token)

    return middleware
