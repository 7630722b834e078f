"""Per-request memory for what the permission layer reads on every check."""

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
