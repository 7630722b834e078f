"""In Chromium: the decision page starts with nothing chosen and shows the evidence beside the
choice, at desktop and phone widths, without sideways scrolling."""

import pytest
from playwright.sync_api import expect

from panelist.core.management.commands.demo import DEMO_PASSWORD
from panelist.hiring.models import Application
from tests.demo_data import demo_data

pytestmark = pytest.mark.browser

# The innermost elements that stick out to the right, to say what to fix.
WIDER_THAN_THE_VIEWPORT = """
const out = e => e.getBoundingClientRect().right > window.innerWidth + 1;
const scrolls = e => ["auto", "scroll", "hidden"].includes(getComputedStyle(e).overflowX);
const clipped = e => { for (let a = e.parentElement; a; a = a.parentElement) {
  if (scrolls(a)) return true; } return false; };
[...document.querySelectorAll("body *")]
  .filter(e => out(e) && !clipped(e))
  .filter(e => ![...e.children].some(c => out(c) && !clipped(c)))
  .slice(0, 5)
  .map(e => `${e.tagName.toLowerCase()}.${e.className}: ${e.textContent.trim().slice(0, 40)}`)
"""


def test_decision_page_reads_at_desktop_and_phone_widths(
    page, live_server, transactional_db, library, artifacts_dir
):
    demo_data()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("maya")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    amara = Application.objects.get(candidate__name="Amara Osei")
    for name, url in (
        ("decide", f"/decisions/applications/{amara.pk}/decide/"),
        ("support", f"/decisions/applications/{amara.pk}/support/"),
    ):
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(f"{live_server.url}{url}")
            expect(
                page.get_by_text("Leadership (derived from people skills and communication)")
            ).to_be_visible()
            if name == "decide":
                expect(page.locator('input[name="outcome"]:checked')).to_have_count(0)
                expect(
                    page.get_by_role("heading", name="Gaps nobody on the team will coach")
                ).to_be_visible()
                expect(page.get_by_role("heading", name="Flags")).to_be_visible()
            page.screenshot(path=str(artifacts_dir / f"{name}-{width}.png"), full_page=True)
            scroll = page.evaluate("document.documentElement.scrollWidth")
            wide = page.evaluate(WIDER_THAN_THE_VIEWPORT)
            assert scroll <= width, f"{name} at {width} px is {scroll} px wide: {wide}"
