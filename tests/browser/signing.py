"""Signing in through the sign-in form, as every browser test starts."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.factories import PASSWORD


def sign_in(page, live_server, username: str, password: str = PASSWORD) -> None:
    """Sign in as ``username`` on ``page`` (after dropping its cookies) and wait for the home
    page. The password is the factories' unless given (the demo's is another)."""
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
