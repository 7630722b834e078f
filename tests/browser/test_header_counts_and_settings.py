"""Chromium at a desktop width and a phone's: the header's "waiting on you" counts lead to the
lists they count, and the mail settings page saves a time zone; both fit a phone's screen."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from panelist.access.models import Role
from tests import factories
from tests.browser.test_phone_and_a11y import _axe_source

pytestmark = pytest.mark.browser

SIZES = ((1366, 900), (390, 844))


def _signed_in(browser, live_server, username, width, height):
    page = browser.new_context(viewport={"width": width, "height": height}).new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("test-password")
    page.get_by_role("button", name="Sign in").click()
    return page


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_a_manager_follows_a_header_count_to_its_list(
    browser, live_server, transactional_db, library, artifacts_dir
):
    manager = factories.UserFactory(username="hm", first_name="Hana", role=Role.HIRING_MANAGER)
    opening = factories.OpeningFactory(hiring_manager=manager, library_version=library)
    for name in ("Grace Okoye", "Ada Byron"):
        application = factories.ApplicationFactory(
            opening=opening, candidate=factories.CandidateFactory(name=name)
        )
        factories.write_scorecard(factories.AssignmentFactory(application=application), submit=True)
    factories.ApplicationFactory(
        opening=opening, stage="debrief", candidate=factories.CandidateFactory(name="Lin Wu")
    )
    factories.AssignmentFactory(
        application=factories.ApplicationFactory(opening=opening), member=manager
    )

    for width, height in SIZES:
        page = _signed_in(browser, live_server, "hm", width, height)
        counts = page.get_by_role("navigation", name="Waiting on you")
        expect(counts.get_by_role("link", name="Ready for debrief 2")).to_be_visible()
        expect(counts.get_by_role("link", name="Decisions waiting 1")).to_be_visible()
        expect(counts.get_by_role("link", name="Scorecards to write 1")).to_be_visible()
        page.screenshot(path=str(artifacts_dir / f"home-{width}.png"), full_page=True)
        assert _fits(page)
        if width == 390:
            counts.get_by_role("link", name="Ready for debrief 2").click()
            expect(page.locator("main")).to_contain_text("Grace Okoye")
            expect(page.locator("main")).to_contain_text("Ada Byron")
            expect(page.locator("main")).not_to_contain_text("Lin Wu")
        page.context.close()


def test_a_person_chooses_their_time_zone_on_the_mail_settings_page(
    browser, live_server, transactional_db, library, artifacts_dir
):
    member = factories.UserFactory(username="cody", first_name="Cody")
    for width, height in SIZES:
        page = _signed_in(browser, live_server, "cody", width, height)
        page.goto(f"{live_server.url}/notifications/settings/")
        page.screenshot(path=str(artifacts_dir / f"mail-settings-{width}.png"), full_page=True)
        assert _fits(page)
        page.context.close()
    page = _signed_in(browser, live_server, "cody", 390, 844)
    page.goto(f"{live_server.url}/notifications/settings/")
    page.get_by_label("Your time zone").select_option("Europe/Lisbon")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messages")).to_contain_text("saved")
    expect(page.get_by_label("Your time zone")).to_have_value("Europe/Lisbon")
    page.context.close()
    member.refresh_from_db()
    assert member.time_zone == "Europe/Lisbon"


def test_a_person_turns_unsubscribed_mail_on_again_from_the_settings_page(
    browser, live_server, transactional_db, library, artifacts_dir
):
    from panelist.notifications.models import Kind, MailOptOut
    from panelist.notifications.services import mail_opt_out

    manager = factories.UserFactory(username="hm", first_name="Hana", role=Role.HIRING_MANAGER)
    mail_opt_out(user=manager, kind=Kind.READY)
    mail_opt_out(user=manager, kind=Kind.DECIDED)
    for width, height in SIZES:
        page = _signed_in(browser, live_server, "hm", width, height)
        page.goto(f"{live_server.url}/notifications/settings/")
        expect(page.get_by_role("heading", name="Mail you turned off")).to_be_visible()
        page.screenshot(
            path=str(artifacts_dir / f"mail-settings-opted-out-{width}.png"), full_page=True
        )
        assert _fits(page)
        page.evaluate(_axe_source())  # through DevTools: the page's CSP refuses inline script
        violations = page.evaluate("async () => (await window.axe.run(document)).violations")
        assert [violation["id"] for violation in violations] == []
        page.context.close()
    page = _signed_in(browser, live_server, "hm", 390, 844)
    page.goto(f"{live_server.url}/notifications/settings/")
    page.get_by_role("button", name=f"Turn on {Kind.READY.label} again").click()
    expect(page.locator(".messages")).to_contain_text("again")
    expect(page.get_by_role("button", name=f"Turn on {Kind.READY.label} again")).to_have_count(0)
    expect(page.get_by_role("button", name=f"Turn on {Kind.DECIDED.label} again")).to_be_visible()
    page.context.close()
    assert list(MailOptOut.objects.filter(user=manager).values_list("kind", flat=True)) == [
        Kind.DECIDED
    ]
