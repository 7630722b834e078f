"""The debrief, the packet and the comparison at an organisation's volume (issue 11)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from panelist.interviews.models import Flag, Rating, Severity
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


FLAGGED_RATINGS = 1_200  # SQLite refused a prefetch of more than about 1,000 of them


def _committee_with_flagged_ratings(application, library, count: int) -> int:
    """Submitted scorecards on ``application`` with ``count`` ratings, each with a flag,
    inserted in bulk. Returns the number of flags."""
    from django.utils import timezone

    from panelist.interviews.models import Recommendation, Scorecard
    from panelist.library.models import RubricQuestion
    from tests.factories import AssignmentFactory

    questions = list(RubricQuestion.objects.filter(rubric__version=library))
    members = -(-count // len(questions))
    now = timezone.now()
    scorecards = Scorecard.objects.bulk_create(
        Scorecard(
            assignment=AssignmentFactory(application=application),
            library_version=library,
            status="submitted",
            recommendation=Recommendation.YES,
            submitted_at=now,
        )
        for _ in range(members)
    )
    ratings = Rating.objects.bulk_create(
        Rating(scorecard=scorecard, question=question, value=3, evidence="Seen.")
        for scorecard in scorecards
        for question in questions
    )[:count]
    Flag.objects.bulk_create(
        Flag(
            scorecard_id=rating.scorecard_id, rating=rating, severity=Severity.ORANGE, evidence="x"
        )
        for rating in ratings
    )
    return len(ratings)


def test_packet_renders_with_more_flagged_ratings_than_sqlite_could_prefetch(
    client, process, people, library
):
    flags = _committee_with_flagged_ratings(process.application, library, FLAGGED_RATINGS)
    client.force_login(people.manager)
    response = client.get(reverse("packet", args=[process.opening.pk]))
    assert response.status_code == 200
    assert f"… {flags - 4} more in the debrief" in response.content.decode()
