"""Subscribe receivers to events, record each event as deliveries, and send them signed.

``emit`` writes one Delivery per interested subscription inside the caller's transaction (so
an event exists only for a change that committed) and queues the sends on commit. Sending
claims the row with one conditional UPDATE before the request leaves; whoever loses the claim
sends nothing. Payloads carry ids and a few plain fields (stage names, what changed) and are
checked against an allow-list: a receiver reads anything more through the API with its own
token, so the roles and the blind rule hold there as everywhere.

Signatures follow the Standard Webhooks specification: ``webhook-signature`` is ``v1,`` and
the base64 HMAC-SHA256 of ``{id}.{timestamp}.{body}`` keyed with the base64-decoded secret.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import http.client
import json
import logging
import secrets
import socket
import ssl
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from panelist.access import permissions
from panelist.core.errors import DomainError, NotAllowed
from panelist.webhooks import addresses
from panelist.webhooks.models import (
    TEST_EVENT,
    Delivery,
    DeliveryStatus,
    EventKind,
    Subscription,
)

logger = logging.getLogger(__name__)

SECRET_PREFIX = "whsec_"
SECRET_BYTES = 32  # the specification asks for 24 to 64
RESPONSE_READ_LIMIT = 1024  # bytes of a receiver's answer kept for the log
ERROR_LIMIT = 500
MAX_SUBSCRIPTIONS = 50
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}

# What a payload's data may hold: ids, stage keys and what changed. Nothing a scorecard,
# recommendation, decision or candidate says.
ALLOWED_DATA = {
    "application_id": int,
    "candidate_id": int,
    "opening_id": int,
    "assignment_id": int,
    "member_id": int,
    "scorecard_id": int,
    "decision_id": int,
    "subscription_id": int,
    "stage": str,
    "previous_stage": str,
    "change": str,
}


# --- signing -------------------------------------------------------------------------------


def secret_new() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def sign(*, secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    key = base64.b64decode(secret.removeprefix(SECRET_PREFIX))
    signed = f"{msg_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


def signing_secrets(subscription: Subscription, *, now: datetime) -> list[str]:
    """The current secret, and the previous one while its grace period lasts."""
    kept = [subscription.secret]
    if (
        subscription.previous_secret
        and subscription.previous_secret_until
        and subscription.previous_secret_until > now
    ):
        kept.append(subscription.previous_secret)
    return kept


def body_of(delivery: Delivery) -> bytes:
    return json.dumps(delivery.payload, separators=(",", ":"), sort_keys=True).encode()


# --- subscriptions -------------------------------------------------------------------------


def _check_admin(actor) -> None:
    if not permissions.can_manage_webhooks(actor):
        raise NotAllowed("Only admins manage webhooks.")


def check_url(url: str) -> str:
    url = url.strip()
    if len(url) > 500:
        raise DomainError("Keep the address under 500 characters.", field="url")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a port out of range
    except ValueError:
        raise DomainError("That is not a web address.", field="url") from None
    if parts.username or parts.password:
        raise DomainError("Leave user names and passwords out of the address.", field="url")
    plain_loopback = (
        parts.scheme == "http"
        and parts.hostname in LOOPBACK_HOSTS
        and settings.PANELIST_WEBHOOKS_ALLOW_LOOPBACK
    )
    if not (parts.scheme == "https" and parts.hostname) and not plain_loopback:
        raise DomainError("Give an address starting with https://.", field="url")
    try:
        addresses.checked(parts.hostname, _port_of(parts))
    except addresses.RefusedAddress as refused:
        raise DomainError(refused.reason, field="url") from None
    except OSError:
        # A name that does not resolve yet is accepted: each delivery resolves it again and
        # checks what it finds before connecting.
        pass
    return url


def _port_of(parts) -> int:
    return parts.port or (443 if parts.scheme == "https" else 80)


def _check_events(events) -> list[str]:
    chosen = sorted(set(events))
    unknown = [e for e in chosen if e not in EventKind.values]
    if unknown:
        raise DomainError(f"Unknown events: {', '.join(unknown)}.", field="events")
    if not chosen:
        raise DomainError("Choose at least one event.", field="events")
    return chosen


def subscription_create(*, actor, name: str, url: str, events) -> tuple[Subscription, str]:
    """A new subscription; returns it with its secret, which the page shows once."""
    _check_admin(actor)
    name = name.strip()
    if not name or len(name) > 100:
        raise DomainError("Name the receiver in under 100 characters.", field="name")
    if Subscription.objects.count() >= MAX_SUBSCRIPTIONS:
        raise DomainError(f"There are {MAX_SUBSCRIPTIONS} subscriptions; delete one first.")
    subscription = Subscription.objects.create(
        name=name,
        url=check_url(url),
        events=_check_events(events),
        secret=secret_new(),
        created_by=actor,
    )
    return subscription, subscription.secret


def subscription_update(*, actor, subscription: Subscription, name: str, url: str, events):
    _check_admin(actor)
    name = name.strip()
    if not name or len(name) > 100:
        raise DomainError("Name the receiver in under 100 characters.", field="name")
    subscription.name = name
    subscription.url = check_url(url)
    subscription.events = _check_events(events)
    subscription.save(update_fields=["name", "url", "events"])
    return subscription


def subscription_rotate_secret(*, actor, subscription: Subscription) -> str:
    """A new secret; the one it replaces keeps signing (beside it) for the grace period."""
    _check_admin(actor)
    now = timezone.now()
    with transaction.atomic():
        current = Subscription.objects.select_for_update().get(pk=subscription.pk)
        current.previous_secret = current.secret
        current.previous_secret_until = now + timedelta(
            hours=settings.PANELIST_WEBHOOKS_ROTATION_GRACE_HOURS
        )
        current.secret = secret_new()
        current.save(update_fields=["secret", "previous_secret", "previous_secret_until"])
    return current.secret


def subscription_set_active(*, actor, subscription: Subscription, active: bool) -> None:
    """Disable or enable. Enabling starts the failure count afresh; deliveries that waited
    while it was off are sent."""
    _check_admin(actor)
    now = timezone.now()
    if active:
        Subscription.objects.filter(pk=subscription.pk).update(
            is_active=True, disabled_at=None, disabled_reason="", consecutive_failures=0
        )
        _queue_due_on_commit(subscription.pk)
    else:
        Subscription.objects.filter(pk=subscription.pk).update(
            is_active=False, disabled_at=now, disabled_reason=f"Disabled by {actor}."
        )


def subscription_delete(*, actor, subscription: Subscription) -> None:
    _check_admin(actor)
    subscription.delete()


# --- events --------------------------------------------------------------------------------


def _new_event_id() -> str:
    return "msg_" + secrets.token_urlsafe(18)


def _payload(kind: str, data: dict, now: datetime) -> dict:
    for key, value in data.items():
        expected = ALLOWED_DATA.get(key)
        if expected is None or not isinstance(value, expected):
            raise ValueError(f"{key}={value!r} may not travel in a webhook payload.")
    return {"type": kind, "timestamp": now.isoformat(), "data": data}


def emit(kind: EventKind, **data) -> list[Delivery]:
    """Record the event for every subscription to ``kind``; sends to the active ones start on
    commit. A disabled subscription's deliveries wait in its log and leave when an admin
    enables it again (``subscription_set_active``), so a receiver that was down loses nothing.

    Call inside the transaction that makes the change."""
    kind = EventKind(kind)
    now = timezone.now()
    payload = _payload(kind.value, data, now)
    wanted = [s for s in Subscription.objects.all() if kind.value in s.events]
    if not wanted:
        return []
    event_id = _new_event_id()
    deliveries = Delivery.objects.bulk_create(
        Delivery(
            subscription=subscription,
            event_id=event_id,
            kind=kind.value,
            payload=payload,
            next_attempt_at=now,
        )
        for subscription in wanted
    )
    active = {s.pk for s in wanted if s.is_active}
    for delivery in deliveries:
        if delivery.subscription_id in active:
            _queue_on_commit(delivery.pk)
    return deliveries


def committee_complete_emit(*, application) -> None:
    """``committee.complete`` once the last member of the committee has submitted. Call in the
    submission's transaction, holding the application's lock."""
    from panelist.hiring.selectors import committee_is_complete

    if committee_is_complete(application.pk):
        emit(EventKind.COMMITTEE_COMPLETE, application_id=application.pk)


def subscription_send_test_event(*, actor, subscription: Subscription) -> Delivery:
    """A ``webhook.test`` delivery to one subscription, whatever events it chose."""
    _check_admin(actor)
    now = timezone.now()
    with transaction.atomic():
        delivery = Delivery.objects.create(
            subscription=subscription,
            event_id=_new_event_id(),
            kind=TEST_EVENT,
            payload=_payload(TEST_EVENT, {"subscription_id": subscription.pk}, now),
            next_attempt_at=now,
        )
        _queue_on_commit(delivery.pk)
    return delivery


def _queue_on_commit(delivery_id: int) -> None:
    from panelist.webhooks.tasks import deliver

    transaction.on_commit(lambda: deliver.enqueue(delivery_id=delivery_id))


def _queue_due_on_commit(subscription_id: int) -> None:
    from panelist.webhooks.tasks import deliver

    def queue():
        for delivery_id in deliveries_due(subscription_id=subscription_id):
            deliver.enqueue(delivery_id=delivery_id)

    transaction.on_commit(queue)


# --- delivery ------------------------------------------------------------------------------


def deliveries_due(*, now: datetime | None = None, subscription_id: int | None = None):
    """Ids of deliveries waiting for an active subscription whose next try has come."""
    now = now or timezone.now()
    due = Delivery.objects.filter(
        status=DeliveryStatus.PENDING, next_attempt_at__lte=now, subscription__is_active=True
    )
    if subscription_id is not None:
        due = due.filter(subscription_id=subscription_id)
    return list(due.order_by("next_attempt_at", "id").values_list("pk", flat=True)[:1000])


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to addresses already checked, not to a fresh resolution of the host name (which
    a DNS server could answer differently the second time); the Host header keeps the name."""

    def __init__(self, host: str, port: int | None, *, pinned, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self.pinned = pinned

    def _open(self) -> socket.socket:
        problem: OSError | None = None
        for address in self.pinned:
            try:
                return socket.create_connection((str(address), self.port), self.timeout)
            except OSError as error:
                problem = error
        raise problem or OSError(f"no address for {self.host}")

    def connect(self) -> None:
        self.sock = self._open()


class _PinnedHTTPSConnection(_PinnedHTTPConnection):
    default_port = http.client.HTTPS_PORT

    def connect(self) -> None:
        # The certificate is checked against the name in the address, as without pinning.
        self.sock = ssl.create_default_context().wrap_socket(
            self._open(), server_hostname=self.host
        )


def _post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
    """One POST to an address checked just before (``addresses.checked``), no redirects
    followed (http.client follows none), the answer read bounded. Raises RefusedAddress when
    the host is, or resolves to, an address Panelist does not send to."""
    parts = urlsplit(url)
    pinned = addresses.checked(parts.hostname, _port_of(parts))
    kind = _PinnedHTTPSConnection if parts.scheme == "https" else _PinnedHTTPConnection
    connection = kind(
        parts.hostname,
        _port_of(parts),  # given, so that http.client never reads one out of an IPv6 host
        pinned=pinned,
        timeout=settings.PANELIST_WEBHOOKS_TIMEOUT_SECONDS,
    )
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.read(RESPONSE_READ_LIMIT)
    finally:
        connection.close()


def delivery_send(*, delivery_id: int) -> bool:
    """Make the next attempt of one delivery if nobody has claimed it. Returns whether the
    receiver accepted it (a 2xx answer).

    A failed attempt goes back to pending with a later next try
    (``PANELIST_WEBHOOKS_RETRY_SECONDS``); after the last it stays failed. Every failed attempt
    counts against the subscription, which is disabled after
    ``PANELIST_WEBHOOKS_DISABLE_AFTER`` in a row."""
    now = timezone.now()
    claimed = Delivery.objects.filter(
        pk=delivery_id,
        status=DeliveryStatus.PENDING,
        next_attempt_at__lte=now,
        subscription__is_active=True,
    ).update(
        status=DeliveryStatus.SENDING,
        claimed_at=now,
        last_attempt_at=now,
        attempts=F("attempts") + 1,
    )
    if not claimed:
        return False
    delivery = Delivery.objects.select_related("subscription").get(pk=delivery_id)
    subscription = delivery.subscription
    body = body_of(delivery)
    timestamp = int(now.timestamp())
    signatures = " ".join(
        sign(secret=secret, msg_id=delivery.event_id, timestamp=timestamp, body=body)
        for secret in signing_secrets(subscription, now=now)
    )
    headers = {
        "content-type": "application/json",
        "user-agent": "Panelist-Webhooks/1",
        "webhook-id": delivery.event_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signatures,
    }
    code = None
    try:
        code, answer = _post(subscription.url, body, headers)
    except addresses.RefusedAddress as refused:
        _record_refusal(delivery, reason=refused.reason, now=now)
        return False
    except (OSError, http.client.HTTPException) as error:  # timeouts are OSErrors
        problem = f"{type(error).__name__}: {error}"
    else:
        if 200 <= code < 300:
            Delivery.objects.filter(pk=delivery_id).update(
                status=DeliveryStatus.DELIVERED,
                delivered_at=timezone.now(),
                response_code=code,
                last_error="",
            )
            Subscription.objects.filter(pk=subscription.pk).update(
                consecutive_failures=0, last_success_at=timezone.now()
            )
            return True
        problem = f"HTTP {code}"
        if 300 <= code < 400:
            problem += " (redirects are not followed)"
        text = answer.decode("utf-8", "replace").strip()
        if text:
            problem += f": {text}"
    _record_failure(delivery, code=code, problem=problem, now=now)
    return False


def _record_failure(delivery: Delivery, *, code: int | None, problem: str, now: datetime) -> None:
    waits = settings.PANELIST_WEBHOOKS_RETRY_SECONDS
    last = delivery.attempts > len(waits)
    next_attempt = now if last else now + timedelta(seconds=waits[delivery.attempts - 1])
    Delivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.FAILED if last else DeliveryStatus.PENDING,
        next_attempt_at=next_attempt,
        response_code=code,
        last_error=problem[:ERROR_LIMIT],
    )
    Subscription.objects.filter(pk=delivery.subscription_id).update(
        consecutive_failures=F("consecutive_failures") + 1
    )
    limit = settings.PANELIST_WEBHOOKS_DISABLE_AFTER
    disabled = Subscription.objects.filter(
        pk=delivery.subscription_id, is_active=True, consecutive_failures__gte=limit
    ).update(
        is_active=False,
        disabled_at=now,
        disabled_reason=f"Disabled after {limit} failed attempts in a row; last: {problem}"[:300],
    )
    if disabled:
        _tell_admins_disabled(delivery.subscription_id)
    elif not last:
        _retry_later(delivery.pk, next_attempt)


def _record_refusal(delivery: Delivery, *, reason: str, now: datetime) -> None:
    """Nothing was sent: the receiver's address is not one Panelist sends to. Retrying would
    meet the same answer, so the subscription is disabled at once (the admins told) and the
    delivery waits with the others until an admin fixes the address and enables it again."""
    Delivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.PENDING,
        next_attempt_at=now,
        response_code=None,
        last_error=f"Not sent: {reason}"[:ERROR_LIMIT],
    )
    disabled = Subscription.objects.filter(pk=delivery.subscription_id, is_active=True).update(
        is_active=False,
        disabled_at=now,
        disabled_reason=f"Disabled before sending: {reason}"[:300],
        consecutive_failures=F("consecutive_failures") + 1,
    )
    if disabled:
        _tell_admins_disabled(delivery.subscription_id)


def _retry_later(delivery_id: int, when: datetime) -> None:
    """Queue the next attempt for its time where the task backend can wait; otherwise the
    periodic sweep (``deliver_due``) picks it up."""
    from panelist.webhooks.tasks import deliver

    if deliver.get_backend().supports_defer:
        deliver.using(run_after=when).enqueue(delivery_id=delivery_id)


def _tell_admins_disabled(subscription_id: int) -> None:
    from panelist.access.models import User

    subscription = Subscription.objects.get(pk=subscription_id)
    recipients = [
        user.email
        for user in User.objects.filter(is_active=True).exclude(email="")
        if permissions.can_manage_webhooks(user)
    ]
    if not recipients:
        return
    page = settings.PANELIST_BASE_URL + reverse("webhook-detail", args=[subscription_id])
    try:
        send_mail(
            subject=f"[{settings.PANELIST_ORGANISATION_NAME}] Webhook disabled: "
            f"{subscription.name}",
            message=(
                f"Panelist stopped sending events to {subscription.url}.\n\n"
                f"{subscription.disabled_reason}\n\n"
                f"Waiting deliveries are kept. Once the receiver can take them again (its "
                f"address fixed, if the reason above is about the address), enable the "
                f"subscription on its page:\n{page}\n"
            ),
            from_email=None,
            recipient_list=recipients,
        )
    except OSError:
        # The page says it is disabled; a mail server that is down must not fail the worker.
        logger.exception("Could not tell the admins that webhook %s was disabled.", subscription_id)
