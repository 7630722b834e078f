"""Hidden is not zero: a reader who may not see the committee's go/no-go or flags is told
why, never shown a count of 0 (debrief, packet, comparison, application page, exports)."""

import re

import pytest
from django.urls import reverse

from panelist.access.models import OrganisationSettings, RecruiterAccess
from panelist.decisions.selectors import debrief
from panelist.interviews.models import Flag, Recommendation, Severity
from tests import factories

FLAG_TEXT = "Blamed the team for every delay."


def _grant(access: RecruiterAccess) -> None:
    settings = OrganisationSettings.current()
    settings.recruiter_access = access
    settings.save()


@pytest.fixture
def three_of_four(process):
    """Four members; all but ``people.member`` have submitted (two go, one no-go, a flag)."""
    more = [
        factories.AssignmentFactory(
            application=process.application, format_key="seminar", dimensions=[key]
        )
        for key in ("science", "modeling")
    ]
    factories.write_scorecard(more[0], submit=True)
    factories.write_scorecard(more[1], recommendation=Recommendation.STRONG_YES, submit=True)
    no_go = factories.write_scorecard(
        process.other_assignment, recommendation=Recommendation.NO, submit=True
    )
    Flag.objects.create(scorecard=no_go, severity=Severity.RED, evidence=FLAG_TEXT)
    return process


def _debrief_page(client, user, application) -> str:
    client.force_login(user)
    response = client.get(reverse("debrief", args=[application.pk]))
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def _stats(page: str) -> list[str]:
    return re.findall(r'<div class="stat">([^<]*)</div>', page)


def test_a_member_who_has_not_submitted_is_told_what_is_true(client, three_of_four, people):
    application = three_of_four.application
    grid = debrief(people.member, application)
    assert (grid.submitted, grid.assigned) == (3, 4)
    assert (grid.go, grid.no_go, grid.flag_count) == (None, None, None)

    page = _debrief_page(client, people.member, application)
    assert "3 of 4 submitted; <strong>hidden until you submit yours</strong>." in page
    assert _stats(page) == ["Hidden", "Hidden"], "a hidden count shows as hidden, not 0"
    assert "Level fit" not in page, "no level fit read from part of the scorecards"
    assert "Not recorded yet" not in page and "Hidden until you submit yours." in page
    assert "No submitted scorecard yet" not in page and "No scorecard submitted yet" not in page
    assert FLAG_TEXT not in page


def test_once_the_member_submits_they_see_the_counts(client, three_of_four, people):
    factories.write_scorecard(three_of_four.assignment, submit=True)
    application = three_of_four.application
    grid = debrief(people.member, application)
    assert (grid.submitted, grid.go, grid.no_go, grid.flag_count) == (4, 3, 1, 1)
    page = _debrief_page(client, people.member, application)
    assert "4 of 4 submitted." in page and "Hidden" not in page
    assert _stats(page) == ["3", "1", "1"]


def test_the_manager_off_the_committee_sees_the_true_counts(client, three_of_four, people):
    page = _debrief_page(client, people.manager, three_of_four.application)
    assert "3 of 4 submitted." in page
    assert _stats(page) == ["2", "1", "1"]


@pytest.mark.parametrize(
    ("access", "stats", "says"),
    [
        (
            RecruiterAccess.NONE,
            ["Hidden", "Hidden"],
            ["3 of 4 submitted; <strong>visible to the committee and the hiring manager</strong>."],
        ),
        (
            RecruiterAccess.RECOMMENDATIONS,
            ["2", "1", "Hidden"],
            ["flags: visible to the committee and the hiring manager"],
        ),
        (RecruiterAccess.EVERYTHING, ["2", "1", "1"], [FLAG_TEXT]),
    ],
)
def test_a_recruiter_sees_what_is_granted_and_why_the_rest_is_hidden(
    client, three_of_four, people, access, stats, says
):
    _grant(access)
    page = _debrief_page(client, people.recruiter, three_of_four.application)
    assert "3 of 4 submitted" in page
    assert _stats(page) == stats
    for text in says:
        assert text in page


def test_an_admin_off_the_committee_sees_why_not_zero(client, three_of_four, people):
    page = _debrief_page(client, people.admin, three_of_four.application)
    assert "3 of 4 submitted; <strong>read by the committee and the opening&#x27;s hiring" in page
    assert _stats(page) == ["Hidden", "Hidden"]


def test_the_packet_and_comparison_hide_rather_than_zero_for_a_blind_member(
    client, three_of_four, people
):
    client.force_login(people.member)
    opening = three_of_four.opening
    # A blind member reads no submitted scorecard, so by default nothing is listed; picked,
    # the candidate shows what is hidden and why.
    pick = f"?a={three_of_four.application.pk}"
    packet = client.get(reverse("packet", args=[opening.pk]) + pick).content.decode()
    assert "go/no-go hidden until you submit yours" in packet
    assert "go 0" not in packet and "Hidden: hidden until you submit yours." in packet
    comparison = client.get(reverse("comparison", args=[opening.pk]) + pick).content.decode()
    assert "hidden: hidden until you submit yours" in comparison
    assert "not yet" not in comparison, "a hidden committee verdict is not a missing one"


def test_the_application_page_says_why_scorecards_are_hidden(client, three_of_four, people):
    client.force_login(people.member)
    page = client.get(reverse("application-detail", args=[three_of_four.application.pk]))
    assert "3 of 4 submitted; hidden until you submit yours." in page.content.decode()
    client.force_login(people.recruiter)
    page = client.get(reverse("application-detail", args=[three_of_four.application.pk]))
    assert "3 of 4 submitted; visible to the committee and the hiring manager." in (
        page.content.decode()
    )


def test_decision_support_says_the_scores_are_hidden_for_a_blind_member(
    client, three_of_four, people
):
    factories.write_scorecard(three_of_four.assignment)  # a draft of one's own lifts nothing
    client.force_login(people.member)
    page = client.get(reverse("decision-support", args=[three_of_four.application.pk]))
    text = " ".join(page.content.decode().split())
    assert "3 of 4 submitted; <strong>scores hidden until you submit yours</strong>" in text
    assert "submitted scorecards you can read" not in text


def test_when_members_never_read_each_other_a_member_is_told_so(client, three_of_four, people):
    from panelist.access.models import BlindMode

    settings = OrganisationSettings.current()
    settings.blind_mode = BlindMode.NEVER
    settings.save()
    factories.write_scorecard(three_of_four.assignment, submit=True)
    page = _debrief_page(client, people.member, three_of_four.application)
    assert "4 of 4 submitted; <strong>each member reads only their own scorecard" in page
    assert _stats(page) == ["Hidden", "Hidden"]
    manager_page = _debrief_page(client, people.manager, three_of_four.application)
    assert _stats(manager_page) == ["3", "1", "1"], "the manager reads every scorecard"
