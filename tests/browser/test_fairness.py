"""In Chromium: the compliance admin reads the adverse-impact report on the demo and
downloads it as CSV; a candidate answers the voluntary form (on a stand-in for their private
link). Both pages at 1280 and 390 px, checked with axe-core."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import expect

from panelist.core.management.commands.demo import DEMO_PASSWORD
from panelist.fairness.models import Answer
from panelist.fairness.services import default_questions_ensure
from panelist.portal import links
from tests import factories
from tests.browser.signing import sign_in
from tests.browser.test_phone_and_a11y import _axe_source
from tests.demo_data import demo_data

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def _assert_clean(page, label: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{label}: {width} px wide"
    page.evaluate(_axe_source())
    result = page.evaluate("async () => await window.axe.run(document)")
    problems = [
        f"{v['id']}: {v['help']} at {'; '.join(' '.join(n['target']) for n in v['nodes'][:3])}"
        for v in result["violations"]
    ]
    assert not problems, f"{label}: {problems}"


def test_compliance_reads_the_report_on_the_demo_and_downloads_it(
    page, live_server, transactional_db, library, artifacts_dir
):
    demo_data()
    sign_in(page, live_server, "admin", DEMO_PASSWORD)  # a superuser holds every capability
    page.get_by_role("link", name="Adverse impact").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Adverse impact")
    expect(page.locator(".lead")).to_contain_text("The whole organisation")
    expect(page.get_by_role("heading", name="Passed screening")).to_be_visible()
    questions = page.locator("ul.rater-questions li.clear")
    expect(questions.first).to_contain_text("Does Priya Patel rate candidates in the group")
    expect(questions.first).to_contain_text("“Woman” lower")
    expect(page.locator("section.method")).to_contain_text("Katz log interval")
    page.screenshot(path=str(artifacts_dir / "report-1280.png"), full_page=True)
    _assert_clean(page, "report at 1280 px")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download CSV").click()
    download = download_info.value
    assert download.suggested_filename.startswith("adverse-impact-")
    rows = list(csv.reader(io.StringIO(Path(download.path()).read_text(encoding="utf-8"))))
    assert rows[0][0] == "scope" and "whole organisation" in rows[0][1]
    assert ["Priya Patel", "Sex or gender", "Woman"] in [r[:3] for r in rows]

    page.get_by_role("link", name="Printable page").click()
    expect(page.locator(".lead")).to_contain_text("Printed")
    page.emulate_media(media="print")
    page.screenshot(path=str(artifacts_dir / "report-print.png"), full_page=True)
    page.emulate_media(media="screen")

    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/fairness/adverse-impact/")
    page.screenshot(path=str(artifacts_dir / "report-390.png"), full_page=True)
    _assert_clean(page, "report at 390 px")


def test_a_candidate_answers_the_voluntary_form(
    page, live_server, transactional_db, library, artifacts_dir
):
    default_questions_ensure()
    application = factories.ApplicationFactory()
    _, token = links.link_create(actor=application.opening.hiring_manager, application=application)
    page.goto(f"{live_server.url}/c/{token}/")
    page.get_by_role("link", name="Answer, change or erase them").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("voluntary")
    _assert_clean(page, "form at 1280 px")
    page.get_by_role("group", name="Sex or gender").get_by_label("Woman").check()
    page.get_by_role("group", name="Race or ethnicity").get_by_label("Prefer not to say").check()
    page.get_by_role("button", name="Save my answers").click()
    expect(page.locator(".messages")).to_contain_text("your answers are saved")
    assert Answer.objects.filter(response__candidate=application.candidate).count() == 2
    page.set_viewport_size(PHONE)
    page.screenshot(path=str(artifacts_dir / "self-identify-390.png"), full_page=True)
    _assert_clean(page, "form at 390 px")
    page.get_by_role("button", name="Erase my answers").click()
    expect(page.locator(".messages")).to_contain_text("erased")
    assert not Answer.objects.exists()
