"""In Chromium: the sign-in page and the security page fit a phone; signing out everywhere
else from a laptop ends the session on a phone and keeps the laptop's."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.signing import sign_in
from tests.factories import UserFactory

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def _fits_a_phone(page, artifacts_dir, name):
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], name
    page.screenshot(path=str(artifacts_dir / f"{name}-390.png"), full_page=True)


def test_sign_out_everywhere_else_from_the_security_page(
    browser, live_server, transactional_db, artifacts_dir
):
    UserFactory(username="maya")
    laptop = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    phone = browser.new_context(viewport=PHONE, user_agent="Phone browser").new_page()

    phone.goto(f"{live_server.url}/accounts/login/")
    _fits_a_phone(phone, artifacts_dir, "sign-in")
    sign_in(phone, live_server, "maya")
    sign_in(laptop, live_server, "maya")

    laptop.get_by_role("link", name="Security").click()
    expect(laptop.get_by_role("heading", level=1)).to_have_text("Security")
    expect(laptop.get_by_role("table").first).to_contain_text("Phone browser")
    laptop.screenshot(path=str(artifacts_dir / "security-1280.png"), full_page=True)
    _fits_a_phone(laptop, artifacts_dir, "security")

    laptop.get_by_role("button", name="Sign out everywhere else").click()
    expect(laptop.get_by_role("status")).to_contain_text("Signed out of every other session")
    expect(laptop.get_by_text("You are signed in here only.")).to_be_visible()

    phone.reload()
    expect(phone).to_have_url(re.compile(r"/accounts/login/"))
    laptop.context.close()
    phone.context.close()
