"""The admins' webhook pages: only admins reach them (everyone else is answered 404), the
secret is shown once, the log is paged newest first, and nothing changes on a GET."""

from __future__ import annotations

import pytest
from django.urls import reverse

from panelist.webhooks.models import Delivery, DeliveryStatus, Subscription
from panelist.webhooks.services import subscription_create
from tests.querycount import assert_queries_do_not_grow


@pytest.fixture
def hook(people):
    subscription, _ = subscription_create(
        actor=people.admin,
        name="Warehouse",
        url="https://hooks.example.org/panelist",
        events=["decision.made"],
    )
    return subscription


def _routes(hook):
    return [
        ("get", reverse("webhook-list")),
        ("get", reverse("webhook-create")),
        ("post", reverse("webhook-create")),
        ("get", reverse("webhook-detail", args=[hook.pk])),
        ("post", reverse("webhook-edit", args=[hook.pk])),
        ("post", reverse("webhook-rotate", args=[hook.pk])),
        ("post", reverse("webhook-active", args=[hook.pk])),
        ("post", reverse("webhook-test", args=[hook.pk])),
        ("get", reverse("webhook-delete", args=[hook.pk])),
        ("post", reverse("webhook-delete", args=[hook.pk])),
    ]


@pytest.mark.parametrize("who", ["manager", "recruiter", "member", "outsider"])
def test_only_admins_reach_the_webhook_pages_everyone_else_gets_404(client, people, hook, who):
    client.force_login(getattr(people, who))
    for method, url in _routes(hook):
        response = getattr(client, method)(url, {"name": "x", "url": "https://a.example/"})
        assert response.status_code == 404, (method, url)
    hook.refresh_from_db()
    assert (hook.name, hook.is_active) == ("Warehouse", True)
    assert not Delivery.objects.exists()
    assert "Webhooks" not in client.get(reverse("home")).content.decode()


def test_an_admin_sees_the_list_and_the_nav_link(client, people, hook):
    client.force_login(people.admin)
    page = client.get(reverse("webhook-list")).content.decode()
    assert "Warehouse" in page and "https://hooks.example.org/panelist" in page
    assert f'href="{reverse("webhook-list")}"' in client.get(reverse("home")).content.decode()


def test_an_unknown_subscription_is_404_for_an_admin_too(client, people):
    client.force_login(people.admin)
    assert client.get(reverse("webhook-detail", args=[999])).status_code == 404


def test_creating_shows_the_secret_once(client, people):
    client.force_login(people.admin)
    response = client.post(
        reverse("webhook-create"),
        {
            "name": "CRM",
            "url": "https://crm.example.org/in",
            "events": ["application.created", "decision.made"],
        },
    )
    subscription = Subscription.objects.get(name="CRM")
    assert response["Location"] == reverse("webhook-detail", args=[subscription.pk])
    assert subscription.events == ["application.created", "decision.made"]
    first = client.get(response["Location"])
    assert first["Cache-Control"].startswith("no-store") or "no-store" in first["Cache-Control"]
    assert subscription.secret in first.content.decode()
    assert subscription.secret not in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"name": "A", "url": "http://crm.example.org/in", "events": ["decision.made"]}, "https"),
        ({"name": "A", "url": "https://crm.example.org/in"}, "required"),
        ({"name": "A", "url": "https://x/", "events": ["scorecard.ratings"]}, "valid choice"),
        ({"name": "A" * 101, "url": "https://x/", "events": ["decision.made"]}, "100"),
    ],
)
def test_a_bad_subscription_is_refused_with_a_reason(client, people, fields, message):
    client.force_login(people.admin)
    response = client.post(reverse("webhook-create"), fields)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Subscription.objects.exists()


def test_editing_the_events(client, people, hook):
    client.force_login(people.admin)
    response = client.post(
        reverse("webhook-edit", args=[hook.pk]),
        {"name": "Warehouse 2", "url": hook.url, "events": ["scorecard.submitted"]},
    )
    assert response.status_code == 302
    hook.refresh_from_db()
    assert (hook.name, hook.events) == ("Warehouse 2", ["scorecard.submitted"])
    refused = client.post(
        reverse("webhook-edit", args=[hook.pk]), {"name": "W", "url": "ftp://x", "events": []}
    )
    assert refused.status_code == 422


def test_rotating_shows_the_new_secret_once_and_keeps_the_old_for_the_grace(client, people, hook):
    old = hook.secret
    client.force_login(people.admin)
    response = client.post(reverse("webhook-rotate", args=[hook.pk]))
    hook.refresh_from_db()
    assert hook.secret != old and hook.previous_secret == old
    page = client.get(response["Location"]).content.decode()
    assert hook.secret in page and old not in page
    assert "previous secret keeps signing" in page


def test_disable_and_enable(client, people, hook):
    client.force_login(people.admin)
    client.post(reverse("webhook-active", args=[hook.pk]), {"active": "0"})
    hook.refresh_from_db()
    assert hook.is_active is False
    page = client.get(reverse("webhook-detail", args=[hook.pk])).content.decode()
    assert "Disabled" in page and "Enable" in page
    client.post(reverse("webhook-active", args=[hook.pk]), {"active": "1"})
    hook.refresh_from_db()
    assert hook.is_active is True


def test_the_test_button_sends_a_signed_test_event(
    client, people, settings, receiver, django_capture_on_commit_callbacks
):
    subscription, secret = subscription_create(
        actor=people.admin, name="Loop", url=receiver.url, events=["decision.made"]
    )
    receiver.secrets = [secret]
    client.force_login(people.admin)
    assert client.get(reverse("webhook-test", args=[subscription.pk])).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("webhook-test", args=[subscription.pk]))
    (received,) = receiver.verified()
    assert received.payload["type"] == "webhook.test"
    assert received.payload["data"] == {"subscription_id": subscription.pk}
    page = client.get(reverse("webhook-detail", args=[subscription.pk])).content.decode()
    assert "webhook.test" in page and "delivered" in page and "HTTP 204" in page


def test_deleting_asks_first_and_needs_a_post(client, people, hook):
    client.force_login(people.admin)
    confirm = client.get(reverse("webhook-delete", args=[hook.pk]))
    assert confirm.status_code == 200 and "cannot be undone" in confirm.content.decode()
    assert Subscription.objects.filter(pk=hook.pk).exists()
    response = client.post(reverse("webhook-delete", args=[hook.pk]))
    assert response["Location"] == reverse("webhook-list")
    assert not Subscription.objects.filter(pk=hook.pk).exists()


def _log_rows(hook, count, start=0):
    Delivery.objects.bulk_create(
        Delivery(
            subscription=hook,
            event_id=f"msg_{start + n:04d}",
            kind="decision.made",
            payload={},
            status=DeliveryStatus.DELIVERED,
            attempts=1,
            response_code=204,
            next_attempt_at=hook.created_at,
        )
        for n in range(count)
    )


def test_the_delivery_log_is_paged_newest_first(client, people, hook):
    _log_rows(hook, 30)
    client.force_login(people.admin)
    url = reverse("webhook-detail", args=[hook.pk])
    first = client.get(url).content.decode()
    assert "msg_0029" in first and "msg_0005" in first and "msg_0004" not in first
    assert first.index("msg_0029") < first.index("msg_0028")
    assert "Page 1 of 2" in first
    second = client.get(url, {"page": 2}).content.decode()
    assert "msg_0004" in second and "msg_0000" in second and "msg_0029" not in second


def test_the_list_is_paged(client, people):
    for n in range(27):
        Subscription.objects.create(name=f"Hook {n:02d}", url="https://x.example/", secret="s")
    client.force_login(people.admin)
    page = client.get(reverse("webhook-list")).content.decode()
    assert "Hook 24" in page and "Hook 25" not in page and "Page 1 of 2" in page


def test_the_pages_read_in_fixed_queries(client, people, hook):
    client.force_login(people.admin)
    made = iter(range(1000))

    def more_log(copies):
        _log_rows(hook, copies, start=next(made) * 10)

    assert_queries_do_not_grow(client, reverse("webhook-detail", args=[hook.pk]), grow=more_log)

    def more_hooks(copies):
        for _ in range(copies):
            Subscription.objects.create(name="Another", url="https://x.example/", secret="s")

    assert_queries_do_not_grow(client, reverse("webhook-list"), grow=more_hooks)


@pytest.mark.parametrize("who", ["manager", "recruiter", "member"])
def test_the_services_refuse_anyone_but_an_admin(people, hook, who):
    from panelist.core.errors import NotAllowed
    from panelist.webhooks import services

    actor = getattr(people, who)
    calls = [
        lambda: services.subscription_create(
            actor=actor, name="X", url="https://x.example/", events=["decision.made"]
        ),
        lambda: services.subscription_update(
            actor=actor, subscription=hook, name="X", url=hook.url, events=hook.events
        ),
        lambda: services.subscription_rotate_secret(actor=actor, subscription=hook),
        lambda: services.subscription_set_active(actor=actor, subscription=hook, active=False),
        lambda: services.subscription_send_test_event(actor=actor, subscription=hook),
        lambda: services.subscription_delete(actor=actor, subscription=hook),
    ]
    for call in calls:
        with pytest.raises(NotAllowed):
            call()
    hook.refresh_from_db()
    assert (hook.name, hook.is_active, Subscription.objects.count()) == ("Warehouse", True, 1)
