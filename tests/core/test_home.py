"""Each role reaches a home page that shows its own work, in a fixed number of queries."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    ApplicationFactory,
    AssignmentFactory,
    CandidateFactory,
    OpeningFactory,
    write_scorecard,
)
from tests.querycount import assert_queries_do_not_grow


def _grow(process, people, copies: int) -> None:
    """Add candidates, committees and scorecards to the manager's opening."""
    for _ in range(copies):
        application = ApplicationFactory(opening=process.opening)
        assignment = AssignmentFactory(application=application, member=people.member)
        AssignmentFactory(
            application=application,
            member=people.other_member,
            format_key="behavioural-story",
            dimensions=["people"],
        )
        write_scorecard(assignment, submit=True)


def test_interviewer_home_lists_their_interviews(client, process, people):
    client.force_login(people.member)
    page = client.get(reverse("home")).content.decode()
    assert "Your interviews" in page
    assert process.application.candidate.name in page
    assert process.foreign_application.candidate.name not in page


def test_manager_home_lists_their_openings_with_pending_scorecards(client, process, people):
    write_scorecard(process.assignment, submit=True)
    client.force_login(people.manager)
    page = client.get(reverse("home")).content.decode()
    assert process.opening.title in page
    assert process.foreign_opening.title not in page
    assert "1 pending" in page  # other_member has not submitted


def _link(application) -> str:
    return f'href="{reverse("application-detail", args=[application.pk])}"'


def test_recruiter_home_shows_what_needs_action_not_every_application(client, process, people):
    """The pipeline runs to thousands of applications: the home lists those waiting on
    someone, and counts the rest by stage with a link to the full list."""
    ready = ApplicationFactory(opening=process.opening)
    write_scorecard(AssignmentFactory(application=ready, member=people.member), submit=True)
    overdue = ApplicationFactory(opening=process.foreign_opening)
    AssignmentFactory(application=overdue, feedback_due=timezone.now() - timedelta(days=2))
    new = ApplicationFactory(opening=process.opening, stage="applied")
    client.force_login(people.recruiter)
    page = client.get(reverse("home")).content.decode()
    ready_part, rest = page.split("Ready for debrief", 1)[1].split("Scorecards overdue", 1)
    overdue_part, rest = rest.split("New, not yet screened", 1)
    new_part = rest.split("Pipeline", 1)[0]
    assert _link(ready) in ready_part and _link(overdue) not in ready_part
    assert _link(overdue) in overdue_part and _link(ready) not in overdue_part
    assert _link(new) in new_part
    assert _link(process.application) not in page  # interviewing, nothing overdue
    assert f'href="{reverse("application-list")}?stage=interviewing"' in page
    assert 'Interviewing <span class="badge">4</span>' in page  # process's two, ready, overdue


def test_home_sections_show_the_first_ten_and_count_them_all(client, process, people):
    for _ in range(12):
        ApplicationFactory(opening=process.opening, stage="applied")
    client.force_login(people.admin)
    page = client.get(reverse("home")).content.decode()
    new_part = page.split("New, not yet screened", 1)[1].split("Pipeline", 1)[0]
    assert '<span class="badge orange">12</span>' in new_part
    assert new_part.count('data-label="Candidate"') == 10
    assert f'{reverse("application-list")}?stage=applied">All 12' in new_part


def test_interviewer_home_pages_their_interviews_to_write_first(client, process, people):
    write_scorecard(process.assignment, submit=True)
    for _ in range(30):
        AssignmentFactory(member=people.member)
    client.force_login(people.member)
    first = client.get(reverse("home")).content.decode()
    assert 'Your interviews <span class="badge">31</span>' in first
    assert first.count('data-label="Candidate"') == 25
    assert "Page 1 of 2" in first
    assert _link(process.application) not in first  # submitted: after the rest
    second = client.get(reverse("home"), {"interviews_page": 2}).content.decode()
    assert second.count('data-label="Candidate"') == 6
    assert _link(process.application) in second


def test_manager_home_pages_their_openings(client, process, people):
    for _ in range(26):
        OpeningFactory(hiring_manager=people.manager)
    client.force_login(people.manager)
    first = client.get(reverse("home")).content.decode()
    assert 'Your openings <span class="badge">27</span>' in first
    assert first.count('data-label="Opening"><a') == 25
    second = client.get(reverse("home"), {"openings_page": 2}).content.decode()
    assert second.count('data-label="Opening"><a') == 2


@pytest.mark.parametrize("number", ["abc", "0", "-1", "99999", "9" * 5000, ""])
def test_home_answers_any_page_number(client, process, people, number):
    client.force_login(people.manager)
    response = client.get(reverse("home"), {"interviews_page": number, "openings_page": number})
    assert response.status_code == 200


def test_manager_sees_what_waits_on_them(client, process, people):
    at_debrief = ApplicationFactory(opening=process.opening, stage="debrief")
    client.force_login(people.manager)
    page = client.get(reverse("home")).content.decode()
    waiting = page.split("Waiting on you", 1)[1].split("Your openings", 1)[0]
    assert _link(at_debrief) in waiting
    assert _link(process.application) not in waiting
    assert _link(process.foreign_application) not in page


def test_interviewer_with_no_assignment_is_told_what_will_appear(client, process, people):
    client.force_login(people.outsider)
    page = client.get(reverse("home")).content.decode()
    assert "You have no interviews assigned" in page


@pytest.mark.parametrize("role", ["admin", "manager", "recruiter", "member"])
def test_home_query_count_does_not_grow_with_data(client, process, people, role):
    client.force_login(getattr(people, role))
    assert_queries_do_not_grow(
        client, reverse("home"), grow=lambda copies: _grow(process, people, copies)
    )


def _grow_what_needs_action(process, people, copies: int) -> None:
    """Rows of each section of a pipeline runner's home: ready, overdue and new."""
    for _ in range(copies):
        ready = ApplicationFactory(opening=process.opening)
        write_scorecard(AssignmentFactory(application=ready, member=people.member), submit=True)
        late = ApplicationFactory(opening=process.opening)
        AssignmentFactory(application=late, feedback_due=timezone.now() - timedelta(days=1))
        ApplicationFactory(opening=process.opening, stage="applied")
        ApplicationFactory(opening=process.opening, stage="debrief")


@pytest.mark.parametrize("role", ["admin", "recruiter", "manager"])
def test_home_sections_query_count_does_not_grow(client, process, people, role):
    client.force_login(getattr(people, role))
    assert_queries_do_not_grow(
        client,
        reverse("home"),
        grow=lambda copies: _grow_what_needs_action(process, people, copies),
        large=12,
    )


def test_a_section_counts_up_to_a_hundred_then_says_more_than(client, process, people):
    """Counting stops at the cap, so that thousands waiting cost what a hundred do; the
    applications list the link opens counts them all."""
    from panelist.hiring.models import Application

    Application.objects.bulk_create(
        Application(candidate=CandidateFactory(), opening=process.opening, stage="applied")
        for _ in range(101)
    )
    client.force_login(people.recruiter)
    new_part = client.get(reverse("home")).content.decode().split("New, not yet screened", 1)[1]
    new_part = new_part.split("Pipeline", 1)[0]
    assert '<span class="badge orange">100+</span>' in new_part
    assert new_part.count('data-label="Candidate"') == 10
    assert f'{reverse("application-list")}?stage=applied">More than 100: new' in new_part


def test_a_section_shows_the_longest_waiting_first_past_the_cap(client, process, people):
    from panelist.hiring.models import Application

    made = Application.objects.bulk_create(
        Application(candidate=CandidateFactory(), opening=process.opening, stage="screening")
        for _ in range(105)
    )
    longest = made[50]
    Application.objects.filter(pk=longest.pk).update(
        stage="applied", stage_changed_at=timezone.now() - timedelta(days=30)
    )
    Application.objects.filter(pk__in=[a.pk for a in made[:60]]).exclude(pk=longest.pk).update(
        stage="applied"
    )
    client.force_login(people.recruiter)
    page = client.get(reverse("home")).content.decode()
    assert _link(longest) in page.split("New, not yet screened", 1)[1].split("Pipeline", 1)[0]


def test_interviewer_home_lists_the_latest_written_interviews_and_says_so(
    client, process, people, monkeypatch
):
    """Written scorecards are history: the home lists every interview still to write, then
    only the latest written ones, and says it has left older ones out."""
    from panelist.core import selectors

    monkeypatch.setattr(selectors, "WRITTEN_LISTED", 3)
    written = []
    for _ in range(5):
        assignment = AssignmentFactory(member=people.member)
        write_scorecard(assignment, submit=True)
        written.append(assignment.application)
    client.force_login(people.member)
    page = client.get(reverse("home")).content.decode()
    assert 'Your interviews <span class="badge">4+</span>' in page  # one to write, three written
    assert _link(process.application) in page  # still to write
    assert all(_link(a) in page for a in written[-3:])
    assert all(_link(a) not in page for a in written[:2])
    assert "your 3 most recently assigned written ones" in page
