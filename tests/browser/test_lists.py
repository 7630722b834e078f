"""In Chromium: the recruiter searches, filters and pages through the applications list, and
the hiring manager loads more of a stage in place; at 1280 and 390 px, with no sideways
scroll on a phone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.signing import sign_in
from tests.factories import ApplicationFactory, CandidateFactory, OpeningFactory

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _shoot(page, artifacts_dir, name):
    """A screenshot at each width; on the phone, nothing scrolls sideways."""
    page.set_viewport_size(DESKTOP)
    page.screenshot(path=str(artifacts_dir / f"{name}-1280.png"), full_page=True)
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], name
    page.screenshot(path=str(artifacts_dir / f"{name}-390.png"), full_page=True)
    page.set_viewport_size(DESKTOP)


@pytest.fixture
def many(process):
    for n in range(30):
        ApplicationFactory(
            opening=process.opening,
            stage="screening",
            candidate=CandidateFactory(name=f"Screened Person {n:02}"),
        )
    for n in range(14):
        ApplicationFactory(
            opening=process.opening, candidate=CandidateFactory(name=f"Interviewed Person {n:02}")
        )
    ApplicationFactory(
        opening=OpeningFactory(title="Protein design lead"),
        candidate=CandidateFactory(name="Amara Osei", email="amara.osei@lab.example"),
    )
    return process


def test_recruiter_searches_filters_and_pages_the_applications(
    page, live_server, many, people, artifacts_dir
):
    sign_in(page, live_server, "recruiter")
    page.get_by_role("link", name="All applications").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Applications")
    expect(page.get_by_role("status")).to_contain_text("47 applications")

    page.get_by_label(re.compile("^Search")).fill("amara.osei@")
    page.get_by_role("button", name="Show applications").click()
    expect(page.get_by_role("status")).to_contain_text("1 application matches")
    expect(page.get_by_role("link", name="Amara Osei")).to_be_visible()
    _shoot(page, artifacts_dir, "search")

    page.get_by_role("link", name="Clear the search and filters").click()
    page.get_by_label("Stage:", exact=True).select_option("screening")
    page.get_by_label("Opening:", exact=True).select_option(str(many.opening.pk))
    page.get_by_role("button", name="Show applications").click()
    expect(page.get_by_role("status")).to_contain_text("30 applications match")
    expect(page.locator('td[data-label="Candidate"]')).to_have_count(25)
    _shoot(page, artifacts_dir, "filtered-page-1")

    page.get_by_role("navigation", name="Pages of applications").get_by_role(
        "link", name="Next"
    ).click()
    expect(page.get_by_text("Page 2 of 2")).to_be_visible()
    expect(page.locator('td[data-label="Candidate"]')).to_have_count(5)
    expect(page.get_by_label("Stage:", exact=True)).to_have_value("screening")  # the filter stays
    _shoot(page, artifacts_dir, "filtered-page-2")


def test_manager_loads_more_of_a_stage_in_place(page, live_server, many, people, artifacts_dir):
    sign_in(page, live_server, "manager")
    page.goto(f"{live_server.url}/hiring/openings/{many.opening.pk}/")
    interviewing = page.get_by_role("row", name=re.compile("^Interviewing"))
    expect(interviewing.get_by_role("rowheader")).to_have_text("Interviewing 15")
    expect(interviewing.locator(".stage-list > li:not(.more)")).to_have_count(10)
    url = page.url
    interviewing.get_by_role("link", name="Show more (5 not shown)").click()
    expect(interviewing.locator(".stage-list > li:not(.more)")).to_have_count(15)
    expect(interviewing.get_by_role("link", name=re.compile("Show more"))).to_have_count(0)
    assert page.url == url  # loaded in place, through htmx
    _shoot(page, artifacts_dir, "stage-more")


def test_more_without_javascript_is_a_plain_link(browser, live_server, many, artifacts_dir):
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in(page, live_server, "manager")
        page.goto(f"{live_server.url}/hiring/openings/{many.opening.pk}/")
        page.get_by_role("link", name="Show more (5 not shown)").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Interviewing")
        expect(page.locator(".stage-list > li")).to_have_count(5)
        _shoot(page, artifacts_dir, "stage-page-2")
    finally:
        context.close()
