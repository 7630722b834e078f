"""Acceptance (issue 13): a manager assigns a member in Chromium and the invite reaches a
real SMTP server on loopback. It lives among the browser tests to share their Chromium."""

from __future__ import annotations

from datetime import timedelta

import icalendar
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from panelist.access.models import Role
from tests import factories
from tests.notifications.mailbox import invite_of, loopback_smtp, text_of

pytestmark = pytest.mark.browser


def test_assigning_a_member_in_the_browser_mails_them_an_invite(
    browser, live_server, transactional_db, library, settings, artifacts_dir
):
    manager = factories.UserFactory(username="hm", first_name="Hana", role=Role.HIRING_MANAGER)
    member = factories.UserFactory(username="cody", first_name="Cody", time_zone="Europe/Paris")
    opening = factories.OpeningFactory(hiring_manager=manager, library_version=library)
    application = factories.ApplicationFactory(
        opening=opening, candidate=factories.CandidateFactory(name="Grace Okoye")
    )
    when = (timezone.now() + timedelta(days=3)).astimezone(timezone.get_current_timezone())
    when = when.replace(minute=0, second=0, microsecond=0)

    with loopback_smtp(settings) as inbox:
        _assign_in_browser(browser, live_server, application, when, artifacts_dir)

    [message] = inbox.to(member.email)
    assert "Grace Okoye" in message["Subject"]
    assert "Place: Room 2.01" in text_of(message)
    event = icalendar.Calendar.from_ical(invite_of(message)).walk("VEVENT")[0]
    assert event.decoded("DTSTART") == when
    assert str(event.decoded("DTSTART").tzinfo) == "Europe/Paris"


def _assign_in_browser(browser, live_server, application, when, artifacts_dir):
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("hm")
    page.get_by_label("Password").fill("test-password")
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}/interviews/applications/{application.pk}/committee/")
    page.get_by_label("Member").select_option(label="Cody")
    page.get_by_label("Coding", exact=True).check()
    page.get_by_label("Format").select_option(label="Code review of the candidate's own code")
    page.get_by_label("Scheduled for").fill(when.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Meeting link or room").fill("Room 2.01")
    page.get_by_role("button", name="Add to the committee").click()
    expect(page.locator(".messages")).to_contain_text("is on the committee")
    page.screenshot(path=str(artifacts_dir / "committee.png"), full_page=True)
    page.context.close()


def test_rescheduling_a_member_in_the_browser_sends_the_same_event_with_a_higher_sequence(
    browser, live_server, transactional_db, library, settings, artifacts_dir
):
    manager = factories.UserFactory(username="hm", first_name="Hana", role=Role.HIRING_MANAGER)
    member = factories.UserFactory(username="cody", first_name="Cody", time_zone="Europe/Paris")
    opening = factories.OpeningFactory(hiring_manager=manager, library_version=library)
    application = factories.ApplicationFactory(
        opening=opening, candidate=factories.CandidateFactory(name="Grace Okoye")
    )
    when = (timezone.now() + timedelta(days=3)).astimezone(timezone.get_current_timezone())
    when = when.replace(minute=0, second=0, microsecond=0)
    later = when + timedelta(days=1, hours=2)

    with loopback_smtp(settings) as inbox:
        _assign_in_browser(browser, live_server, application, when, artifacts_dir)
        for width, height in ((1366, 900), (390, 844)):
            page = _signed_in(browser, live_server, width, height)
            page.goto(f"{live_server.url}/interviews/applications/{application.pk}/committee/")
            page.screenshot(path=str(artifacts_dir / f"committee-{width}.png"), full_page=True)
            page.get_by_role("link", name="Remove Cody").click()
            expect(page.get_by_role("heading", level=1)).to_contain_text("Remove Cody")
            page.screenshot(path=str(artifacts_dir / f"remove-{width}.png"), full_page=True)
            _no_sideways_scroll(page)
            page.context.close()
        page = _signed_in(browser, live_server, 390, 844)
        page.goto(f"{live_server.url}/interviews/applications/{application.pk}/committee/")
        page.get_by_role("link", name="Change Cody's interview").click()
        expect(page.get_by_label("Scheduled for")).to_have_value(when.strftime("%Y-%m-%dT%H:%M"))
        page.get_by_label("Scheduled for").fill(later.strftime("%Y-%m-%dT%H:%M"))
        page.get_by_label("Mode").select_option(label="Remote")
        page.get_by_label("Meeting link or room").fill("https://meet.example.org/grace")
        page.screenshot(path=str(artifacts_dir / "change-390.png"), full_page=True)
        _no_sideways_scroll(page)
        page.get_by_role("button", name="Save and tell Cody").click()
        expect(page.locator(".messages")).to_contain_text("interview is changed")
        page.context.close()

    assigned, changed = inbox.to(member.email)
    assert changed["Subject"].startswith("[Northwind Research] Interview changed:")
    first = icalendar.Calendar.from_ical(invite_of(assigned)).walk("VEVENT")[0]
    second_calendar = icalendar.Calendar.from_ical(invite_of(changed))
    second = second_calendar.walk("VEVENT")[0]
    assert str(second_calendar["METHOD"]) == "REQUEST"
    assert str(second["UID"]) == str(first["UID"])
    assert int(second["SEQUENCE"]) > int(first["SEQUENCE"])
    assert second.decoded("DTSTART") == later
    assert "https://meet.example.org/grace" in text_of(changed)


def _signed_in(browser, live_server, width, height):
    page = browser.new_context(viewport={"width": width, "height": height}).new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("hm")
    page.get_by_label("Password").fill("test-password")
    page.get_by_role("button", name="Sign in").click()
    return page


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
