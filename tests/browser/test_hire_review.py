"""In Chromium, on the demo: the hiring manager finds a 6-month review due on their home
page, writes it at a phone's width, and reads the Hires and validity pages; each page fits
390 px and axe-core finds nothing on it."""

import pytest
from playwright.sync_api import expect

from panelist.core.management.commands.demo import DEMO_PASSWORD
from panelist.outcomes.models import Review
from tests.browser.signing import sign_in
from tests.browser.test_phone_and_a11y import PHONE, WIDEST, _axe_source
from tests.demo_data import demo_data

pytestmark = pytest.mark.browser


def _fits_and_passes_axe(page, axe: str, label: str, artifacts_dir) -> None:
    measured = page.evaluate(WIDEST)
    assert measured["width"] <= PHONE["width"], f"{label}: {measured}"
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe)
    result = page.evaluate("async () => await window.axe.run(document)")
    assert result["violations"] == [], f"{label}: {result['violations']}"
    page.screenshot(path=str(artifacts_dir / f"{label}.png"), full_page=True)


def test_the_manager_completes_a_six_month_review_from_their_home(
    page, live_server, transactional_db, library, artifacts_dir
):
    demo_data()
    axe = _axe_source()
    written_before = Review.objects.filter(period=6).count()
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, "maya", DEMO_PASSWORD)
    due = page.get_by_role("region", name="Reviews of your hires")
    expect(due).to_be_visible()
    _fits_and_passes_axe(page, axe, "home-with-reviews-due", artifacts_dir)
    due.get_by_role("link", name="6-month review of").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("6-month review")
    _fits_and_passes_axe(page, axe, "review-form", artifacts_dir)

    # Sent without the evidence for coding: the page says what is missing, at the field.
    for index, group in enumerate(page.locator("form fieldset.card").all()[:-1]):
        group.get_by_label("3 · meets it").check()
        if index != 3:
            group.get_by_role("textbox").fill("Took over the plate-reader scripts in week two.")
    page.get_by_role("group", name="would you hire them again").get_by_label("Yes").check()
    page.get_by_role("group", name="Are they still in the role").get_by_label("Yes").check()
    page.get_by_role("button", name="Record the 6-month review").click()
    expect(page.get_by_text("Give one line of evidence for coding.")).to_be_visible()
    _fits_and_passes_axe(page, axe, "review-form-refused", artifacts_dir)

    page.get_by_label("Coding: one line of evidence").fill("Reviews of their code are careful.")
    page.get_by_role("button", name="Record the 6-month review").click()
    expect(page.locator(".success")).to_contain_text("6-month review of")
    assert Review.objects.filter(period=6).count() == written_before + 1
    expect(page.get_by_role("heading", name="Hires", level=1)).to_be_visible()
    _fits_and_passes_axe(page, axe, "hires", artifacts_dir)

    page.get_by_role("link", name="Do the interviews predict the job?").click()
    expect(page.get_by_role("heading", name="By dimension")).to_be_visible()
    _fits_and_passes_axe(page, axe, "validity", artifacts_dir)
