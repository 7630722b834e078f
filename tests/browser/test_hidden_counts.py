"""In Chromium: on Lena Brandt's debrief, a member still writing and the recruiter are told
what is hidden and why, never shown 0, at desktop and phone widths."""

import pytest
from playwright.sync_api import expect

from panelist.core.management.commands.demo import DEMO_PASSWORD
from panelist.hiring.models import Application
from tests.browser.signing import sign_in
from tests.demo_data import demo_data

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("username", "says"),
    [
        ("omar", "2 of 4 submitted; hidden until you submit yours."),
        ("rita", "2 of 4 submitted; visible to the committee and the hiring manager."),
    ],
)
def test_the_debrief_says_what_is_hidden_instead_of_zero(
    page, live_server, transactional_db, library, artifacts_dir, username, says
):
    demo_data()
    lena = Application.objects.get(candidate__name="Lena Brandt")
    sign_in(page, live_server, username, DEMO_PASSWORD)
    page.goto(f"{live_server.url}/decisions/applications/{lena.pk}/debrief/")
    expect(page.locator("p.submitted-count")).to_have_text(says)
    stats = page.locator(".stats .stat").all_inner_texts()
    assert stats == ["Hidden", "Hidden"]
    page.screenshot(path=str(artifacts_dir / f"debrief-{username}-1280.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(artifacts_dir / f"debrief-{username}-390.png"), full_page=True)


def test_the_manager_sees_which_candidates_are_ready_for_debrief(
    page, live_server, transactional_db, library, artifacts_dir
):
    from panelist.interviews.services import scorecard_submit
    from tests.factories import write_scorecard

    demo_data()
    application = Application.objects.get(candidate__name="Lena Brandt")
    for assignment in application.assignments.select_related("member", "scorecard"):
        draft = getattr(assignment, "scorecard", None)
        if draft is None:
            write_scorecard(assignment, submit=True)
        elif not draft.is_submitted:
            scorecard_submit(
                actor=assignment.member, scorecard=draft, expected_version=draft.version
            )
    sign_in(page, live_server, "maya", DEMO_PASSWORD)
    expect(page.locator("main")).to_contain_text("ready for debrief")
    for name, path in (
        ("home", "/"),
        ("opening", f"/hiring/openings/{application.opening_id}/"),
        ("application", f"/hiring/applications/{application.pk}/"),
    ):
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(f"{live_server.url}{path}")
        expect(page.locator("main")).to_contain_text("ready for debrief")
        page.screenshot(path=str(artifacts_dir / f"{name}-1280.png"), full_page=True)
        page.set_viewport_size({"width": 390, "height": 844})
        page.screenshot(path=str(artifacts_dir / f"{name}-390.png"), full_page=True)
