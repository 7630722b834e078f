"""Every page renders in a fixed number of queries at two data sizes."""

from django.urls import reverse

from tests.factories import ApplicationFactory, AssignmentFactory, write_scorecard
from tests.querycount import assert_queries_do_not_grow


def _more_candidates(process, people):
    def grow(copies):
        for _ in range(copies):
            application = ApplicationFactory(opening=process.opening)
            AssignmentFactory(application=application, member=people.member)

    return grow


def test_opening_page(client, process, people):
    client.force_login(people.manager)
    assert_queries_do_not_grow(
        client,
        reverse("opening-detail", args=[process.opening.pk]),
        grow=_more_candidates(process, people),
    )


def test_application_page(client, process, people):
    client.force_login(people.manager)
    assert_queries_do_not_grow(
        client,
        reverse("application-detail", args=[process.application.pk]),
        grow=_committee_with_scorecards(process, people),
    )


def test_scorecard_page(client, process, people):
    client.force_login(people.member)
    scorecard = write_scorecard(process.assignment, submit=True)

    def grow(copies):
        for _ in range(copies):
            scorecard.amendments.create(author=people.member, text="A later correction.")

    assert_queries_do_not_grow(client, reverse("scorecard-detail", args=[scorecard.pk]), grow=grow)


def test_library_pages(client, library, people):
    client.force_login(people.member)
    for name in ("library-ladder", "library-rubrics"):
        assert_queries_do_not_grow(client, reverse(name), grow=lambda copies: None)


def _committee_with_scorecards(process, people):
    def grow(copies):
        for _ in range(copies):
            assignment = AssignmentFactory(
                application=process.application, format_key="seminar", dimensions=["modeling"]
            )
            write_scorecard(assignment, submit=True)

    return grow


def test_debrief_page(client, process, people):
    client.force_login(people.manager)
    assert_queries_do_not_grow(
        client,
        reverse("debrief", args=[process.application.pk]),
        grow=_committee_with_scorecards(process, people),
    )


def test_debrief_page_for_a_recruiter(client, process, people):
    client.force_login(people.recruiter)
    assert_queries_do_not_grow(
        client,
        reverse("debrief", args=[process.application.pk]),
        grow=_committee_with_scorecards(process, people),
    )


def test_decision_page(client, process, people):
    client.force_login(people.manager)
    assert_queries_do_not_grow(
        client,
        reverse("decide", args=[process.application.pk]),
        grow=_committee_with_scorecards(process, people),
    )


def test_committee_page(client, process, people):
    client.force_login(people.manager)
    assert_queries_do_not_grow(
        client,
        reverse("committee", args=[process.application.pk]),
        grow=_committee_with_scorecards(process, people),
    )


def test_kit_and_scorecard_form(client, process, people):
    client.force_login(people.member)
    write_scorecard(process.assignment)
    grow = _committee_with_scorecards(process, people)

    for name in ("interview-kit", "scorecard-edit"):
        assert_queries_do_not_grow(client, reverse(name, args=[process.assignment.pk]), grow=grow)


def test_opening_and_candidate_forms(client, process, people):
    from tests.factories import SkillFactory

    def grow(copies):
        for _ in range(copies):
            SkillFactory()
            ApplicationFactory(opening=process.opening)

    client.force_login(people.manager)
    for url in (reverse("opening-create"), reverse("opening-edit", args=[process.opening.pk])):
        assert_queries_do_not_grow(client, url, grow=grow)
    client.force_login(people.recruiter)
    assert_queries_do_not_grow(client, reverse("candidate-create"), grow=grow)


def test_application_page_with_timeline(client, process, people):
    from panelist.hiring.services import application_move

    client.force_login(people.manager)

    def grow(copies):
        for _ in range(copies):
            application_move(
                actor=people.recruiter, application=process.application, stage="debrief"
            )
            application_move(
                actor=people.recruiter, application=process.application, stage="interviewing"
            )

    assert_queries_do_not_grow(
        client, reverse("application-detail", args=[process.application.pk]), grow=grow
    )
