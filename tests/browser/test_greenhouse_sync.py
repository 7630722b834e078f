"""The admin's Greenhouse page in Chromium: the button queues a sync (run at once here by the
immediate task backend against a fake Harvest server on loopback), and the page reports it,
at a desktop's and a phone's width, without sideways scroll or axe violations."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from panelist.access.models import Role
from tests import factories
from tests.browser.test_phone_and_a11y import PHONE, WIDEST, _axe_source
from tests.greenhouse.fake_harvest import CLIENT_ID, CLIENT_SECRET, FakeHarvest

pytestmark = pytest.mark.browser
PASSWORD = "greenhouse-sync"


@pytest.fixture
def harvest(settings):
    fake = FakeHarvest().start()
    settings.PANELIST_GREENHOUSE_CLIENT_ID = CLIENT_ID
    settings.PANELIST_GREENHOUSE_SECRET = CLIENT_SECRET
    settings.PANELIST_GREENHOUSE_BASE_URL = f"{fake.url}/v3"
    settings.PANELIST_GREENHOUSE_TOKEN_URL = f"{fake.url}/token"
    settings.PANELIST_GREENHOUSE_PER_PAGE = 10
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    yield fake
    fake.stop()


def _check(page, axe: str) -> None:
    measured = page.evaluate(WIDEST)
    viewport = page.viewport_size["width"]
    assert measured["width"] <= viewport, measured
    page.evaluate(axe)
    violations = page.evaluate("async () => (await window.axe.run(document)).violations")
    assert not violations, [(v["id"], v["help"]) for v in violations]


def test_an_admin_syncs_from_the_page_and_reads_the_report(
    browser, live_server, transactional_db, library, harvest, artifacts_dir
):
    seeded = harvest.seed(candidates=12, scorecards=12)
    harvest.edit(
        "scorecards",
        seeded["scorecards"][4]["id"],
        candidate_rating="a-rating-greenhouse-never-had",
    )
    admin = factories.UserFactory(username="gh-admin", role=Role.ADMIN, is_superuser=True)
    admin.set_password(PASSWORD)
    admin.save()
    axe = _axe_source()
    for width, viewport in (("1366", {"width": 1366, "height": 900}), ("390", PHONE)):
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username").fill("gh-admin")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.get_by_role("link", name="Greenhouse").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Greenhouse sync")
        if width == "1366":
            expect(page.get_by_text("No sync has run yet")).to_be_visible()
            page.screenshot(
                path=str(artifacts_dir / "greenhouse-sync-empty-1366.png"), full_page=True
            )
            page.get_by_role("button", name="Sync from Greenhouse now").click()
            expect(page.locator(".messages")).to_contain_text("Greenhouse sync queued")
        else:
            page.reload()
        expect(page.locator(".badge")).to_have_text("Finished with problems")
        expect(page.locator(".sync-report").first).to_contain_text(
            f"scorecard {seeded['scorecards'][4]['id']}, field candidate_rating"
        )
        _check(page, axe)
        page.screenshot(path=str(artifacts_dir / f"greenhouse-sync-{width}.png"), full_page=True)
        context.close()
