"""Schemas shared by several parts of the API."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated

from ninja import Schema
from pydantic import AfterValidator, BeforeValidator, Field

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def _iso_only(value):
    """Pydantic reads a bare number as seconds since 1970; a filter date must be written out."""
    if isinstance(value, str) and not _ISO_DATE.match(value):
        raise ValueError("use an ISO 8601 date-time, such as 2026-11-26T09:00:00Z")
    return value


def _in_utc(value: datetime) -> datetime:
    """Filters compare in UTC; a date-time without an offset is read as UTC."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    try:
        return value.astimezone(UTC)
    except OverflowError:
        raise ValueError("date-time out of range") from None


IsoDatetime = Annotated[datetime, BeforeValidator(_iso_only), AfterValidator(_in_utc)]
# Record ids are positive 64-bit integers (BigAutoField); anything else is a 422, not a
# database overflow.
RecordId = Annotated[int, Field(ge=1, le=2**63 - 1)]


class FieldError(Schema):
    loc: list[str]
    msg: str


class Problem(Schema):
    """Why a request was refused, in words a person can act on."""

    detail: str
    field: str | None = None
    errors: list[FieldError] | None = None


class Conflict(Problem):
    current_version: int


# The refusals of a write to a versioned object (409: based on an older version; 428: named
# no version).
VERSIONED_WRITE_ERRORS = {403: Problem, 404: Problem, 409: Conflict, 422: Problem, 428: Problem}


class PersonOut(Schema):
    id: int
    name: str

    @staticmethod
    def resolve_name(user) -> str:
        return user.display_name
