"""Optimistic concurrency on the API: every versioned object is sent with an ``ETag`` (its
version, quoted), and a write names the version it was based on, in ``If-Match`` or in the
body's ``version``. A write based on an older version answers 409 with the current one."""

from __future__ import annotations

import re

from panelist.core.errors import DomainError

_ETAG = re.compile(r'^(?:W/)?"(\d{1,9})"$')


class PreconditionRequired(DomainError):
    """A write to a versioned object that names no version (answered 428)."""


def etag(version: int) -> str:
    return f'"{version}"'


def set_etag(response, version: int) -> None:
    response["ETag"] = etag(version)


def expected_version(request, body_version: int | None, *, current: int) -> int:
    """The version a write is based on: ``If-Match`` first (``*`` means whatever is current),
    then the body's ``version``; one of the two is required."""
    header = request.headers.get("If-Match")
    if header is not None:
        header = header.strip()
        if header == "*":
            return current
        match = _ETAG.match(header)
        if match is None:
            raise DomainError(
                'Send If-Match with the ETag you read, such as "3" (quotes included), or *.',
                field="If-Match",
            )
        return int(match.group(1))
    if body_version is not None:
        return body_version
    raise PreconditionRequired(
        "Say which version you changed: send If-Match with the ETag you read, or the "
        "version field in the body.",
        field="If-Match",
    )
