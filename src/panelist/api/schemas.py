"""Schemas shared by several parts of the API."""

from __future__ import annotations

from ninja import Schema


class Problem(Schema):
    """Why a request was refused, in words a person can act on."""

    detail: str
    field: str | None = None


class Conflict(Problem):
    current_version: int


class PersonOut(Schema):
    id: int
    name: str

    @staticmethod
    def resolve_name(user) -> str:
        return user.display_name
