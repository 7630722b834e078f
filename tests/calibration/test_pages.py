import re

import pytest
from django.urls import reverse

from panelist.access.models import BlindMode, OrganisationSettings
from panelist.access.permissions import calibrated_applications
from panelist.calibration import services
from panelist.calibration.models import CalibrationRun
from tests import factories
from tests.querycount import assert_queries_do_not_grow

INTERVIEWERS = reverse("calibration-interviewers")


def test_the_interviewer_page_is_for_admins_and_hiring_managers(client, process, people):
    for user in (people.member, people.recruiter, people.outsider):
        client.force_login(user)
        assert client.get(INTERVIEWERS).status_code == 404
    for user in (people.admin, people.manager):
        client.force_login(user)
        page = client.get(INTERVIEWERS)
        assert page.status_code == 200
        assert b"No calibration has been run yet" in page.content
    client.logout()
    assert client.get(INTERVIEWERS).status_code == 302


def test_the_page_shows_leniency_with_intervals_and_says_why_a_target_was_not_fitted(
    client, rated_history, people
):
    services.calibration_run()
    client.force_login(people.manager)
    page = client.get(INTERVIEWERS).content.decode()
    for username in ("lenient", "middle", "also-middle", "severe"):
        assert f'<th scope="row">{username.capitalize()}</th>' in page
    assert '<span class="badge orange">lenient</span>' in page
    assert "Leniency by dimension" in page and "Coding" in page
    assert "Not fitted.</strong> No submitted ratings yet." in page  # people skills
    intervals = re.findall(r"([+\u2212]?\d\.\d\d) to ([+\u2212]?\d\.\d\d)", page)
    assert len(intervals) >= 4 * 2  # each interviewer, overall and coding
    assert "Agrees with committee" in page


def test_only_admins_run_a_calibration_from_the_page_and_only_by_post(client, process, people):
    factories.write_scorecard(process.assignment, submit=True)
    run_url = reverse("calibration-run")
    client.force_login(people.manager)
    assert client.post(run_url).status_code == 404
    assert not CalibrationRun.objects.exists()
    client.force_login(people.admin)
    assert client.get(run_url).status_code == 405
    answer = client.post(run_url, follow=True)
    assert answer.redirect_chain[-1][0] == INTERVIEWERS
    assert b"0 of 6 targets fitted" in answer.content
    assert CalibrationRun.objects.get().started_by == people.admin


def test_the_interviewer_page_query_count_does_not_grow(client, rated_history, people, library):
    opening, _, raters = rated_history
    client.force_login(people.admin)

    def grow(n):
        for _ in range(n):
            application = factories.ApplicationFactory(opening=opening)
            for rater in list(raters.values())[:2]:
                factories.write_scorecard(
                    factories.AssignmentFactory(application=application, member=rater),
                    submit=True,
                )
            factories.write_scorecard(
                factories.AssignmentFactory(application=application), submit=True
            )  # a new interviewer each time
        services.calibration_run()

    assert_queries_do_not_grow(client, INTERVIEWERS, grow=grow)


CALIBRATED_NUMBER = re.compile(rb"calibrated \d\.\d\d")


def _shows_calibrated_numbers(client, application) -> bool:
    page = client.get(reverse("debrief", args=[application.pk]))
    assert page.status_code == 200
    return bool(CALIBRATED_NUMBER.search(page.content))


def test_debrief_and_comparison_show_calibrated_scores_beside_the_raw(
    client, rated_history, people
):
    opening, applications, _ = rated_history
    services.calibration_run()
    client.force_login(people.manager)
    debrief = client.get(reverse("debrief", args=[applications[0].pk])).content
    assert b"Mechanical aggregate" in debrief
    assert len(CALIBRATED_NUMBER.findall(debrief)) == 2  # coding and the recommendation
    comparison = client.get(reverse("comparison", args=[opening.pk])).content
    assert len(CALIBRATED_NUMBER.findall(comparison)) == 2 * len(applications)
    assert b"leniency taken out" in comparison


def test_a_reader_who_became_blind_after_the_run_sees_no_calibrated_figure(
    client, rated_history, people
):
    _, applications, _ = rated_history
    services.calibration_run()
    client.force_login(people.manager)
    assert _shows_calibrated_numbers(client, applications[0])
    # the manager joins the first candidate's committee after the run: blind there now
    factories.AssignmentFactory(application=applications[0], member=people.manager)
    assert not _shows_calibrated_numbers(client, applications[0])
    assert _shows_calibrated_numbers(client, applications[1])
    ids = [a.pk for a in applications]
    assert calibrated_applications(people.manager, ids) == set(ids[1:])


def test_scorecards_submitted_after_the_run_mark_the_scores_stale(client, rated_history, people):
    _, applications, raters = rated_history
    services.calibration_run()
    late = factories.AssignmentFactory(
        application=applications[0],
        member=raters["severe"],
        format_key="behavioural-story",
        dimensions=["people"],
    )
    factories.write_scorecard(late, submit=True)
    client.force_login(people.manager)
    stale = client.get(reverse("debrief", args=[applications[0].pk])).content
    fresh = client.get(reverse("debrief", args=[applications[1].pk])).content
    assert b"submitted since that run" in stale and b"submitted since that run" not in fresh


def test_when_members_only_ever_see_their_own_they_never_read_calibrated_scores(
    rated_history, people
):
    _, applications, raters = rated_history
    settings = OrganisationSettings.current()
    settings.blind_mode = BlindMode.NEVER
    settings.save()
    ids = [a.pk for a in applications]
    assert calibrated_applications(raters["middle"], ids) == set()
    assert calibrated_applications(people.manager, ids) == set(ids)
    assert calibrated_applications(people.recruiter, ids) == set()


@pytest.mark.parametrize("url_name", ["debrief", "comparison"])
def test_pages_say_when_there_is_no_calibration_yet(client, rated_history, people, url_name):
    opening, applications, _ = rated_history
    client.force_login(people.manager)
    arg = applications[0].pk if url_name == "debrief" else opening.pk
    page = client.get(reverse(url_name, args=[arg]))
    assert b"Calibrated scores: none yet" in page.content
