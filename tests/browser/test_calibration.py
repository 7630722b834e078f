"""In Chromium: an admin runs the calibration from the Interviewers page, and the hiring
manager then reads calibrated scores on the debrief."""

import re

import pytest
from playwright.sync_api import expect

from panelist.core.management.commands.demo import DEMO_PASSWORD
from panelist.hiring.models import Application
from tests.browser.signing import sign_in
from tests.demo_data import demo_data

pytestmark = pytest.mark.browser


def test_admin_runs_calibration_and_the_manager_reads_calibrated_scores(
    page, live_server, transactional_db, library, artifacts_dir
):
    demo_data()
    sign_in(page, live_server, "admin", DEMO_PASSWORD)
    page.get_by_role("link", name="Interviewers").click()
    expect(page.locator(".lead")).to_contain_text("started from the command line")  # the demo
    page.get_by_role("button", name="Run calibration now").click()
    expect(page.locator(".messages")).to_contain_text("6 of 6 targets fitted")
    ian = page.locator("table.calibration-table").first.locator("tr", has_text="Ian Ito")
    expect(ian).to_contain_text("lenient")
    omar = page.locator("table.calibration-table").first.locator("tr", has_text="Omar Okafor")
    expect(omar).to_contain_text("severe")
    expect(page.get_by_role("heading", name="Reliability by target")).to_be_visible()
    page.screenshot(path=str(artifacts_dir / "interviewers.png"), full_page=True)
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, live_server, "maya", DEMO_PASSWORD)
    amara = Application.objects.get(candidate__name="Amara Osei")
    page.goto(f"{live_server.url}/decisions/applications/{amara.pk}/debrief/")
    calibrated = page.locator("table.debrief-grid tfoot tr", has_text="Calibrated")
    expect(calibrated).to_contain_text(re.compile(r"calibrated \d\.\d\d"))
    expect(page.locator(".calibration-note")).to_contain_text("leniency taken out")
    page.screenshot(path=str(artifacts_dir / "debrief-calibrated.png"), full_page=True)

    omar_page = page.context.browser.new_context().new_page()
    sign_in(omar_page, live_server, "omar", DEMO_PASSWORD)  # still drafting on Lena: blind there
    lena = Application.objects.get(candidate__name="Lena Brandt")
    omar_page.goto(f"{live_server.url}/decisions/applications/{lena.pk}/debrief/")
    expect(omar_page.get_by_role("heading", level=1)).to_contain_text("Debrief")
    expect(omar_page.locator("body")).not_to_contain_text(re.compile(r"calibrated \d"))
    omar_page.context.close()
