"""Checks of the production settings, run by `panelist check --deploy` and `panelist serve`."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def base_url_is_the_public_https_address(app_configs, **kwargs):
    """Mail links, unsubscribe links and invite UIDs are built from PANELIST_BASE_URL: left at
    its development default, every link in every mail points at the server's own loopback."""
    if settings.DEBUG:
        return []
    address = urlsplit(settings.PANELIST_BASE_URL)
    if address.scheme == "https" and address.hostname not in (None, "127.0.0.1", "localhost"):
        return []
    return [
        checks.Error(
            f"PANELIST_BASE_URL is {settings.PANELIST_BASE_URL!r}; links in mail and calendar "
            "invites are built from it.",
            hint="Set PANELIST_BASE_URL to the https:// address people reach Panelist at, "
            "before the first invite goes out (invites keep its host in their UID).",
            id="panelist.E001",
        )
    ]


@checks.register(checks.Tags.security, deploy=True)
def limits_are_shared_by_every_worker(app_configs, **kwargs):
    """Without Redis the cache is each process's own, and so are the sign-in throttle's and
    the API rate limit's counts: five workers allow five times the attempts."""
    if settings.DEBUG or settings.PANELIST_WORKERS <= 1:
        return []
    backend = settings.CACHES["default"]["BACKEND"]
    if "redis" in backend.lower():
        return []
    return [
        checks.Warning(
            f"{settings.PANELIST_WORKERS} workers and no REDIS_URL: each worker counts failed "
            "sign-ins and API requests on its own.",
            hint="Set REDIS_URL (e.g. redis://127.0.0.1:6379/0), or PANELIST_WORKERS=1.",
            id="panelist.W001",
        )
    ]
