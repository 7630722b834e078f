"""Response headers beyond Django's own: Permissions-Policy on every answer, and the looser
Content-Security-Policy that only the API's browsable docs get (Swagger UI styles its
elements inline and draws icons from data: URLs)."""

from __future__ import annotations

from functools import wraps

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_replace
from django.conf import settings

SWAGGER_UI_POLICY = {"style-src": [SELF, UNSAFE_INLINE], "img-src": [SELF, "data:"]}


def api_docs_policy(view):
    """django-ninja's ``docs_decorator``: it wraps both the docs page and the OpenAPI schema;
    only the page (route ``openapi-view``) gets the looser policy."""
    loosened = csp_replace(SWAGGER_UI_POLICY)(view)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.resolver_match and request.resolver_match.url_name == "openapi-view":
            return loosened(request, *args, **kwargs)
        return view(request, *args, **kwargs)

    return wrapped


def permissions_policy(get_response):
    """Refuse the browser features Panelist never uses (camera, microphone, location, …), so
    that no injected or framed content can ask for them either."""
    header = ", ".join(f"{feature}=()" for feature in settings.PERMISSIONS_POLICY_DENIED)

    def middleware(request):
        response = get_response(request)
        response.headers.setdefault("Permissions-Policy", header)
        return response

    return middleware
