"""Webhooks go to public addresses only (unless PANELIST_WEBHOOKS_ALLOW_PRIVATE is on): an
address that is, or a name that resolves to, a loopback, private, link-local, multicast,
reserved or unspecified one is refused where the admin gives it and again before each
delivery, and the request goes to the address that was checked.

Names are made to resolve as a test needs by answering ``socket.getaddrinfo`` for them (the
only way to play a DNS server that changes its answer without a network); addresses pass
through to the real resolver, so every connection made is a real one, on loopback.
"""

from __future__ import annotations

import socket

import pytest
from django.urls import reverse

from panelist.core.errors import DomainError
from panelist.webhooks.models import DeliveryStatus, Subscription
from panelist.webhooks.services import (
    check_url,
    emit,
    subscription_create,
    subscription_send_test_event,
    subscription_set_active,
)
from panelist.webhooks.tasks import deliver_due
from tests.notifications.mailbox import loopback_smtp
from tests.webhooks.receiver import loopback_receiver, self_signed

PUBLIC = "93.184.216.34"


@pytest.fixture
def dns(monkeypatch):
    """``dns["name"] = [["1.2.3.4"], ["127.0.0.1"]]``: the name's answer at each resolution in
    turn, the last one repeated. Other hosts resolve as usual."""
    answers: dict[str, list[list[str]]] = {}
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host not in answers:
            return real(host, port, *args, **kwargs)
        turns = answers[host]
        found = turns.pop(0) if len(turns) > 1 else turns[0]
        return [info for ip in found for info in real(ip, port, *args, **kwargs)]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return answers


@pytest.mark.parametrize(
    "url, kind",
    [
        ("https://127.0.0.1/hook", "loopback"),
        ("https://localhost:8443/hook", "loopback"),
        ("https://[::1]/hook", "loopback"),
        ("https://2130706433/hook", "loopback"),  # 127.0.0.1 as one number
        ("https://0x7f.1/hook", "loopback"),
        ("https://[::ffff:127.0.0.1]/hook", "loopback"),
        ("https://169.254.169.254/latest/meta-data/", "link-local"),
        ("https://[fe80::1]/hook", "link-local"),
        ("https://10.0.0.5/hook", "private"),
        ("https://172.16.3.4/hook", "private"),
        ("https://192.168.1.10/hook", "private"),
        ("https://[fd00::1]/hook", "private"),
        ("https://[64:ff9b::a00:5]/hook", "private"),  # 10.0.0.5 through NAT64
        ("https://0.0.0.0/hook", "unspecified"),
        ("https://224.0.0.1/hook", "multicast"),
        ("https://240.0.0.1/hook", "reserved"),
        ("https://100.64.0.1/hook", "not a public address"),
    ],
)
def test_a_non_public_address_is_refused_where_it_is_given(settings, url, kind):
    with pytest.raises(DomainError) as refused:
        check_url(url)
    assert refused.value.field == "url"
    assert kind in refused.value.message
    assert "PANELIST_WEBHOOKS_ALLOW_PRIVATE" in refused.value.message
    settings.PANELIST_WEBHOOKS_ALLOW_PRIVATE = True
    assert check_url(url) == url


def test_a_public_address_is_accepted():
    assert check_url(f"https://{PUBLIC}/hook") == f"https://{PUBLIC}/hook"
    assert check_url("https://[2606:4700::1111]/hook") == "https://[2606:4700::1111]/hook"


def test_a_name_is_refused_when_any_of_its_addresses_is_private(dns):
    dns["hooks.example.test"] = [[PUBLIC, "10.1.2.3"]]
    with pytest.raises(DomainError, match=r"hooks\.example\.test \(10\.1\.2\.3\) is a private"):
        check_url("https://hooks.example.test/in")
    dns["hooks.example.test"] = [[PUBLIC]]
    assert check_url("https://hooks.example.test/in") == "https://hooks.example.test/in"


def test_the_page_shows_the_refusal_on_the_address_field(client, people):
    client.force_login(people.admin)
    response = client.post(
        reverse("webhook-create"),
        {
            "name": "Metadata",
            "url": "https://169.254.169.254/latest/meta-data/",
            "events": ["decision.made"],
        },
    )
    assert response.status_code == 422
    (error,) = response.context["form"].errors["url"]
    assert error.startswith("169.254.169.254 is a link-local address")
    assert not Subscription.objects.exists()

    hook, _ = subscription_create(
        actor=people.admin, name="CRM", url=f"https://{PUBLIC}/in", events=["decision.made"]
    )
    response = client.post(
        reverse("webhook-edit", args=[hook.pk]),
        {"name": "CRM", "url": "https://[::1]/in", "events": ["decision.made"]},
    )
    assert response.status_code == 422
    assert "is a loopback address" in response.context["form"].errors["url"][0]
    hook.refresh_from_db()
    assert hook.url == f"https://{PUBLIC}/in"


def test_a_loopback_receiver_gets_nothing_when_private_addresses_are_off(
    people, settings, subscribed, receiver, django_capture_on_commit_callbacks
):
    """The subscription was made while private addresses were allowed; once they are not, the
    worker refuses before connecting, disables the subscription at once (no retries knocking
    on the address) and tells the admins; the events wait and leave once it is allowed again."""
    settings.PANELIST_WEBHOOKS_ALLOW_PRIVATE = False
    with loopback_smtp(settings) as inbox:
        with django_capture_on_commit_callbacks(execute=True):
            (delivery,) = emit("decision.made", application_id=1, decision_id=2)
        with django_capture_on_commit_callbacks(execute=True):
            subscription_send_test_event(actor=people.admin, subscription=subscribed)
        assert deliver_due.call() == 0
        (mail,) = inbox.messages
    assert receiver.received == []
    delivery.refresh_from_db()
    assert delivery.attempts == 1
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.response_code is None
    assert delivery.last_error.startswith("Not sent: 127.0.0.1 is a loopback address")
    subscribed.refresh_from_db()
    assert subscribed.is_active is False
    assert subscribed.disabled_reason.startswith("Disabled before sending: 127.0.0.1 is a loopback")
    assert people.admin.email in mail["To"]

    settings.PANELIST_WEBHOOKS_ALLOW_PRIVATE = True
    with django_capture_on_commit_callbacks(execute=True):
        subscription_set_active(actor=people.admin, subscription=subscribed, active=True)
    assert sorted(r.payload["type"] for r in receiver.verified()) == [
        "decision.made",
        "webhook.test",
    ]


def test_a_name_that_resolves_elsewhere_at_delivery_is_refused_before_connecting(
    people, dns, django_capture_on_commit_callbacks
):
    """DNS rebinding: public when the admin saves it, loopback when the worker sends."""
    with socket.socket() as listening:
        listening.bind(("127.0.0.1", 0))
        listening.listen()
        listening.setblocking(False)
        port = listening.getsockname()[1]
        dns["hooks.rebind.test"] = [[PUBLIC], ["127.0.0.1"]]
        subscription, _ = subscription_create(
            actor=people.admin,
            name="Rebinding",
            url=f"https://hooks.rebind.test:{port}/in",
            events=["decision.made"],
        )
        with django_capture_on_commit_callbacks(execute=True):
            delivery = subscription_send_test_event(actor=people.admin, subscription=subscription)
        with pytest.raises(BlockingIOError):
            listening.accept()  # no connection ever reached the port
    delivery.refresh_from_db()
    assert delivery.last_error.startswith(
        "Not sent: hooks.rebind.test (127.0.0.1) is a loopback address"
    )


def test_the_request_goes_to_the_address_that_was_checked(
    people, dns, loopback_allowed, django_capture_on_commit_callbacks
):
    """A second resolution (by the HTTP client) could be answered differently; none is made."""
    with (
        loopback_receiver(host="127.0.0.2") as elsewhere,
        loopback_receiver(host="127.0.0.1", port=elsewhere.port) as checked,
    ):
        subscription, secret = subscription_create(
            actor=people.admin,
            name="Pinned",
            url=f"http://localhost:{checked.port}/in",
            events=["decision.made"],
        )
        checked.secrets = elsewhere.secrets = [secret]
        dns["localhost"] = [["127.0.0.1"], ["127.0.0.2"]]
        with django_capture_on_commit_callbacks(execute=True):
            delivery = subscription_send_test_event(actor=people.admin, subscription=subscription)
    assert [r.headers["host"] for r in checked.verified()] == [f"localhost:{checked.port}"]
    assert elsewhere.received == []
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED


def test_https_to_a_checked_address_verifies_the_certificate_of_the_name(
    people, dns, loopback_allowed, monkeypatch, tmp_path, django_capture_on_commit_callbacks
):
    server_context, certificate = self_signed(tmp_path, "hooks.internal.test")
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate))
    dns["hooks.internal.test"] = [["127.0.0.1"]]
    with loopback_receiver(tls=server_context) as receiver:
        subscription, secret = subscription_create(
            actor=people.admin,
            name="Internal",
            url=f"https://hooks.internal.test:{receiver.port}/in",
            events=["decision.made"],
        )
        receiver.secrets = [secret]
        with django_capture_on_commit_callbacks(execute=True):
            delivery = subscription_send_test_event(actor=people.admin, subscription=subscription)
        delivery.refresh_from_db()
        assert delivery.status == DeliveryStatus.DELIVERED
        assert len(receiver.verified()) == 1

        # The same receiver under a name its certificate does not carry is not trusted.
        dns["other.internal.test"] = [["127.0.0.1"]]
        other, _ = subscription_create(
            actor=people.admin,
            name="Other",
            url=f"https://other.internal.test:{receiver.port}/in",
            events=["decision.made"],
        )
        with django_capture_on_commit_callbacks(execute=True):
            refused = subscription_send_test_event(actor=people.admin, subscription=other)
    refused.refresh_from_db()
    assert refused.status == DeliveryStatus.PENDING
    assert "certificate" in refused.last_error.lower()
    assert len(receiver.received) == 1
