"""The debrief, the packet and the comparison at an organisation's volume (issue 11)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from panelist.interviews.models import Flag, Severity
from tests.factories import write_scorecard

DEBRIEF_QUERY_BOUND = 15


def _queries(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return [q["sql"] for q in captured.captured_queries]


def _debrief_with_everything(process, people):
    """Both members submitted, with a red flag on a rating and one on none, and a
    calibration run: every part of the page has something to read."""
    from panelist.calibration.services import calibration_run

    for assignment in (process.assignment, process.other_assignment):
        scorecard = write_scorecard(assignment, submit=True)
        rating = scorecard.ratings.first()
        Flag.objects.create(scorecard=scorecard, severity=Severity.RED, rating=rating, evidence="A")
        Flag.objects.create(scorecard=scorecard, severity=Severity.RED, evidence="B")
    calibration_run()


def test_debrief_takes_at_most_fifteen_queries_for_the_manager(client, process, people):
    _debrief_with_everything(process, people)
    client.force_login(people.manager)
    queries = _queries(client, reverse("debrief", args=[process.application.pk]))
    assert len(queries) <= DEBRIEF_QUERY_BOUND, "\n".join(queries)


def test_debrief_takes_at_most_fifteen_queries_for_a_member(client, process, people):
    _debrief_with_everything(process, people)
    client.force_login(people.member)
    queries = _queries(client, reverse("debrief", args=[process.application.pk]))
    assert len(queries) <= DEBRIEF_QUERY_BOUND, "\n".join(queries)
