"""In Chromium: an admin is sent to set up an authenticator app, then signs in with a code
from it, with a recovery code, and is refused with a wrong code."""

from __future__ import annotations

import re
import time

import pyotp
import pytest
from playwright.sync_api import expect

from panelist.access.models import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.browser


def _password_step(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("boss")
    page.get_by_label("Password").fill("test-password")
    page.get_by_role("button", name="Sign in").click()


def _sign_out(page):
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))


def test_admin_sets_up_totp_and_signs_in_with_codes(
    page, live_server, transactional_db, settings, artifacts_dir
):
    settings.PANELIST_TWO_FACTOR_FOR_ADMINS = True
    UserFactory(username="boss", role=Role.ADMIN, is_staff=True, is_superuser=True)

    _password_step(page, live_server)
    # Setting up a second factor asks for the password again (allauth's reauthentication).
    expect(page.get_by_role("heading", level=1)).to_contain_text("Confirm it is you")
    expect(page.get_by_role("status")).to_contain_text("Set up an authenticator app")
    page.get_by_label("Password").fill("test-password")
    page.get_by_role("button", name="Confirm").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Activate Authenticator App")
    page.screenshot(path=str(artifacts_dir / "activate.png"), full_page=True)
    secret = page.get_by_label("Authenticator secret").input_value()
    totp = pyotp.TOTP(secret)
    page.get_by_label("Authenticator code").fill(totp.now())
    page.get_by_role("button", name="Activate").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Recovery Codes")
    recovery_codes = page.get_by_label("Unused codes").input_value().split()
    assert len(recovery_codes) == 10
    page.screenshot(path=str(artifacts_dir / "recovery-codes.png"), full_page=True)
    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
    _sign_out(page)

    # A code from the next period: the one used to activate may not be used twice.
    _password_step(page, live_server)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Two-Factor Authentication")
    page.get_by_label("Code").fill(totp.at(time.time() + 30))
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
    _sign_out(page)

    _password_step(page, live_server)
    page.get_by_label("Code").fill(recovery_codes[0])
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
    _sign_out(page)

    _password_step(page, live_server)
    page.get_by_label("Code").fill("000000")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".errorlist")).to_contain_text("Incorrect code")
    page.screenshot(path=str(artifacts_dir / "wrong-code.png"), full_page=True)
    page.goto(f"{live_server.url}/")  # not signed in: still asked for the code
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    expect(page.locator(".site-header nav")).to_have_count(0)
