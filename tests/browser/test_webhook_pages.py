"""In Chromium: an admin subscribes a receiver, copies the secret shown once, sends a test
event that the receiver verifies, and deletes the subscription. Each page fits 1366 px and
390 px without sideways scroll and axe-core finds no violation on it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.test_phone_and_a11y import _axe_source
from tests.factories import UserFactory
from tests.webhooks.receiver import loopback_receiver

pytestmark = pytest.mark.browser

WIDE = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


def _look(page, artifacts_dir, name):
    """Screenshots at both widths; no sideways scroll on the phone; no axe violation."""
    for label, size in (("1366", WIDE), ("390", PHONE)):
        page.set_viewport_size(size)
        page.screenshot(path=str(artifacts_dir / f"{name}-{label}.png"), full_page=True)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= size["width"], f"{name} is {width} px wide at {label}"
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_source())
    violations = page.evaluate("async () => (await window.axe.run(document)).violations")
    assert not violations, f"{name}: " + "; ".join(v["id"] for v in violations)
    page.set_viewport_size(WIDE)


def test_an_admin_subscribes_tests_and_deletes_a_receiver(
    page, live_server, transactional_db, settings, artifacts_dir
):
    from panelist.access.models import Role

    settings.PANELIST_WEBHOOKS_ALLOW_LOOPBACK = True
    settings.PANELIST_WEBHOOKS_ALLOW_PRIVATE = True  # the receiver is on 127.0.0.1
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    UserFactory(username="ada", role=Role.ADMIN, is_superuser=True, is_staff=True)
    page.set_viewport_size(WIDE)
    with loopback_receiver() as receiver:
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username").fill("ada")
        page.get_by_label("Password").fill("test-password")
        page.get_by_role("button", name="Sign in").click()
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Webhooks").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Webhooks")
        _look(page, artifacts_dir, "webhook-list-empty")

        page.get_by_role("link", name="New subscription").click()
        _look(page, artifacts_dir, "webhook-create")
        page.get_by_label("Name").fill("Data warehouse")
        page.get_by_label("Address").fill(receiver.url)
        page.get_by_label("Decision made").check()
        page.get_by_label("Application created").check()
        page.get_by_role("button", name="Create subscription").click()

        expect(page.get_by_role("heading", level=1)).to_have_text("Data warehouse")
        secret = page.get_by_label("Secret").input_value()
        assert secret.startswith("whsec_")
        receiver.secrets = [secret]
        page.get_by_role("button", name="Send a test event").click()
        expect(page.get_by_role("table")).to_contain_text("delivered")
        expect(page.get_by_role("table")).to_contain_text("HTTP 204")
        assert receiver.verified()[0].payload["type"] == "webhook.test"
        expect(page.get_by_label("Secret")).to_have_count(0)  # shown once
        _look(page, artifacts_dir, "webhook-detail")

        page.get_by_role("button", name="Rotate the secret").click()
        expect(page.get_by_label("Secret")).not_to_have_value(secret)
        page.get_by_role("button", name="Disable").click()
        expect(page.get_by_role("status").first).to_contain_text("Disabled")
        _look(page, artifacts_dir, "webhook-detail-disabled")

        page.get_by_role("link", name="Webhooks", exact=True).first.click()
        _look(page, artifacts_dir, "webhook-list")
        page.get_by_role("link", name="Data warehouse").click()
        page.get_by_role("link", name="Delete…").click()
        _look(page, artifacts_dir, "webhook-delete")
        page.get_by_role("button", name="Delete subscription").click()
        expect(page.get_by_role("table")).to_contain_text("No subscription yet.")
