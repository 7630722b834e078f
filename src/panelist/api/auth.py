from __future__ import annotations

from ninja.security import HttpBearer

from panelist.api.services import user_for_token


class BearerToken(HttpBearer):
    """``Authorization: Bearer pnl_…`` with a personal token; the request then acts as its
    owner, so every permission function sees the same user a page would."""

    openapi_description = "A personal token from Account → API tokens."

    def authenticate(self, request, token: str):
        user = user_for_token(token)
        if user is None:
            return None
        request.user = user
        return user
