"""A small Harvest v3 client on the standard library: a client-credentials token refreshed on
expiry (and once on a 401), one list page per call with the ``Link`` header's next URL,
429 answered by waiting ``Retry-After`` (capped), timeouts and a bounded body."""

from __future__ import annotations

import base64
import http.client
import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from email.message import Message

from django.conf import settings
from pydantic import ValidationError

from panelist.greenhouse import harvest_v3

_NEXT_LINK = re.compile(r'<([^>]+)>\s*;\s*rel="?next"?', re.IGNORECASE)


class HarvestError(RuntimeError):
    """Greenhouse could not be read; the message says what to do."""


@dataclass(frozen=True)
class HarvestSettings:
    client_id: str
    client_secret: str
    sub: str
    base_url: str
    token_url: str
    timeout: float
    max_retry_wait: float
    max_retries: int
    max_response_bytes: int

    @classmethod
    def from_settings(cls) -> HarvestSettings:
        if not settings.PANELIST_GREENHOUSE_CLIENT_ID or not settings.PANELIST_GREENHOUSE_SECRET:
            raise HarvestError(
                "Greenhouse is not configured: set PANELIST_GREENHOUSE_CLIENT_ID and "
                "PANELIST_GREENHOUSE_SECRET (Harvest v3 OAuth credentials from Greenhouse's "
                "Dev Center)."
            )
        return cls(
            client_id=settings.PANELIST_GREENHOUSE_CLIENT_ID,
            client_secret=settings.PANELIST_GREENHOUSE_SECRET,
            sub=settings.PANELIST_GREENHOUSE_SUB,
            base_url=settings.PANELIST_GREENHOUSE_BASE_URL,
            token_url=settings.PANELIST_GREENHOUSE_TOKEN_URL,
            timeout=settings.PANELIST_GREENHOUSE_TIMEOUT,
            max_retry_wait=settings.PANELIST_GREENHOUSE_MAX_RETRY_WAIT,
            max_retries=settings.PANELIST_GREENHOUSE_MAX_RETRIES,
            max_response_bytes=settings.PANELIST_GREENHOUSE_MAX_RESPONSE_BYTES,
        )


class HarvestClient:
    def __init__(
        self,
        config: HarvestSettings,
        *,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.config = config
        self.sleep = sleep
        self.clock = clock
        self._token: str | None = None
        self._token_expires = 0.0
        base = urllib.parse.urlsplit(config.base_url)
        self._origin = (base.scheme, base.netloc)

    # --- token ----------------------------------------------------------------------------

    def token(self) -> str:
        # A minute's margin, so that a token does not expire between the check and the call.
        if self._token is None or self.clock() >= self._token_expires - 60:
            self._fetch_token()
        return self._token  # type: ignore[return-value]

    def _fetch_token(self) -> None:
        form = {"grant_type": "client_credentials"}
        if self.config.sub:
            form["sub"] = self.config.sub
        basic = base64.b64encode(
            f"{self.config.client_id}:{self.config.client_secret}".encode()
        ).decode()
        request = urllib.request.Request(
            self.config.token_url,
            data=urllib.parse.urlencode(form).encode(),
            method="POST",
            headers={
                "Authorization": f"Basic {basic}",
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/json",
            },
        )
        status, _, body = self._send(request)
        if status in (400, 401, 403):
            raise HarvestError(
                f"Greenhouse refused the credentials (HTTP {status} from the token endpoint): "
                "check PANELIST_GREENHOUSE_CLIENT_ID, _SECRET and _SUB."
            )
        if status != 200:
            raise HarvestError(f"The Greenhouse token endpoint answered HTTP {status}.")
        try:
            token = harvest_v3.TokenResponse.model_validate_json(body)
        except ValidationError:
            raise HarvestError("The Greenhouse token endpoint answered without a token.") from None
        self._token = token.access_token
        self._token_expires = self.clock() + (token.expires_in or harvest_v3.DEFAULT_TOKEN_LIFETIME)

    # --- pages ----------------------------------------------------------------------------

    def first_url(self, resource: str, params: dict[str, str]) -> str:
        query = urllib.parse.urlencode(params, safe="|:")
        return f"{self.config.base_url.rstrip('/')}/{resource}" + (f"?{query}" if query else "")

    def page(self, url: str) -> tuple[list[dict], str | None]:
        """The records on one page and the next page's URL (None on the last)."""
        parts = urllib.parse.urlsplit(url)
        if (parts.scheme, parts.netloc) != self._origin:
            # The bearer token goes to the configured Greenhouse host and nowhere else.
            raise HarvestError(f"Greenhouse pointed the next page at another host: {url}")
        retried_auth = False
        retries = 0
        while True:
            request = urllib.request.Request(
                url,
                headers={"Authorization": f"Bearer {self.token()}", "Accept": "application/json"},
            )
            status, headers, body = self._send(request)
            if status == 401 and not retried_auth:
                retried_auth = True
                self._token = None  # expired or revoked early: one fresh token, one retry
                continue
            if status == 429 or status >= 500:
                retries += 1
                if retries > self.config.max_retries:
                    raise HarvestError(
                        f"Greenhouse answered HTTP {status} {retries} times in a row for {url}."
                    )
                self.sleep(self._wait(headers.get("Retry-After"), retries))
                continue
            if status != 200:
                raise HarvestError(f"Greenhouse answered HTTP {status} for {url}.")
            try:
                records = json.loads(body)
            except ValueError:
                raise HarvestError(f"Greenhouse answered {url} with invalid JSON.") from None
            if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
                raise HarvestError(f"Greenhouse answered {url} without a list of objects.")
            return records, _next_link(headers.get("Link", ""))

    def _wait(self, retry_after: str | None, attempt: int) -> float:
        try:
            wait = float(retry_after) if retry_after is not None else 2.0**attempt
        except ValueError:
            wait = 2.0**attempt  # an HTTP date or nonsense: back off instead
        return max(0.0, min(wait, self.config.max_retry_wait))

    def _send(self, request: urllib.request.Request) -> tuple[int, Message, bytes]:
        """Status, headers (read case-insensitively) and body."""
        limit = self.config.max_response_bytes
        try:
            with _OPENER.open(request, timeout=self.config.timeout) as response:
                status, headers = response.status, response.headers
                body = response.read(limit + 1)
        except urllib.error.HTTPError as error:
            status, headers = error.code, error.headers
            body = error.read(limit + 1)
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise HarvestError(f"Greenhouse could not be reached: {reason}") from None
        except http.client.HTTPException as error:  # e.g. the connection dropped mid-body
            raise HarvestError(
                f"Greenhouse's answer for {request.full_url} was cut off ({type(error).__name__})."
            ) from None
        declared = headers.get("Content-Length", "")
        if declared.isdigit() and len(body) < int(declared) <= limit:
            raise HarvestError(
                f"Greenhouse's answer for {request.full_url} was cut off "
                f"({len(body)} of {declared} bytes)."
            )
        if len(body) > limit:
            raise HarvestError(
                f"Greenhouse sent more than {limit} bytes for {request.full_url}; "
                "raise PANELIST_GREENHOUSE_MAX_RESPONSE_BYTES or lower the page size."
            )
        return status, headers, body


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """urllib would follow a redirect with the Authorization header, to any host; a redirect
    is answered as the error it is instead."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_OPENER = urllib.request.build_opener(_NoRedirects)


def _next_link(header: str) -> str | None:
    match = _NEXT_LINK.search(header or "")
    return match.group(1) if match else None
