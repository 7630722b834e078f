"""The validity page on the demo finds the planted truth: coding, modeling, scientific
knowledge and communication interviews predict later performance, people skills do not."""

import pytest
from django.urls import reverse

from panelist.access.models import User
from panelist.outcomes.selectors import validity_report
from tests.demo_data import demo_data
from tests.querycount import assert_queries_do_not_grow


@pytest.fixture
def demo(library):
    demo_data()


def test_the_demo_truth_is_found_on_raw_and_calibrated_scores(demo, client):
    report = validity_report(User.objects.get(username="maya"))
    assert report.hires >= 20
    rows = {(row.target, row.score_kind): row.result for row in report.rows}
    for kind in ("raw", "calibrated"):
        people = rows[("people", kind)]
        assert people.low <= 0 <= people.high, people
        for predicts in ("coding", "modeling", "science", "communication"):
            assert rows[(predicts, kind)].low > 0, (predicts, kind, rows[(predicts, kind)])
    client.force_login(User.objects.get(username="maya"))
    page = client.get(reverse("outcomes-validity")).content.decode()
    assert "the people skills interview&#x27;s link to later people skills performance" in page
    assert "Corrected r" in page
    assert "Priya Patel" in page  # an interviewer above the minimum n
    client.force_login(User.objects.get(username="ian"))
    assert client.get(reverse("outcomes-validity")).status_code == 404


def test_a_manager_reads_only_their_own_hires_and_an_admin_the_organisations(demo, people):
    assert validity_report(people.other_manager).hires == 0
    assert (
        validity_report(people.admin).hires
        == validity_report(User.objects.get(username="maya")).hires
    )


@pytest.fixture
def reviewed_hire(people, library):
    """``reviewed_hire()`` adds one hire of ``people.manager``'s opening, rated on coding by
    ``people.member`` and reviewed at 6 months (written straight to the tables: fast)."""
    from datetime import timedelta

    from django.utils import timezone

    from panelist.decisions.models import Decision, Outcome
    from panelist.library.models import Dimension, Level
    from panelist.outcomes.models import DimensionReview, HireStart, Review
    from tests import factories

    opening = factories.OpeningFactory(hiring_manager=people.manager, library_version=library)
    level = Level.objects.get(key="ds")
    dimensions = list(Dimension.objects.filter(assessed=True))

    def hire():
        application = factories.ApplicationFactory(opening=opening)
        assignment = factories.AssignmentFactory(
            application=application, member=people.member, dimensions=["coding"]
        )
        factories.write_scorecard(assignment, submit=True)
        decision = Decision.objects.create(
            application=application, outcome=Outcome.HIRE, level=level, decided_by=people.manager
        )
        start = HireStart.objects.create(
            decision=decision,
            start_date=timezone.localdate() - timedelta(days=400),
            recorded_by=people.manager,
        )
        review = Review.objects.create(
            hire=start, period=6, would_hire_again=True, still_in_role=True, reviewer=people.manager
        )
        DimensionReview.objects.bulk_create(
            DimensionReview(review=review, dimension=d, rating=3, evidence="Solid.")
            for d in dimensions
        )

    return hire


def test_the_hires_and_validity_pages_read_a_fixed_number_of_queries(client, people, reviewed_hire):
    def grow(copies):
        for _ in range(copies):
            reviewed_hire()

    client.force_login(people.manager)
    for name in ("outcomes-hires", "outcomes-validity"):
        assert_queries_do_not_grow(client, reverse(name), grow=grow)


def test_the_hires_page_shows_25_hires_a_page(client, people, reviewed_hire):
    from panelist.outcomes.selectors import HIRES_PER_PAGE

    for _ in range(HIRES_PER_PAGE + 1):
        reviewed_hire()
    client.force_login(people.manager)
    first = client.get(reverse("outcomes-hires")).content.decode()
    second = client.get(reverse("outcomes-hires") + "?page=2").content.decode()
    assert first.count("Written ") == HIRES_PER_PAGE
    assert second.count("Written ") == 1
    assert "Page 1 of 2" in first
