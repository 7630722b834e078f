"""In Chromium: the manager completes the final evaluation with linked evidence, decides, and
finds the evaluation on the timeline and in the packet; the pages it adds read at 390 px and
pass axe-core."""

import re

import pytest
from playwright.sync_api import expect

from panelist.core.management.commands.demo import DEMO_PASSWORD
from panelist.decisions.models import FinalEvaluation
from panelist.hiring.models import Application
from panelist.interviews.models import Assignment
from tests.browser.signing import sign_in
from tests.browser.test_phone_and_a11y import PHONE, Findings, _axe_source, _check
from tests.demo_data import demo_data

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db, library):
    demo_data()


def test_manager_evaluates_decides_and_finds_it_on_the_timeline_and_in_the_packet(
    page, live_server, demo, artifacts_dir
):
    amara = Application.objects.get(candidate__name="Amara Osei")
    sign_in(page, live_server, "maya", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/decisions/applications/{amara.pk}/decide/")
    evaluation = page.locator("section[aria-labelledby=evaluation-heading]")
    expect(evaluation.get_by_role("heading", name="Final evaluation")).to_be_visible()
    # questions 1 and 2 come prefilled from decision support
    expect(page.get_by_label(re.compile("^1. Can you and the team coach"))).not_to_have_value("")
    expect(page.get_by_label(re.compile("^2. Do they bring skills"))).to_have_value(
        re.compile("Mechanistic \\(ODE\\) modeling")
    )
    page.get_by_label(re.compile("^3. Will they work well")).fill(
        "Turned a dispute over a shared dataset into a joint paper; explains clearly."
    )
    q3 = page.locator("details.citations", has_text="Passages question 3 rests on")
    q3.locator("summary").click()  # closed until a passage is cited
    q3.locator("input[type=checkbox]").first.check()
    cited_text = q3.locator(".citation p").first.inner_text()
    # the passage links to the scorecard it comes from
    link = q3.get_by_role("link", name="open in the scorecard").first
    expect(link).to_have_attribute("href", re.compile(r"/scorecards/\d+/#rating-\d+"))
    page.get_by_label("A concern about working with others").fill(
        "Interrupted once when excited; may be a conversational style."
    )
    page.get_by_label("This concern may reflect a cultural difference").check()
    page.get_by_label(re.compile("^4. Do they have the confidence")).fill(
        "Defended the ODE model against the deep-learning alternative in the seminar."
    )
    q4 = page.locator("details.citations", has_text="Passages question 4 rests on")
    q4.locator("summary").click()
    q4.locator("input[type=checkbox]").first.check()
    page.screenshot(path=str(artifacts_dir / "decide-evaluation-1280.png"), full_page=True)

    page.get_by_role("radio", name="Hire").check()
    page.get_by_label("Level:", exact=True).select_option(label="Data Scientist")
    page.get_by_label("Rationale").fill("Strong modeling, brings mechanistic models; hired.")
    page.get_by_role("button", name="Record evaluation and decision").click()
    expect(page.get_by_text("Final evaluation and decision recorded")).to_be_visible()

    timeline = page.locator(".timeline")
    expect(timeline).to_contain_text("Final evaluation recorded")
    expect(timeline).to_contain_text("citing 2 scorecard passages")
    expect(timeline).to_contain_text("Decision: Hire as Data Scientist")
    saved = FinalEvaluation.objects.get(application=amara)
    assert saved.concern_possible_cultural_difference
    assert saved.citations.count() == 2

    page.goto(f"{live_server.url}/decisions/openings/{amara.opening_id}/packet/?a={amara.pk}")
    packet = page.locator("article.packet-page")
    expect(packet).to_contain_text("Final evaluation")
    expect(packet).to_contain_text("Turned a dispute over a shared dataset")
    expect(packet).to_contain_text("(possible cultural difference)")
    expect(packet).to_contain_text(cited_text.split("open in the scorecard")[0][:40].strip())
    page.screenshot(path=str(artifacts_dir / "packet-with-evaluation.png"), full_page=True)


def test_the_new_pages_fit_a_phone_and_pass_axe(browser, live_server, demo, artifacts_dir):
    axe = _axe_source()
    findings = Findings()
    context = browser.new_context(viewport=PHONE, device_scale_factor=1)
    page = context.new_page()
    page.set_default_timeout(15_000)
    amara = Application.objects.get(candidate__name="Amara Osei")
    priya = Assignment.objects.get(application=amara, member__username="priya")
    try:
        sign_in(page, live_server, "maya", DEMO_PASSWORD)
        for path in (
            f"/decisions/applications/{amara.pk}/decide/",
            f"/decisions/applications/{amara.pk}/support/",
            f"/decisions/openings/{amara.opening_id}/comparison/",
            "/teams/coaching/",
        ):
            page.goto(f"{live_server.url}{path}")
            _check(page, f"maya {path}", axe, findings, artifacts_dir)
        # a refused evaluation: errors tied to their fields
        page.goto(f"{live_server.url}/decisions/applications/{amara.pk}/decide/")
        page.get_by_label(re.compile("^1. Can you and the team coach")).fill("")
        page.get_by_role("button", name="Save the evaluation").click()
        expect(page.get_by_text("Answer question 1")).to_be_visible()
        _check(page, "maya decide refused", axe, findings, artifacts_dir)

        sign_in(page, live_server, "priya", DEMO_PASSWORD)
        for path in (
            f"/interviews/assignments/{priya.pk}/kit/",
            f"/decisions/applications/{amara.pk}/skill-readings/mine/",
        ):
            page.goto(f"{live_server.url}{path}")
            _check(page, f"priya {path}", axe, findings, artifacts_dir)
        page.goto(f"{live_server.url}/decisions/applications/{amara.pk}/skill-readings/mine/")
        page.get_by_role("button", name=re.compile("Record")).first.click()
        expect(page.locator(".error-text").first).to_be_visible()
        _check(page, "priya skill reading refused", axe, findings, artifacts_dir)
    finally:
        context.close()
    problems = findings.overflow + findings.violations
    assert not problems, "\n".join(problems)
