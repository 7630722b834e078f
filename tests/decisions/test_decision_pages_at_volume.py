"""The debrief, the packet and the comparison at an organisation's volume (issue 11)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from panelist.interviews.models import Flag, Rating, Severity
from tests.factories import write_scorecard

# At most 15 whatever the size, as the issue asks: 3 for the request (session, person,
# organisation settings), 1 for the revisions its stored rendering is kept under, 9 to render
# it, 1 for the header's "waiting on you" counts, and 1 that only some data asks for: the latest
# calibration run when it holds no score of this candidate. (The dimensions of a red flag tied
# to no rating come with the flag.)
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


def _more_assessed_candidates(opening, library, count: int) -> None:
    """``count`` more candidates on ``opening``, each with a submitted scorecard rating one
    question, inserted in bulk."""
    from django.utils import timezone

    from panelist.interviews.models import Recommendation, Scorecard
    from panelist.library.models import RubricQuestion
    from tests.factories import ApplicationFactory, AssignmentFactory

    question = RubricQuestion.objects.filter(rubric__version=library).first()
    scorecards = Scorecard.objects.bulk_create(
        Scorecard(
            assignment=AssignmentFactory(application=ApplicationFactory(opening=opening)),
            library_version=library,
            status="submitted",
            recommendation=Recommendation.YES,
            submitted_at=timezone.now(),
        )
        for _ in range(count)
    )
    Rating.objects.bulk_create(
        Rating(scorecard=scorecard, question=question, value=2, evidence="Seen.")
        for scorecard in scorecards
    )


def _cost(client, url: str) -> tuple[int, int]:
    """Queries sent and applications loaded to answer ``url``."""
    from django.db.models.signals import post_init

    from panelist.hiring.models import Application

    loaded = []

    def count(sender, instance, **kwargs):
        loaded.append(instance)

    post_init.connect(count, sender=Application)
    try:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
    finally:
        post_init.disconnect(count, sender=Application)
    return len(captured.captured_queries), len(loaded)


def test_one_candidate_packet_and_chart_cost_the_same_however_large_the_opening(
    client, process, people, library
):
    write_scorecard(process.assignment, submit=True)
    write_scorecard(process.other_assignment, submit=True)
    client.force_login(people.manager)
    picked = f"?a={process.application.pk}"
    urls = [
        reverse("packet", args=[process.opening.pk]) + picked,
        reverse("comparison-chart", args=[process.opening.pk]) + picked,
    ]
    _more_assessed_candidates(process.opening, library, 2)
    small = [_cost(client, url) for url in urls]
    _more_assessed_candidates(process.opening, library, 40)
    large = [_cost(client, url) for url in urls]
    assert small == large
    assert all(applications <= 2 for _, applications in large), large


def test_calibrated_filter_writes_the_score_and_its_interval_or_a_dash():
    from types import SimpleNamespace

    from panelist.calibration.templatetags.calibration import calibrated

    score = SimpleNamespace(score=2.345, low=1.9, high=2.81)
    assert calibrated(score) == (
        '<span class="calibrated">calibrated 2.35</span> <span class="small muted">'
        "(1.90 to 2.81)</span>"
    )
    assert calibrated(None) == '<span class="muted small">calibrated —</span>'


def test_comparison_renders_as_many_templates_for_three_candidates_as_for_one(
    client, process, people, library
):
    _more_assessed_candidates(process.opening, library, 2)
    client.force_login(people.manager)
    url = reverse("comparison", args=[process.opening.pk])
    ids = list(
        process.opening.applications.exclude(pk=process.application.pk).values_list("pk", flat=True)
    )
    one = client.get(f"{url}?a={ids[0]}")
    three = client.get(f"{url}?a={ids[0]}&a={ids[1]}&a={process.application.pk}")
    assert one.status_code == three.status_code == 200
    assert len(one.templates) == len(three.templates), [t.name for t in three.templates]


def test_comparison_lists_a_screenful_to_pick_from_and_finds_the_rest_by_name(
    client, process, people, library, monkeypatch
):
    from panelist.decisions import support_views

    monkeypatch.setattr(support_views, "PICKER_SIZE", 3)
    _more_assessed_candidates(process.opening, library, 5)
    client.force_login(people.manager)
    url = reverse("comparison", args=[process.opening.pk])

    picked = process.opening.applications.exclude(pk=process.application.pk).first()
    page = client.get(url, {"a": picked.pk}).content.decode()
    assert page.count('name="a"') == 1 + 3  # the picked candidate, then three others
    assert "the 3 most recently added of 5 others" in page

    oldest = process.application.candidate
    found = client.get(url, {"a": picked.pk, "q": oldest.name}).content.decode()
    assert f'value="{process.application.pk}"' in found
    assert "1 other candidate matching" in found


# --- the comparison, its chart and the packet of a chosen set: flat in the opening's size --

# As for the debrief: at most 16 when the data asks for both conditional queries.
PAGE_QUERY_BOUND = 16


def _candidates_with_everything(opening, library, manager, count: int) -> list[int]:
    """``count`` more candidates on ``opening``, each with a submitted scorecard rating one
    question, a red and an orange flag and a skill reading, then a calibration run: every
    part of the comparison and the packet has something to read for each. Returns their
    application ids."""
    from panelist.calibration.services import calibration_run
    from panelist.decisions.models import SkillAssessment
    from tests.factories import SkillFactory

    _more_assessed_candidates(opening, library, count)
    applications = list(opening.applications.order_by("-pk").values_list("pk", flat=True)[:count])
    scorecards = Rating.objects.filter(
        scorecard__assignment__application__in=applications
    ).values_list("scorecard_id", "pk")
    Flag.objects.bulk_create(
        Flag(scorecard_id=scorecard, rating_id=rating, severity=severity, evidence="Seen.")
        for scorecard, rating in scorecards
        for severity in (Severity.RED, Severity.ORANGE)
    )
    skill = SkillFactory()
    SkillAssessment.objects.bulk_create(
        SkillAssessment(
            application_id=pk, skill=skill, holding="holds", evidence="Seen.", recorded_by=manager
        )
        for pk in applications
    )
    calibration_run()
    return applications


def _count(client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries), "\n".join(q["sql"] for q in captured.captured_queries)


PAGES_OF_A_CHOSEN_SET = {
    "comparison, default": ("comparison", False),
    "comparison, picked": ("comparison", True),
    "comparison chart, default": ("comparison-chart", False),
    "comparison chart, picked": ("comparison-chart", True),
    "packet, whole opening": ("packet", False),
    "packet, picked": ("packet", True),
}


@pytest.mark.parametrize("page", PAGES_OF_A_CHOSEN_SET)
def test_the_page_takes_the_same_sixteen_queries_or_fewer_for_3_and_30_candidates(
    client, process, people, library, page
):
    """The default shows every candidate read (3, then the at most 12 or 20 of 30) and a pick
    names 3, then 12: the page renders more while its query count stays put."""
    name, picks = PAGES_OF_A_CHOSEN_SET[page]
    url = reverse(name, args=[process.opening.pk])
    client.force_login(people.manager)
    counted = []
    for count, picked in ((3, 3), (27, 12)):
        ids = _candidates_with_everything(process.opening, library, people.manager, count)
        query = "?" + "&".join(f"a={pk}" for pk in ids[:picked]) if picks else ""
        counted.append(_count(client, url + query))
    (small, small_queries), (large, queries) = counted
    assert small == large, (
        f"{small} queries for 3 candidates, {large} for 30:\n{small_queries}\n---\n{queries}"
    )
    assert large <= PAGE_QUERY_BOUND, queries


def test_the_whole_opening_packet_says_what_it_holds_when_it_is_bounded(
    client, process, people, library, monkeypatch
):
    from panelist.decisions import support_views

    monkeypatch.setattr(support_views, "PICKER_SIZE", 3)
    _more_assessed_candidates(process.opening, library, 5)
    client.force_login(people.manager)
    page = client.get(reverse("packet", args=[process.opening.pk])).content.decode()
    assert page.count('class="packet-page"') == 3
    text = " ".join(page.split())
    assert "of the 3 most recently added of the 6 candidates" in text
    assert "A packet holds at most 20 candidates" in text


def test_the_default_leaves_out_decided_candidates_and_the_picker_says_which_they_are(
    client, process, people, library
):
    from panelist.hiring.models import Stage

    _more_assessed_candidates(process.opening, library, 2)
    decided, in_play = process.opening.applications.exclude(pk=process.application.pk)
    decided.stage = Stage.DECIDED
    decided.save()
    client.force_login(people.manager)
    url = reverse("comparison", args=[process.opening.pk])
    page = client.get(url).content.decode()
    assert f'value="{in_play.pk}" checked' in page
    assert f'value="{decided.pk}">' in page and "· decided" in page
    picked = client.get(url, {"a": decided.pk}).content.decode()
    assert f'value="{decided.pk}" checked' in picked
