"""The whole loop in Chromium with five people: open, add, assign, score blind, debrief, decide."""

import re

import pytest
from playwright.sync_api import expect

from panelist.access.models import Role
from panelist.hiring.models import Application
from panelist.interviews.models import Scorecard
from tests.browser.signing import sign_in
from tests.factories import SkillFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.browser

EVIDENCE = (
    "Described the assay drift they found, named the control they added and why, and said "
    "unprompted what the control could not rule out."
)


@pytest.fixture
def cast(transactional_db, library):
    TeamFactory(name="Protein Design")
    SkillFactory(name="Bayesian statistics")
    SkillFactory(name="PyTorch")
    return {
        "manager": UserFactory(username="hm", first_name="Hana", role=Role.HIRING_MANAGER),
        "recruiter": UserFactory(username="rec", first_name="Remy", role=Role.RECRUITER),
        "people": UserFactory(username="pat", first_name="Pat"),
        "seminar": UserFactory(username="sam", first_name="Sam"),
        "science": UserFactory(username="sci", first_name="Sci"),
        "coding": UserFactory(username="cody", first_name="Cody"),
    }


def _sign_in(browser, live_server, username):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, live_server, username)
    return page


def _shot(page, folder, name):
    page.bring_to_front()  # a page behind another tab may never paint the frame to capture
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def _fill_scorecard(page, *, rating: str, recommendation: str, red_flag: str | None = None):
    questions = page.locator("fieldset.question-card")
    for index in range(questions.count()):
        question = questions.nth(index)
        question.locator(f'input[type=radio][value="{rating}"]').check()
        question.locator("textarea").fill(EVIDENCE)
    summary = page.locator("#id_summary")
    if summary.count():
        summary.fill("Problem: assay drift. Method: hierarchical model. Finding: drift explained.")
    if red_flag:
        page.locator("#flag-0-severity").select_option("red")
        page.locator("#flag-0-question").select_option(index=1)
        page.locator("#flag-0-evidence").fill(red_flag)
    page.get_by_label(recommendation, exact=True).check()
    if recommendation in ("No", "Strong no"):
        page.locator("#recommendation-reason").fill(
            red_flag or "The evidence on design reasoning stayed shallow when asked."
        )
    expect(page.locator("#save-status")).to_contain_text("Draft saved at", timeout=15_000)
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".messages")).to_contain_text("Draft saved.", timeout=15_000)


def _submit(page) -> None:
    """Submit the scorecard on screen; a refusal names itself in the failure, not "not found"."""
    page.get_by_role("button", name="Submit scorecard").click()
    answer = page.locator(".messages, .errors-summary, .conflict")
    expect(answer.first).to_contain_text("Scorecard submitted", timeout=15_000)


def test_five_people_run_the_whole_loop(browser, live_server, cast, artifacts_dir):
    # The manager opens an opening.
    manager = _sign_in(browser, live_server, "hm")
    manager.get_by_role("link", name="Open a new opening").click()
    manager.get_by_label("Title").fill("Senior Data Scientist, assays")
    manager.get_by_label("Team").select_option(label="Protein Design")
    manager.get_by_label("Target level").select_option(label="Senior Data Scientist")
    manager.get_by_label("Bayesian statistics").select_option("must")
    manager.get_by_label("PyTorch").select_option("nice")
    _shot(manager, artifacts_dir, "01-opening-form")
    manager.get_by_role("button", name="Open opening").click()
    expect(manager.get_by_role("heading", level=1)).to_have_text("Senior Data Scientist, assays")
    _shot(manager, artifacts_dir, "02-opening")

    # The recruiter adds a candidate and attaches them to the opening.
    recruiter = _sign_in(browser, live_server, "rec")
    recruiter.get_by_role("link", name="Add a candidate").click()
    recruiter.get_by_label("Name").fill("Grace Okoye")
    recruiter.get_by_label("Email").fill("grace@example.net")
    recruiter.get_by_label("Code sample link").fill("https://example.net/grace/assay-model")
    recruiter.get_by_label("Seminar title").fill("Drift-aware models of plate assays")
    recruiter.get_by_label("Attach to opening").select_option(
        label="Senior Data Scientist, assays (Senior Data Scientist)"
    )
    _shot(recruiter, artifacts_dir, "03-candidate-form")
    recruiter.get_by_role("button", name="Add candidate").click()
    expect(recruiter.get_by_role("heading", level=1)).to_have_text("Grace Okoye")
    recruiter.get_by_label("Move to stage").select_option("interviewing")
    recruiter.get_by_role("button", name="Move").click()
    expect(recruiter.locator(".messages")).to_contain_text("Moved to Interviewing")
    application = Application.objects.get(candidate__name="Grace Okoye")
    app_url = f"{live_server.url}/hiring/applications/{application.pk}/"

    # The manager assigns four members across the five dimensions.
    manager.goto(app_url)
    manager.get_by_role("link", name="Committee").click()
    expect(manager.locator(".warning")).to_contain_text("Nobody assesses")
    plan = [
        ("Pat", ["People skills"], "Behavioural interview on a difficult situation"),
        ("Sam", ["Communication", "Modeling"], "Seminar on the candidate's own project"),
        ("Sci", ["Scientific knowledge"], "Walk-through of an experiment the candidate designed"),
        ("Cody", ["Coding"], "Code review of the candidate's own code"),
    ]
    for member, dimensions, fmt in plan:
        manager.get_by_label("Member").select_option(label=member)
        for dimension in dimensions:
            manager.get_by_label(dimension, exact=True).check()
        manager.get_by_label("Format").select_option(label=fmt)
        manager.get_by_label("Meeting link or room").fill("Room 2.01")
        manager.get_by_role("button", name="Add to the committee").click()
        expect(manager.locator(".messages")).to_contain_text("is on the committee")
    expect(manager.locator(".warning")).to_have_count(0)
    _shot(manager, artifacts_dir, "04-committee")

    # Sam submits first; Pat, still drafting, cannot see Sam's scorecard by any route.
    sam = _sign_in(browser, live_server, "sam")
    sam.get_by_role("link", name="Kit").first.click()
    expect(sam.get_by_role("heading", level=1)).to_contain_text("Interview kit")
    _shot(sam, artifacts_dir, "05-kit-sam")
    sam.get_by_role("link", name="Open the scorecard").click()
    _fill_scorecard(sam, rating="4", recommendation="Strong yes")
    _shot(sam, artifacts_dir, "06-scorecard-sam")
    _submit(sam)
    sam_card = Scorecard.objects.get(assignment__member=cast["seminar"])
    sam_url = f"{live_server.url}/interviews/scorecards/{sam_card.pk}/"

    pat = _sign_in(browser, live_server, "pat")
    pat.get_by_role("link", name="Scorecard", exact=True).first.click()
    _fill_scorecard(pat, rating="3", recommendation="Yes")
    pat.goto(app_url)
    expect(pat.locator("body")).not_to_contain_text("Strong yes")
    expect(pat.get_by_role("link", name=re.compile("Sam"))).to_have_count(0)
    response = pat.goto(sam_url)
    assert response.status == 404
    expect(pat.get_by_role("heading", level=1)).to_have_text("Not found")
    _shot(pat, artifacts_dir, "07-blind-404-pat")
    pat.goto(f"{live_server.url}/decisions/applications/{application.pk}/debrief/")
    expect(pat.locator("body")).not_to_contain_text("Sam")
    pat.goto(app_url)
    pat.get_by_role("link", name="Your scorecard").click()
    _submit(pat)
    response = pat.goto(sam_url)
    assert response.status == 200
    expect(pat.locator("body")).to_contain_text(EVIDENCE)
    _shot(pat, artifacts_dir, "08-after-submit-pat-reads-sam")

    # Sci and Cody submit; Cody raises a red flag.
    for username, rating, recommendation, flag in [
        ("sci", "3", "Yes", None),
        ("cody", "2", "No", "Said there was nothing in the code they would improve."),
    ]:
        member = _sign_in(browser, live_server, username)
        member.get_by_role("link", name="Scorecard", exact=True).first.click()
        _fill_scorecard(member, rating=rating, recommendation=recommendation, red_flag=flag)
        _submit(member)
        if flag:
            _shot(member, artifacts_dir, "09-scorecard-with-red-flag")

    # The debrief shows the grid; the committee recommends; the manager decides.
    manager.goto(f"{live_server.url}/decisions/applications/{application.pk}/debrief/")
    grid = manager.locator("table.debrief-grid")
    expect(grid.locator("tbody tr")).to_have_count(4)
    expect(manager.locator("ul.flags li").first).to_contain_text("Red")
    expect(manager.locator(".stats")).to_contain_text("3")
    _shot(manager, artifacts_dir, "10-debrief")
    manager.get_by_label("Yes", exact=True).check()
    manager.get_by_label("Notes").fill("Strong modeling; coding coachable; flag discussed.")
    manager.get_by_role("button", name=re.compile("committee recommendation")).click()
    expect(manager.locator(".messages")).to_contain_text("recorded")
    manager.get_by_role("link", name="Decide").click()
    expect(manager.locator('input[name="outcome"]:checked')).to_have_count(0)
    manager.get_by_label("Hire").check()
    manager.get_by_role("combobox", name="Level").select_option(label="Senior Data Scientist")
    manager.get_by_role("button", name="Record evaluation and decision").click()
    expect(manager.locator(".has-error")).to_contain_text(re.compile("write the rationale", re.I))
    manager.get_by_label("Rationale").fill("Strong modeling; coding is coachable.")
    manager.get_by_label("I confirm hiring above the level the evidence supports").check()
    _shot(manager, artifacts_dir, "11-decision-form")
    manager.get_by_role("button", name="Record evaluation and decision").click()
    expect(manager.locator(".messages")).to_contain_text(re.compile("decision recorded", re.I))
    expect(manager.locator("ol.timeline")).to_contain_text(
        "Decision: Hire as Senior Data Scientist"
    )
    # added, moved, 4 assigned, 4 submitted, committee recommendation, final evaluation,
    # decision
    expect(manager.locator("ol.timeline li")).to_have_count(13)
    _shot(manager, artifacts_dir, "12-application-decided")
    application.refresh_from_db()
    assert application.stage == "decided"


def test_draft_saves_as_you_type_and_survives_a_reload(browser, live_server, cast, artifacts_dir):
    from tests.factories import ApplicationFactory, AssignmentFactory

    assignment = AssignmentFactory(
        application=ApplicationFactory(), member=cast["coding"], dimensions=["coding"]
    )
    page = _sign_in(browser, live_server, "cody")
    page.goto(f"{live_server.url}/interviews/assignments/{assignment.pk}/scorecard/")
    first = page.locator("fieldset.question-card textarea").first
    first.fill("Typed and never saved by hand: the autosave must keep it.")
    expect(page.locator("#save-status")).to_contain_text("Draft saved at", timeout=15_000)
    page.reload()
    expect(page.locator("fieldset.question-card textarea").first).to_have_value(
        "Typed and never saved by hand: the autosave must keep it."
    )
    _shot(page, artifacts_dir, "autosaved-draft-after-reload")


def test_two_tabs_get_a_conflict_with_both_texts(browser, live_server, cast, artifacts_dir):
    from tests.factories import ApplicationFactory, AssignmentFactory

    assignment = AssignmentFactory(
        application=ApplicationFactory(), member=cast["coding"], dimensions=["coding"]
    )
    url = f"{live_server.url}/interviews/assignments/{assignment.pk}/scorecard/"
    one = _sign_in(browser, live_server, "cody")
    one.goto(url)
    one.locator("fieldset.question-card textarea").first.fill("Text from tab one.")
    one.get_by_role("button", name="Save draft").click()
    expect(one.locator(".messages")).to_contain_text("Draft saved.")
    two = one.context.new_page()
    two.goto(url)
    two.locator("fieldset.question-card textarea").first.fill("Text from tab two.")
    two.get_by_role("button", name="Save draft").click()
    expect(two.locator(".messages")).to_contain_text("Draft saved.")

    one.locator("fieldset.question-card textarea").first.fill("Tab one autosaving, stale.")
    autosave_conflict = one.locator("#save-status .conflict")
    expect(autosave_conflict).to_contain_text("changed elsewhere", timeout=15_000)
    expect(autosave_conflict).to_contain_text("Text from tab two.")
    _shot(one, artifacts_dir, "conflict-on-autosave")

    one.locator("fieldset.question-card textarea").first.fill("Tab one again, now stale.")
    one.get_by_role("button", name="Save draft").click()
    conflict = one.locator(".conflict")
    expect(conflict).to_contain_text("changed elsewhere")
    expect(conflict).to_contain_text("Text from tab two.")
    expect(conflict).to_contain_text("Tab one again, now stale.")
    _shot(one, artifacts_dir, "conflict")
    scorecard = Scorecard.objects.get(assignment=assignment)
    assert scorecard.ratings.get(question__order=0).evidence == "Text from tab two."
