"""Signatures follow the Standard Webhooks specification, and a rotated secret keeps
verifying (beside the new one) for its grace period, then stops."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from standardwebhooks import Webhook

from panelist.core.errors import DomainError
from panelist.webhooks.services import (
    SECRET_PREFIX,
    check_url,
    secret_new,
    sign,
    subscription_rotate_secret,
    subscription_send_test_event,
)

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


def test_a_secret_is_whsec_and_base64_of_at_least_24_random_bytes():
    import base64

    one, two = secret_new(), secret_new()
    assert one.startswith(SECRET_PREFIX) and one != two
    assert len(base64.b64decode(one.removeprefix(SECRET_PREFIX), validate=True)) >= 24


def test_our_signature_is_the_reference_signature():
    secret = secret_new()
    body = b'{"data":{"application_id":7},"type":"decision.made"}'
    ours = sign(secret=secret, msg_id="msg_abc", timestamp=int(NOW.timestamp()), body=body)
    theirs = Webhook(secret).sign("msg_abc", NOW, body.decode())
    assert ours == theirs


def test_after_rotation_deliveries_verify_with_both_secrets_then_with_the_new_only(
    people, settings, subscribed, receiver, django_capture_on_commit_callbacks
):
    settings.PANELIST_WEBHOOKS_ROTATION_GRACE_HOURS = 1
    old = receiver.secrets[0]
    with time_machine.travel(NOW, tick=False):
        new = subscription_rotate_secret(actor=people.admin, subscription=subscribed)
        assert new != old
        receiver.secrets = [old, new]
        with django_capture_on_commit_callbacks(execute=True):
            subscription_send_test_event(actor=people.admin, subscription=subscribed)
    during = receiver.received[-1]
    assert during.verified_with == [old, new]
    assert len(during.headers["webhook-signature"].split(" ")) == 2
    with time_machine.travel(NOW + timedelta(hours=1, seconds=1), tick=False):
        subscribed.refresh_from_db()
        with django_capture_on_commit_callbacks(execute=True):
            subscription_send_test_event(actor=people.admin, subscription=subscribed)
    after = receiver.received[-1]
    assert after.verified_with == [new]
    assert len(after.headers["webhook-signature"].split(" ")) == 1


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org/hook",
        "ftp://example.org/hook",
        "https://user:pw@example.org/hook",
        "https:///nohost",
        "https://example.org:99999/",
        "https://example.org/" + "a" * 500,
    ],
)
def test_a_receiver_address_must_be_https(url):
    with pytest.raises(DomainError):
        check_url(url)


def test_plain_http_to_loopback_only_when_the_setting_allows(settings, loopback_allowed):
    assert check_url("https://hooks.example.org/p") == "https://hooks.example.org/p"
    assert check_url("http://127.0.0.1:9000/p") == "http://127.0.0.1:9000/p"
    settings.PANELIST_WEBHOOKS_ALLOW_LOOPBACK = False
    with pytest.raises(DomainError, match="https://"):
        check_url("http://127.0.0.1:9000/p")
    with pytest.raises(DomainError, match="https://"):
        check_url("http://localhost/p")


def test_a_payload_refuses_anything_beyond_ids_and_plain_fields(db):
    from panelist.webhooks.services import emit

    with pytest.raises(ValueError):
        emit("decision.made", application_id=1, rationale="Because")
    with pytest.raises(ValueError):
        emit("decision.made", application_id="1")
