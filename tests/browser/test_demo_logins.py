"""In Chromium: every demo login reaches its home page; pages are saved as screenshots."""

import re

import pytest
from playwright.sync_api import expect

from panelist.core.management.commands.demo import DEMO_PASSWORD, PEOPLE
from tests.demo_data import demo_data

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db, library):
    demo_data()


def _sign_in(page, live_server, username):
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_each_demo_login_reaches_its_home_page(page, live_server, demo, artifacts_dir):
    """One demo for all seven logins: creating it is the slow part."""
    for username, _, _, role, _ in PEOPLE:
        _sign_in(page, live_server, username)
        expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
        expect(page.locator(".who")).to_contain_text(role.label)
        page.screenshot(path=str(artifacts_dir / f"home-{username}.png"), full_page=True)
        page.get_by_role("button", name="Sign out").click()
        expect(page).to_have_url(re.compile(r"/accounts/login/|/$"))
        page.context.clear_cookies()


def test_wrong_password_says_what_to_do(page, live_server, demo, artifacts_dir):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("maya")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("try again")
    page.screenshot(path=str(artifacts_dir / "login-error.png"))


def test_interviewer_walks_to_a_scorecard_and_the_library(page, live_server, demo, artifacts_dir):
    _sign_in(page, live_server, "ian")
    page.get_by_role("link", name="Lena Brandt").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lena Brandt")
    page.screenshot(path=str(artifacts_dir / "application-ian.png"), full_page=True)
    page.get_by_role("link", name=re.compile("Ines Ibarra")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Scorecard")
    page.screenshot(path=str(artifacts_dir / "scorecard-ines-seen-by-ian.png"), full_page=True)
    page.get_by_role("link", name="Ladder").click()
    expect(page.get_by_role("table")).to_contain_text("Senior Data Scientist")
    page.screenshot(path=str(artifacts_dir / "ladder.png"), full_page=True)
    page.get_by_role("link", name="Rubrics").click()
    expect(page.locator("#rubric-coding")).to_be_visible()
    page.screenshot(path=str(artifacts_dir / "rubrics.png"), full_page=True)
