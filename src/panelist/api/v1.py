"""Version 1 of the API: one NinjaAPI, with a router per domain app.

Every endpoint reads through ``panelist.access.permissions`` (the same functions the pages
use) and writes through the services, so the blind rule, 404 for records out of reach and the
version checks hold identically on both channels.
"""

from __future__ import annotations

from django.http import Http404
from ninja import NinjaAPI
from ninja.throttling import AuthRateThrottle

from panelist.api.auth import BearerToken
from panelist.core.errors import DomainError, NotAllowed, StaleVersion

api = NinjaAPI(
    title="Panelist API",
    version="1",
    description=(
        "Structured hiring by committee, from code. Authenticate with a personal token "
        "(`Authorization: Bearer pnl_…`, created under Account → API tokens). You see exactly "
        "what you would see in the browser: records out of your reach answer 404, and other "
        "members' scorecards on a candidate stay hidden until you submit your own."
    ),
    urls_namespace="api-v1",
    docs_url="/docs",
    openapi_url="/openapi.json",
    auth=BearerToken(),
    throttle=[AuthRateThrottle("6000/h")],
)


@api.exception_handler(StaleVersion)
def _stale(request, exc: StaleVersion):
    return api.create_response(
        request,
        {"detail": exc.message, "field": exc.field, "current_version": exc.current_version},
        status=409,
    )


@api.exception_handler(NotAllowed)
def _not_allowed(request, exc: NotAllowed):
    return api.create_response(request, {"detail": exc.message, "field": exc.field}, status=403)


@api.exception_handler(DomainError)
def _refused(request, exc: DomainError):
    return api.create_response(request, {"detail": exc.message, "field": exc.field}, status=422)


@api.exception_handler(Http404)
def _absent(request, exc):
    return api.create_response(request, {"detail": "Not found."}, status=404)


def _add_routers() -> None:
    from panelist.calibration.api import router as calibration
    from panelist.decisions.api import router as decisions
    from panelist.hiring.api import router as hiring
    from panelist.interviews.api import router as interviews
    from panelist.library.api import router as library
    from panelist.teams.api import router as teams

    api.add_router("", hiring, tags=["Hiring"])
    api.add_router("", interviews, tags=["Interviews"])
    api.add_router("", decisions, tags=["Decisions"])
    api.add_router("", teams, tags=["Teams"])
    api.add_router("", library, tags=["Library"])
    api.add_router("", calibration, tags=["Calibration"])


_add_routers()
