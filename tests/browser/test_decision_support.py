"""In Chromium: the team, decision-support and comparison pages show their charts beside data
tables, and the debrief packet prints to one PDF page per candidate."""

import re

import pytest
from playwright.sync_api import expect

from panelist.core.management.commands.demo import DEMO_PASSWORD
from panelist.hiring.models import Application
from tests.demo_data import demo_data

pytestmark = pytest.mark.browser


@pytest.fixture
def maya(page, live_server, transactional_db, library):
    demo_data()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("maya")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
    return page


def _chart_loaded(page, selector="figure.chart img"):
    chart = page.locator(selector).first
    expect(chart).to_be_visible()
    expect(chart).to_have_attribute("alt", re.compile(r"\w+"))
    width = chart.evaluate("img => img.decode().then(() => img.naturalWidth)")
    assert width > 100, "the chart image did not load"


def test_team_support_and_comparison_pages_show_charts_with_tables(
    maya, live_server, artifacts_dir
):
    page = maya
    page.get_by_role("link", name="Teams").click()
    page.get_by_role("link", name="Research Data Science").click()
    _chart_loaded(page)
    expect(page.locator("table.heat")).to_contain_text("Probabilistic modeling")
    expect(page.get_by_role("heading", name="Single points of failure")).to_be_visible()
    page.screenshot(path=str(artifacts_dir / "team.png"), full_page=True)

    amara = Application.objects.get(candidate__name="Amara Osei")
    page.goto(f"{live_server.url}/decisions/applications/{amara.pk}/support/")
    _chart_loaded(page)
    expect(page.locator("table.fit-table")).to_contain_text("Senior Data Scientist")
    expect(page.locator("#team").locator("..")).to_contain_text("Mechanistic (ODE) modeling")
    page.screenshot(path=str(artifacts_dir / "decision-support.png"), full_page=True)

    page.goto(f"{live_server.url}/decisions/openings/{amara.opening_id}/comparison/")
    _chart_loaded(page)
    # Noor Haddad has no scorecard yet: offered in the picker, not compared by default
    expect(page.locator("table.comparison tbody tr")).to_have_count(3)
    expect(page.locator("table.comparison")).not_to_contain_text("Noor Haddad")
    expect(page.locator("table.comparison")).to_contain_text("no growth headroom")
    expect(page.locator("table.comparison")).to_contain_text("missing: incomplete")
    page.get_by_label("Sort by").select_option("skills")
    page.get_by_role("button", name="Compare").click()
    expect(page).to_have_url(re.compile(r"sort=skills"))
    page.screenshot(path=str(artifacts_dir / "comparison.png"), full_page=True)
    page.get_by_label(re.compile("Noor Haddad")).check()
    page.get_by_role("button", name="Compare").click()
    expect(page.locator("table.comparison tbody tr")).to_have_count(4)
    _chart_loaded(page)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(artifacts_dir / "comparison-390.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


@pytest.mark.parametrize("how_many", [1, 3])
def test_packet_prints_one_pdf_page_per_candidate(maya, live_server, artifacts_dir, how_many):
    page = maya
    opening_id = Application.objects.first().opening_id
    chosen = list(Application.objects.filter(opening_id=opening_id).order_by("pk")[:how_many])
    query = "&".join(f"a={a.pk}" for a in chosen)
    page.goto(f"{live_server.url}/decisions/openings/{opening_id}/packet/?{query}")
    expect(page.locator("article.packet-page")).to_have_count(how_many)
    page.wait_for_load_state("networkidle")
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4", print_background=True)
    (artifacts_dir / f"packet-{how_many}.pdf").write_bytes(pdf)
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    assert pages == how_many
