"""Version 1 of the API: one NinjaAPI, with a router per domain app.

Every endpoint reads through ``panelist.access.permissions`` (the same functions the pages
use) and writes through the services, so the blind rule, 404 for records out of reach and the
version checks hold identically on both channels.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import RequestDataTooBig
from django.http import Http404
from django.urls import reverse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError
from ninja.throttling import BaseThrottle

from panelist.api.auth import BearerToken
from panelist.api.concurrency import PreconditionRequired
from panelist.api.parser import OneValueParser
from panelist.api.schemas import Problem
from panelist.config import RATE_PERIODS
from panelist.core.errors import DomainError, NotAllowed, StaleVersion
from panelist.core.security import api_docs_policy

# Answers any operation can give, documented once for all of them: every refusal has the
# shape of ``Problem``.
COMMON_RESPONSES = {
    400: "The body is not valid JSON.",
    401: "No valid token: send `Authorization: Bearer pnl_…` with an active personal token.",
    404: "Not found, or outside your reach (the two are not told apart).",
    413: "The body is larger than the server accepts; `detail` gives the limit.",
    422: "The request does not fit the schema, or a rule refused it; `detail` says which.",
    429: "Too many requests; wait and retry.",
}


class PerUserThrottle(BaseThrottle):
    """At most ``settings.PANELIST_API_RATE`` requests per user (by id) and fixed window.

    One counter per user and window in the cache, raised with an atomic increment: with
    REDIS_URL set, every process of the installation counts into the same key, and two
    requests arriving together cannot both read the old count."""

    def allow_request(self, request) -> bool:
        count, seconds = _parse_rate(settings.PANELIST_API_RATE)
        user = getattr(request, "auth", None)
        who = f"user-{user.pk}" if user is not None else f"address-{self.get_ident(request)}"
        window = int(time.time() // seconds)
        key = f"api-throttle:{who}:{seconds}:{window}"
        cache.add(key, 0, timeout=seconds + 1)
        try:
            used = cache.incr(key)
        except ValueError:  # expired between add and incr: the window just turned
            cache.add(key, 1, timeout=seconds + 1)
            used = 1
        return used <= count

    def wait(self) -> float:
        _, seconds = _parse_rate(settings.PANELIST_API_RATE)
        now = time.time()
        return (now // seconds + 1) * seconds - now


def _parse_rate(rate: str) -> tuple[int, int]:
    count, period = rate.split("/")
    return int(count), RATE_PERIODS[period]


class PanelistAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.setdefault(
            "Problem", Problem.model_json_schema(ref_template="#/components/schemas/{model}")
        )
        problem = {"application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
        for path, item in schema["paths"].items():
            for operation in item.values():
                responses = operation.setdefault("responses", {})
                for code, description in COMMON_RESPONSES.items():
                    if code == 404 and "{" not in path:
                        continue
                    if code == 413 and "requestBody" not in operation:
                        continue
                    if code not in responses and str(code) not in responses:
                        responses[code] = {"description": description, "content": problem}
        return schema


api = PanelistAPI(
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
    docs_decorator=api_docs_policy,
    openapi_url="/openapi.json",
    auth=BearerToken(),
    throttle=[PerUserThrottle()],
    parser=OneValueParser(),
)


@api.exception_handler(StaleVersion)
def _stale(request, exc: StaleVersion):
    return api.create_response(
        request,
        {"detail": exc.message, "field": exc.field, "current_version": exc.current_version},
        status=409,
    )


@api.exception_handler(PreconditionRequired)
def _precondition_required(request, exc: PreconditionRequired):
    return api.create_response(request, {"detail": exc.message, "field": exc.field}, status=428)


@api.exception_handler(NotAllowed)
def _not_allowed(request, exc: NotAllowed):
    return api.create_response(request, {"detail": exc.message, "field": exc.field}, status=403)


@api.exception_handler(DomainError)
def _refused(request, exc: DomainError):
    return api.create_response(request, {"detail": exc.message, "field": exc.field}, status=422)


@api.exception_handler(ValidationError)
def _invalid(request, exc: ValidationError):
    errors = [
        {"loc": [str(part) for part in error.get("loc", ())], "msg": error.get("msg", "")}
        for error in exc.errors
    ]
    first = errors[0] if errors else {"loc": [], "msg": "invalid request"}
    where = ".".join(
        first["loc"][1:] if first["loc"][:1] in (["body"], ["query"]) else first["loc"]
    )
    return api.create_response(
        request,
        {
            "detail": f"Invalid request: {where or 'request'}: {first['msg']}"
            + (f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""),
            "field": first["loc"][-1] if first["loc"] else None,
            "errors": errors,
        },
        status=422,
    )


@api.exception_handler(AuthenticationError)
def _unauthorised(request, exc):
    given = request.headers.get("Authorization", "")
    if not given:
        problem = "no Authorization header was sent"
    elif not given.lower().startswith("bearer "):
        problem = "the Authorization header is not of the form `Bearer <token>`"
    else:
        problem = "the token is unknown, revoked, or its owner's account is inactive"
    return api.create_response(
        request,
        {
            "detail": "Send a personal API token as `Authorization: Bearer <token>`; create one "
            f"under API tokens ({reverse('api-tokens')}). Here, {problem}.",
            "field": "Authorization",
            "errors": [{"loc": ["header", "Authorization"], "msg": problem}],
        },
        status=401,
    )


@api.exception_handler(RequestDataTooBig)
def _too_big(request, exc):
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return api.create_response(
        request,
        {
            "detail": f"The request body is larger than {limit / 1024 / 1024:.1f} MB "
            f"({limit:,} bytes), the most this server reads; send a smaller body.",
            "field": None,
            "errors": [{"loc": ["body"], "msg": f"more than {limit} bytes"}],
        },
        status=413,
    )


@api.exception_handler(Http404)
def _absent(request, exc):
    return api.create_response(request, {"detail": "Not found."}, status=404)


def _add_routers() -> None:
    from panelist.calibration.api import router as calibration
    from panelist.decisions.api import router as decisions
    from panelist.greenhouse.api import router as greenhouse
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
    api.add_router("", greenhouse, tags=["Greenhouse"])


_add_routers()
