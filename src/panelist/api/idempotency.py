"""``Idempotency-Key`` on every API POST: a retried create makes nothing twice.

A client that sends ``Idempotency-Key: <its own unique string>`` with a POST and retries it
(after a timeout, a dropped connection) gets the first answer again, with
``Idempotent-Replayed: true``, and the server does the work once. The key belongs to the
token's owner and lasts a day. The same key with a different path or body is refused (422),
and a retry that arrives while the first request is still running is told to wait (409).
Answers of 500 and above are not kept, so the retry runs again.

This is a middleware rather than a decorator so that no POST endpoint, present or future, can
forget it; it reads the token the same way the API's authentication does.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import timedelta
from enum import Enum

from django.core.exceptions import RequestDataTooBig
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.utils import timezone

from panelist.api.models import IdempotentRequest
from panelist.api.services import user_for_token

API_PREFIX = "/api/v1/"
HEADER = "Idempotency-Key"
KEPT_FOR = timedelta(hours=24)
MAX_KEPT_BODY = 1024 * 1024  # an answer larger than this is not kept: the retry runs again
_KEY = re.compile(r"^[\x21-\x7e]{1,255}$")  # printable ASCII, no spaces, at most 255


class Claim(Enum):
    NEW = "new"
    REPLAY = "replay"
    RUNNING = "running"
    MISMATCH = "mismatch"


def fingerprint(path: str, body: bytes) -> str:
    return hashlib.sha256(path.encode() + b"\n" + body).hexdigest()


def claim(user, key: str, print_: str) -> tuple[Claim, IdempotentRequest | None]:
    """Reserve ``key`` for this request, or say what an earlier request with it did."""
    now = timezone.now()
    IdempotentRequest.objects.filter(user=user, created_at__lt=now - KEPT_FOR).delete()
    try:
        with transaction.atomic():
            return Claim.NEW, IdempotentRequest.objects.create(
                user=user, key=key, fingerprint=print_
            )
    except IntegrityError:
        earlier = IdempotentRequest.objects.filter(user=user, key=key).first()
    if earlier is None:  # expired and purged by a racing request in between: run it
        return claim(user, key, print_)
    if earlier.fingerprint != print_:
        return Claim.MISMATCH, earlier
    if earlier.status_code is None:
        return Claim.RUNNING, earlier
    return Claim.REPLAY, earlier


def settle(record: IdempotentRequest, response: HttpResponse) -> None:
    """Keep the answer to replay it, or forget the key when the answer should not be kept."""
    body = b"" if response.streaming else response.content
    if response.status_code >= 500 or response.streaming or len(body) > MAX_KEPT_BODY:
        IdempotentRequest.objects.filter(pk=record.pk).delete()
        return
    IdempotentRequest.objects.filter(pk=record.pk).update(
        status_code=response.status_code,
        content_type=response.get("Content-Type", "")[:100],
        body=body,
    )


def _problem(status: int, detail: str) -> HttpResponse:
    body = {
        "detail": detail,
        "field": HEADER,
        "errors": [{"loc": ["header", HEADER], "msg": detail}],
    }
    return HttpResponse(json.dumps(body), status=status, content_type="application/json")


def idempotent_api_posts(get_response):
    def middleware(request):
        key = request.headers.get(HEADER)
        if key is None or request.method != "POST" or not request.path.startswith(API_PREFIX):
            return get_response(request)
        if not _KEY.match(key):
            return _problem(
                422, "Send an Idempotency-Key of 1 to 255 printable characters, without spaces."
            )
        scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
        user = user_for_token(secret.strip()) if scheme.lower() == "bearer" else None
        try:
            body = request.body
        except (RequestDataTooBig, OSError):  # the API refuses it as it would without a key
            return get_response(request)
        if user is None:
            return get_response(request)
        outcome, record = claim(user, key, fingerprint(request.path, body))
        if outcome is Claim.MISMATCH:
            return _problem(
                422,
                "This Idempotency-Key was used for a different request in the last 24 hours; "
                "use a new key for a new request.",
            )
        if outcome is Claim.RUNNING:
            response = _problem(
                409, "A request with this Idempotency-Key is still running; retry in a moment."
            )
            response["Retry-After"] = "1"
            return response
        if outcome is Claim.REPLAY:
            response = HttpResponse(
                bytes(record.body), status=record.status_code, content_type=record.content_type
            )
            response["Idempotent-Replayed"] = "true"
            return response
        try:
            response = get_response(request)
        except BaseException:
            IdempotentRequest.objects.filter(pk=record.pk).delete()
            raise
        settle(record, response)
        return response

    return middleware
