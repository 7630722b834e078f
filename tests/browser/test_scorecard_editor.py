"""The scorecard editor in Chromium: submitting right after typing submits what is on screen
with no false conflict; a duplicated tab never overwrites silently; a refused submit shows
where, with a bar that stays in view; no sideways scroll on a phone."""

import json
import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from panelist.interviews.models import Scorecard
from tests.browser.signing import sign_in
from tests.factories import ApplicationFactory, AssignmentFactory, UserFactory

pytestmark = pytest.mark.browser
ROUNDS = 30


@pytest.fixture
def cody(transactional_db, library):
    return UserFactory(username="cody", first_name="Cody")


def _sign_in(context, live_server):
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, live_server, "cody")
    return page


def _url(live_server, assignment):
    return f"{live_server.url}/interviews/assignments/{assignment.pk}/scorecard/"


def _new_assignment(member):
    return AssignmentFactory(application=ApplicationFactory(), member=member, dimensions=["coding"])


def _first_evidence(page):
    return page.locator("fieldset.question-card textarea").first


def test_submitting_right_after_typing_never_meets_a_false_conflict(
    browser, live_server, cody, artifacts_dir
):
    assignments = [_new_assignment(cody) for _ in range(ROUNDS)]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = _sign_in(context, live_server)
    conflicts = []
    for round_number, assignment in enumerate(assignments, start=1):
        evidence = (
            f"Round {round_number}: walked through the parser, named the rejected "
            "alternative and why, and what they would test next."
        )
        signal = f"Round {round_number}: asked what the reviewer would change."
        page.goto(_url(live_server, assignment))
        page.locator("fieldset.question-card").first.locator('input[value="3"]').check()
        page.locator(".trait-row select").first.select_option("shown")
        page.locator(".trait-row input[type=text]").first.fill(signal)
        # the first trait is "learns quickly": it names the prompt whose answer it rests on
        page.locator(".trait-row select[name^=signal-prompt-]").first.select_option(index=1)
        _first_evidence(page).fill(evidence)
        page.get_by_label("Yes", exact=True).check()
        try:
            with page.expect_navigation():
                page.get_by_role("button", name="Submit scorecard").click()
        except PlaywrightTimeoutError:
            # Seen once under pytest-xdist on a loaded machine: keep what the page showed.
            page.screenshot(path=str(artifacts_dir / f"round-{round_number}-stuck.png"))
            state = page.locator("#save-state").inner_text(timeout=2_000)
            raise AssertionError(
                f"round {round_number}: the submit did not leave the page; it says {state!r}"
            ) from None
        if "/scorecards/" not in page.url or page.locator(".conflict").count():
            conflicts.append(round_number)
            page.screenshot(path=str(artifacts_dir / f"round-{round_number}.png"), full_page=True)
            continue
        scorecard = Scorecard.objects.get(assignment=assignment)
        assert scorecard.is_submitted, round_number
        assert scorecard.ratings.get(question__order=0).evidence == evidence
        assert scorecard.signals.get().evidence == signal
    page.screenshot(path=str(artifacts_dir / "last-round-submitted.png"), full_page=True)
    context.close()
    assert conflicts == [], f"false conflicts in rounds {conflicts} of {ROUNDS}"


def test_a_duplicated_tab_gets_the_conflict_and_replaces_only_when_asked(
    browser, live_server, cody, artifacts_dir
):
    assignment = _new_assignment(cody)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    one = _sign_in(context, live_server)
    one.goto(_url(live_server, assignment))
    _first_evidence(one).fill("Opened in tab one before it was duplicated.")
    with one.expect_navigation():
        one.get_by_role("button", name="Save draft").click()
    expect(one.locator(".messages")).to_contain_text("Draft saved.")

    # What a browser does when it duplicates a tab: the copy starts with the tab's storage.
    storage = one.evaluate("() => JSON.stringify(Object.entries(window.sessionStorage))")
    two = context.new_page()
    two.set_default_timeout(15_000)
    two.add_init_script(
        f"for (const [key, value] of JSON.parse({json.dumps(storage)})) "
        "{ window.sessionStorage.setItem(key, value); }"
    )
    two.goto(_url(live_server, assignment))
    expect(_first_evidence(two)).to_have_value("Opened in tab one before it was duplicated.")

    _first_evidence(one).fill("Saved in tab one.")
    with one.expect_navigation():
        one.get_by_role("button", name="Save draft").click()
    expect(one.locator(".messages")).to_contain_text("Draft saved.")

    _first_evidence(two).fill("Typed in the duplicate.")
    two.get_by_role("button", name="Save draft").click()
    conflict = two.locator(".conflict").first
    expect(conflict).to_contain_text("changed elsewhere")
    expect(conflict).to_contain_text("Saved in tab one.")
    expect(conflict).to_contain_text("Typed in the duplicate.")
    two.screenshot(path=str(artifacts_dir / "duplicate-conflict.png"), full_page=True)
    scorecard = Scorecard.objects.get(assignment=assignment)
    assert scorecard.ratings.get(question__order=0).evidence == "Saved in tab one."

    # Saving again, by hand or by autosave, still replaces nothing.
    _first_evidence(two).fill("Typed in the duplicate, saved again.")
    two.get_by_role("button", name="Save draft").click()
    expect(two.locator(".conflict").first).to_contain_text("Typed in the duplicate, saved again.")
    expect(two.locator(".conflict").first).to_contain_text("Saved in tab one.")
    _first_evidence(two).fill("Typed in the duplicate, autosaved.")
    expect(two.locator("#save-status .conflict")).to_contain_text(
        "Saved in tab one.", timeout=15_000
    )
    assert scorecard.ratings.get(question__order=0).evidence == "Saved in tab one."

    with two.expect_navigation():
        two.get_by_role("button", name="Keep mine, replace the saved version").first.click()
    expect(two.locator(".messages")).to_contain_text("Draft saved.")
    assert scorecard.ratings.get(question__order=0).evidence == (
        "Typed in the duplicate, autosaved."
    )
    # Tab one has not seen that version: its next save is the one refused now.
    _first_evidence(one).fill("Tab one, now behind.")
    one.get_by_role("button", name="Save draft").click()
    expect(one.locator(".conflict").first).to_contain_text("Typed in the duplicate, autosaved.")
    context.close()


def test_a_refused_submit_shows_where_and_the_bar_stays_in_view(
    browser, live_server, cody, artifacts_dir
):
    assignment = _new_assignment(cody)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = _sign_in(context, live_server)
    page.goto(_url(live_server, assignment))
    cards = page.locator("fieldset.question-card")
    total = cards.count()
    bar = page.locator("#editor-bar")
    expect(bar).to_contain_text(f"0 of {total} questions rated")
    cards.nth(0).locator('input[value="3"]').check()
    expect(bar).to_contain_text(f"1 of {total} questions rated")
    cards.nth(total - 1).locator('input[value="na"]').check()
    expect(bar).to_contain_text(f"2 of {total} questions rated")
    _first_evidence(page).fill("Short.")
    page.get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Submit scorecard").click()

    summary = page.locator(".errors-summary")
    expect(summary).to_contain_text("Question 1: Write at least")
    evidence = _first_evidence(page)
    expect(evidence).to_have_attribute("aria-invalid", "true")
    described = evidence.get_attribute("aria-describedby").split()
    expect(page.locator(f"#{described[0]}")).to_contain_text("Write at least")
    assert page.evaluate(
        "(el) => getComputedStyle(el).borderTopColor", evidence.element_handle()
    ) == page.evaluate("() => getComputedStyle(document.querySelector('.error-text')).color")
    expect(page.locator("#editor-bar")).to_contain_text(f"2 of {total} questions rated")
    assert page.evaluate(
        "() => getComputedStyle(document.getElementById('editor-bar')).position"
    ) == ("sticky")
    page.evaluate("() => window.scrollTo(0, 0)")
    expect(page.locator("#editor-bar")).to_be_in_viewport()
    page.screenshot(path=str(artifacts_dir / "refused-submit-1280.png"), full_page=False)

    summary.get_by_role("link", name=re.compile("Question 1")).click()
    expect(evidence).to_be_focused()
    expect(evidence).to_be_in_viewport()
    expect(page.locator("#editor-bar")).to_be_in_viewport()

    page.set_viewport_size({"width": 390, "height": 844})
    page.evaluate("() => window.scrollTo(0, 0)")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    # Scrolled into the long form, the whole bar (not only a part of it) is in view.
    page.locator("fieldset.question-card").nth(2).scroll_into_view_if_needed()
    page.wait_for_function(
        "() => { const box = document.getElementById('editor-bar').getBoundingClientRect();"
        " return box.top >= 0 && box.bottom <= window.innerHeight + 1; }"
    )
    page.screenshot(path=str(artifacts_dir / "refused-submit-390.png"), full_page=False)
    page.goto(_url(live_server, assignment))
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    expect(page.locator("#editor-bar")).to_be_in_viewport()
    page.screenshot(path=str(artifacts_dir / "scorecard-390.png"), full_page=True)
    context.close()
