"""Each role reaches a home page that shows its own work, in a fixed number of queries."""

import pytest
from django.urls import reverse

from tests.factories import ApplicationFactory, AssignmentFactory, write_scorecard
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


def test_recruiter_home_shows_the_pipeline_by_stage(client, process, people):
    client.force_login(people.recruiter)
    page = client.get(reverse("home")).content.decode()
    assert "Pipeline" in page
    assert process.application.candidate.name in page
    assert process.foreign_application.candidate.name in page


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
