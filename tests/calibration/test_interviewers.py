"""The Interviewers page reads each interviewer's figures as the calibration run stored them."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from panelist.calibration import services
from panelist.calibration.models import CalibrationRun, InterviewerSummary
from panelist.decisions.models import CommitteeRecommendation
from panelist.interviews.models import Recommendation, Scorecard
from tests import factories
from tests.querycount import assert_queries_do_not_grow, is_header_counts

INTERVIEWERS = reverse("calibration-interviewers")
R = Recommendation


@pytest.fixture
def hand_made(process, people):
    """Ana and Bo on four candidates' committees, both submitted, with times set by hand:

    candidate   Ana      committee    scheduled → submitted   due
    1           yes      yes          2 h                     24 h (on time)
    2           no       yes          30 h                    24 h (late)
    3           strong   strong yes   5 h                     none
    4           yes      none         not scheduled           none
    5           yes      (Bo still drafting: not read at all)
    """
    ana = factories.UserFactory(username="ana")
    bo = factories.UserFactory(username="bo")
    base = timezone.now() - timedelta(days=10)
    plan = [
        (R.YES, R.YES, 2, 24),
        (R.NO, R.YES, 30, 24),
        (R.STRONG_YES, R.STRONG_YES, 5, None),
        (R.YES, None, None, None),
    ]
    for ana_says, committee, hours, due in plan:
        application = factories.ApplicationFactory(opening=process.opening)
        mine = factories.AssignmentFactory(application=application, member=ana)
        card = factories.write_scorecard(mine, recommendation=ana_says, submit=True)
        factories.write_scorecard(
            factories.AssignmentFactory(application=application, member=bo), submit=True
        )
        mine.scheduled_at = base if hours is not None else None
        mine.feedback_due = base + timedelta(hours=due) if due else None
        mine.save()
        if hours is not None:
            Scorecard.objects.filter(pk=card.pk).update(submitted_at=base + timedelta(hours=hours))
        if committee:
            CommitteeRecommendation.objects.create(
                application=application, recommendation=committee, recorded_by=people.manager
            )
    drafting = factories.ApplicationFactory(opening=process.opening)
    factories.write_scorecard(
        factories.AssignmentFactory(application=drafting, member=ana), submit=True
    )
    factories.write_scorecard(factories.AssignmentFactory(application=drafting, member=bo))
    return ana, bo


def _row(page: str, name: str) -> str:
    match = re.search(rf'<th scope="row">{name}</th>(.*?)</tr>', page, re.S)
    assert match, f"no row for {name}"
    return re.sub(r"[ \n]+", " ", match.group(1))


def test_the_run_stores_what_the_page_used_to_compute_on_each_request(client, hand_made, people):
    ana, bo = hand_made
    run = services.calibration_run()
    stored = InterviewerSummary.objects.get(run=run, interviewer=ana)
    assert (stored.scorecards, stored.compared, stored.agree) == (4, 3, 2)
    assert (stored.with_due, stored.on_time) == (2, 1)
    assert stored.timed == 3 and stored.median_hours == pytest.approx(5)
    assert stored.agreement == pytest.approx(2 / 3) and stored.timeliness == 0.5
    assert InterviewerSummary.objects.get(run=run, interviewer=bo).scorecards == 4
    client.force_login(people.manager)
    ana_row = _row(client.get(INTERVIEWERS).content.decode(), "Ana")
    assert "<td>4</td>" in ana_row
    assert '67\u00a0% <span class="small muted">(2 of 3)</span>' in ana_row
    assert '50\u00a0% <span class="small muted">(1 of 2)</span>' in ana_row
    assert "<td>5 h</td>" in ana_row


def test_agreement_stays_hidden_below_three_compared_scorecards(client, hand_made, people):
    _, bo = hand_made
    run = services.calibration_run()
    InterviewerSummary.objects.filter(run=run, interviewer=bo).update(compared=2, agree=2)
    client.force_login(people.manager)
    bo_row = _row(client.get(INTERVIEWERS).content.decode(), "Bo")
    assert "too few to compare (2)" in bo_row and "100" not in bo_row


def test_scorecards_submitted_after_the_run_are_counted_as_not_in_its_figures(
    client, hand_made, process, people
):
    ana, bo = hand_made
    services.calibration_run()
    client.force_login(people.manager)
    assert "submitted since that run" not in client.get(INTERVIEWERS).content.decode()
    later = factories.ApplicationFactory(opening=process.opening)
    for member in (ana, bo):
        factories.write_scorecard(
            factories.AssignmentFactory(application=later, member=member), submit=True
        )
    page = client.get(INTERVIEWERS).content.decode()
    assert "<td>4</td>" in _row(page, "Ana")  # the run's count, not today's five
    assert "2 scorecards were submitted since that run and are not in these figures" in page
    assert "calibration run of" in page


def test_the_page_reads_no_scorecard_beyond_counting_those_since_the_run(
    client, hand_made, process, people
):
    ana, bo = hand_made
    services.calibration_run()
    client.force_login(people.admin)

    def grow(copies):
        for _ in range(copies):
            application = factories.ApplicationFactory(opening=process.opening)
            for member in (ana, bo):
                factories.write_scorecard(
                    factories.AssignmentFactory(application=application, member=member),
                    submit=True,
                )

    assert_queries_do_not_grow(client, INTERVIEWERS, grow=grow)
    with CaptureQueriesContext(connection) as queries:
        client.get(INTERVIEWERS)
    header = [q["sql"] for q in queries.captured_queries if is_header_counts(q["sql"])]
    touching = [
        q["sql"]
        for q in queries.captured_queries
        if "interviews_" in q["sql"] and q["sql"] not in header
    ]
    assert len(touching) == 1 and touching[0].startswith("SELECT COUNT(*)"), touching
    # The header's counts read whether scorecards are submitted, nothing of what they hold.
    assert len(header) == 1 and "evidence" not in header[0] and "interviews_rating" not in header[0]


def test_the_interviewer_list_pages_by_25_with_counts(client, library, people):
    run = CalibrationRun.objects.create(scorecards=60, seconds=0.1)
    for number in range(27):
        interviewer = factories.UserFactory(
            username=f"i{number:02d}", first_name=f"Interviewer {number:02d}"
        )
        InterviewerSummary.objects.create(
            run=run,
            interviewer=interviewer,
            scorecards=2,
            compared=0,
            agree=0,
            with_due=0,
            on_time=0,
            timed=0,
        )
    client.force_login(people.manager)
    first = client.get(INTERVIEWERS).content.decode()
    assert "Interviewers 1\u201325 of 27 (page 1 of 2)" in first
    assert "Interviewer 00" in first and "Interviewer 24" in first
    assert "Interviewer 25" not in first
    assert 'href="?page=2" rel="next"' in first
    second = client.get(INTERVIEWERS, {"page": 2}).content.decode()
    assert "Interviewers 26\u201327 of 27 (page 2 of 2)" in second
    assert "Interviewer 26" in second and "Interviewer 00" not in second
    assert client.get(INTERVIEWERS, {"page": "x" * 50}).status_code == 200  # page 1


def test_a_run_from_before_stored_figures_asks_for_a_new_run(client, library, people):
    CalibrationRun.objects.create(scorecards=12, seconds=0.1)
    client.force_login(people.admin)
    page = client.get(INTERVIEWERS).content.decode()
    assert "stored before runs kept each interviewer's figures" in page
    assert "Run the calibration again to see them." in page
